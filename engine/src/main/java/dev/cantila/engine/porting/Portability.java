package dev.cantila.engine.porting;

import com.google.i18n.phonenumbers.NumberParseException;
import com.google.i18n.phonenumbers.PhoneNumberUtil;
import com.google.i18n.phonenumbers.Phonenumber;
import dev.cantila.engine.numbers.Numbers;
import dev.cantila.engine.storage.Database;
import dev.cantila.webhooks.storage.Jdbc;

import java.sql.Connection;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * Whether numbers can be ported in, each with the reason when not: {@code invalid_number} (libphonenumber does
 * not accept it), {@code unsupported_country} (not US, CA or GB), {@code unsupported_type} (premium, shared cost,
 * VoIP, pager…), {@code tollfree_carrier_unsupported} (a toll-free number whose RespOrg we have no agreement with:
 * in the simulation, the 888 prefix), {@code on_platform} (held, aging or in the catalog here already) and
 * {@code in_port} (in another active port-in).
 */
public final class Portability {
    public static final int MAX_NUMBERS = 1000;
    private static final PhoneNumberUtil UTIL = PhoneNumberUtil.getInstance();

    private final Database db;

    public Portability(Database db) {
        this.db = db;
    }

    /** The verdict on one number; {@code e164}, {@code country} and {@code numberType} are null when it does not parse. */
    public record Check(String number, String e164, boolean portable, String reason, String country,
                        String numberType) {
    }

    /** What libphonenumber says of a number: its E.164 form, region and our number type (null when unsupported). */
    record Parsed(String raw, String e164, String country, String numberType, String reason) {
    }

    public List<Check> check(List<String> numbers) {
        List<Parsed> parsed = numbers.stream().map(Portability::parse).toList();
        List<String> valid = parsed.stream().filter(p -> p.e164() != null).map(Parsed::e164).distinct().toList();
        Map<String, String> taken = db.inJdbcTx(c -> taken(c, valid));
        List<Check> out = new ArrayList<>();
        for (Parsed p : parsed) {
            String reason = p.reason() != null ? p.reason() : taken.get(p.e164());
            out.add(new Check(p.raw(), p.e164(), reason == null, reason, p.country(), p.numberType()));
        }
        return out;
    }

    /** {@code on_platform} or {@code in_port} for each of {@code e164s} that is, read on {@code c}. */
    static Map<String, String> taken(Connection c, List<String> e164s) throws SQLException {
        Map<String, String> taken = new HashMap<>();
        if (e164s.isEmpty()) {
            return taken;
        }
        Object[] args = e164s.toArray();
        String in = "(" + Database.placeholders(args.length) + ")";
        for (String e : Jdbc.query(c, "SELECT e164 FROM port_in_active WHERE e164 IN " + in, rs -> rs.getString(1), args)) {
            taken.put(e, "in_port");
        }
        for (String e : Jdbc.query(c, "SELECT e164 FROM numbers WHERE e164 IN " + in, rs -> rs.getString(1), args)) {
            taken.put(e, "on_platform");
        }
        return taken;
    }

    static Parsed parse(String raw) {
        Phonenumber.PhoneNumber n;
        try {
            n = UTIL.parse(raw, raw.startsWith("+") ? null : "US");
        } catch (NumberParseException e) {
            return new Parsed(raw, null, null, null, "invalid_number");
        }
        if (!UTIL.isValidNumber(n)) {
            return new Parsed(raw, null, null, null, "invalid_number");
        }
        String e164 = UTIL.format(n, PhoneNumberUtil.PhoneNumberFormat.E164);
        String country = UTIL.getRegionCodeForNumber(n);
        String type = switch (UTIL.getNumberType(n)) {
            case MOBILE -> "mobile";
            case FIXED_LINE, FIXED_LINE_OR_MOBILE -> "local";
            case TOLL_FREE -> "tollfree";
            default -> null;
        };
        String reason = null;
        if (!Numbers.COUNTRIES.contains(country)) {
            reason = "unsupported_country";
        } else if (type == null) {
            reason = "unsupported_type";
        } else if (type.equals("tollfree") && e164.startsWith("+1888")) {
            reason = "tollfree_carrier_unsupported";
        }
        return new Parsed(raw, e164, country, type, reason);
    }
}
