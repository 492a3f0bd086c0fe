package dev.cantila.engine.a2p;

import dev.cantila.engine.core.ApiException;
import dev.cantila.engine.http.JsonRequest;
import dev.cantila.engine.http.Limits;
import dev.cantila.webhooks.outbound.TargetPolicy;

import java.util.Set;
import java.util.function.Supplier;
import java.util.regex.Pattern;

/**
 * A brand as registered: the fields of {@code POST /v1/a2p/brands}, checked at the edge (each failure a 400 naming
 * the field). {@link #parse} reads a create, or a {@code PATCH} over an existing brand (absent fields keep their
 * value; {@code address} and {@code contact} are replaced whole), and then checks the rules that tie fields
 * together (EIN by entity type, stock listing only for public companies).
 */
record BrandInput(String entityType, String companyName, String displayName, String ein, String country,
                  String vertical, String website, String email, String phone, String street, String city,
                  String state, String postalCode, String stockSymbol, String stockExchange, String contactName,
                  String contactEmail, String contactPhone) {

    static final String[] FIELDS = {"entityType", "companyName", "displayName", "ein", "country", "vertical",
            "website", "email", "phone", "address", "stockSymbol", "stockExchange", "contact"};
    static final Set<String> ENTITY_TYPES = Set.of("PRIVATE_PROFIT", "PUBLIC_PROFIT", "NON_PROFIT", "GOVERNMENT",
            "SOLE_PROPRIETOR");
    static final Set<String> VERTICALS = Set.of("AGRICULTURE", "COMMUNICATION", "CONSTRUCTION", "EDUCATION",
            "ENERGY", "ENTERTAINMENT", "FINANCIAL", "GAMBLING", "GOVERNMENT", "HEALTHCARE", "HOSPITALITY",
            "HUMAN_RESOURCES", "INSURANCE", "LEGAL", "MANUFACTURING", "NGO", "POLITICAL", "POSTAL", "PROFESSIONAL",
            "REAL_ESTATE", "RETAIL", "TECHNOLOGY", "TRANSPORTATION");
    static final Set<String> EXCHANGES = Set.of("NASDAQ", "NYSE", "AMEX", "ASX", "B3", "BME", "BSE", "FRA", "ICEX",
            "JPX", "JSE", "KRX", "LON", "NSE", "OMX", "SEHK", "SSE", "STO", "SWX", "SZSE", "TSX", "TWSE", "VSE");
    private static final Pattern EIN = Pattern.compile("\\d{2}-\\d{7}");
    private static final Pattern COUNTRY = Pattern.compile("[A-Z]{2}");
    private static final Pattern SYMBOL = Pattern.compile("[A-Z][A-Z0-9.]{0,9}");

    boolean soleProprietor() {
        return "SOLE_PROPRIETOR".equals(entityType);
    }

    /** Reads a create ({@code base} null) or a patch over {@code base}. */
    static BrandInput parse(JsonRequest b, BrandInput base, TargetPolicy targets) {
        String type = pick(b, "entityType", () -> Fields.oneOf(b, "entityType", ENTITY_TYPES, true), base,
                BrandInput::entityType);
        String company = pick(b, "companyName", () -> Fields.text(b, "companyName", 1, Limits.A2P_NAME), base,
                BrandInput::companyName);
        String display = pick(b, "displayName", () -> Fields.optText(b, "displayName", 1, Limits.A2P_NAME), base,
                BrandInput::displayName);
        String ein = pick(b, "ein", () -> ein(b), base, BrandInput::ein);
        String country = pick(b, "country", () -> country(b), base, BrandInput::country);
        String vertical = pick(b, "vertical", () -> Fields.oneOf(b, "vertical", VERTICALS, true), base,
                BrandInput::vertical);
        String website = pick(b, "website", () -> website(b, targets), base, BrandInput::website);
        String email = pick(b, "email", () -> Fields.email(b, "email"), base, BrandInput::email);
        String phone = pick(b, "phone", () -> Fields.phone(b, "phone"), base, BrandInput::phone);
        String symbol = pick(b, "stockSymbol", () -> symbol(b), base, BrandInput::stockSymbol);
        String exchange = pick(b, "stockExchange", () -> Fields.oneOf(b, "stockExchange", EXCHANGES, false), base,
                BrandInput::stockExchange);
        BrandInput in;
        if (base == null || b.has("address") || b.has("contact")) {
            JsonRequest address = base == null || b.has("address") ? object(b, "address",
                    "street", "city", "state", "postalCode") : null;
            JsonRequest contact = base == null || b.has("contact") ? object(b, "contact", "name", "email", "phone")
                    : null;
            in = new BrandInput(type, company, display, ein, country, vertical, website, email, phone,
                    address == null ? base.street() : Fields.text(address, "street", 1, Limits.A2P_NAME),
                    address == null ? base.city() : Fields.text(address, "city", 1, Limits.A2P_CITY),
                    address == null ? base.state() : Fields.text(address, "state", 1, Limits.A2P_STATE),
                    address == null ? base.postalCode() : Fields.text(address, "postalCode", 1, Limits.A2P_POSTAL_CODE),
                    symbol, exchange,
                    contact == null ? base.contactName() : Fields.text(contact, "name", 1, Limits.A2P_CONTACT_NAME),
                    contact == null ? base.contactEmail() : Fields.email(contact, "email"),
                    contact == null ? base.contactPhone() : Fields.phone(contact, "phone"));
        } else {
            in = new BrandInput(type, company, display, ein, country, vertical, website, email, phone, base.street(),
                    base.city(), base.state(), base.postalCode(), symbol, exchange, base.contactName(),
                    base.contactEmail(), base.contactPhone());
        }
        return in.checked();
    }

    /** The rules between fields, as the registry applies them at submission. */
    private BrandInput checked() {
        if (!soleProprietor() && ein == null) {
            throw ApiException.invalid("ein", "ein is required for " + entityType + " brands (format NN-NNNNNNN)");
        }
        if (!soleProprietor() && website == null) {
            throw ApiException.invalid("website", "website is required for " + entityType + " brands");
        }
        boolean listed = "PUBLIC_PROFIT".equals(entityType);
        if (listed && stockSymbol == null) {
            throw ApiException.invalid("stockSymbol", "stockSymbol is required for PUBLIC_PROFIT brands");
        }
        if (listed && stockExchange == null) {
            throw ApiException.invalid("stockExchange", "stockExchange is required for PUBLIC_PROFIT brands");
        }
        if (!listed && stockSymbol != null) {
            throw ApiException.invalid("stockSymbol", "only PUBLIC_PROFIT brands have a stockSymbol");
        }
        if (!listed && stockExchange != null) {
            throw ApiException.invalid("stockExchange", "only PUBLIC_PROFIT brands have a stockExchange");
        }
        return this;
    }

    private static <T> T pick(JsonRequest b, String field, Supplier<T> parse, BrandInput base,
                              java.util.function.Function<BrandInput, T> old) {
        return base == null || b.has(field) ? parse.get() : old.apply(base);
    }

    private static JsonRequest object(JsonRequest b, String field, String... fields) {
        JsonRequest o = b.optObject(field);
        if (o == null) {
            throw ApiException.invalid(b.name(field), b.name(field) + " is required (an object with "
                    + String.join(", ", fields) + ")");
        }
        return o.only(fields);
    }

    private static String ein(JsonRequest b) {
        String v = b.optString("ein", 32);
        if (v == null) {
            return null;
        }
        v = v.strip();
        if (!EIN.matcher(v).matches()) {
            throw ApiException.invalid("ein", "ein must be the US employer identification number as NN-NNNNNNN, got '"
                    + v + "'");
        }
        return v;
    }

    private static String country(JsonRequest b) {
        String v = b.string("country", 8).strip().toUpperCase(java.util.Locale.ROOT);
        if (!COUNTRY.matcher(v).matches()) {
            throw ApiException.invalid("country", "country must be an ISO 3166 two-letter code such as US, got '"
                    + v + "'");
        }
        return v;
    }

    private static String website(JsonRequest b, TargetPolicy targets) {
        String v = b.optString("website", Limits.URL);
        return v == null ? null : Fields.url(v, "website", targets);
    }

    private static String symbol(JsonRequest b) {
        String v = b.optString("stockSymbol", Limits.STOCK_SYMBOL);
        if (v == null) {
            return null;
        }
        String up = v.strip().toUpperCase(java.util.Locale.ROOT);
        if (!SYMBOL.matcher(up).matches()) {
            throw ApiException.invalid("stockSymbol", "stockSymbol must be a ticker of 1-10 letters, digits or dots,"
                    + " got '" + v + "'");
        }
        return up;
    }
}
