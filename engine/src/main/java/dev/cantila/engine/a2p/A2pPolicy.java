package dev.cantila.engine.a2p;

import dev.cantila.engine.config.A2pSettings;
import dev.cantila.engine.config.A2pSettings.Enforcement;
import dev.cantila.engine.phone.PhoneNumbers;
import dev.cantila.engine.sms.SendPolicy;
import dev.cantila.engine.storage.Database;
import dev.cantila.engine.telephony.SmsErrorCodes;
import io.helidon.dbclient.DbRow;

import java.time.Clock;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;

/**
 * What registration changes at send time (the SMS send path asks through {@link SendPolicy}):
 * <ul>
 *   <li><b>Registration</b> ({@code cantila.a2p.enforcement}): a message from a US local number to a US number needs
 *       the number REGISTERED to a VERIFIED campaign of an APPROVED brand ({@code unregistered_10dlc}); from a
 *       toll-free number, an APPROVED toll-free verification ({@code unverified_tollfree}). {@code enforce} fails the
 *       message with that code; {@code warn} sends it, records the warning in its history and emits
 *       {@code a2p.warning}; {@code off} checks nothing. A number whose brand the registry SUSPENDED is no longer
 *       registered: it fails (or warns) with {@code brand_suspended} instead, saying why.</li>
 *   <li><b>Throughput</b>: a registered number draws from its brand's bucket at the brand's tier rate, shared by all
 *       the brand's registered numbers; other numbers keep their own rate by number type.</li>
 *   <li><b>Daily cap</b>: a brand hands at most its tier's cap to the carrier per UTC day; the next message waits,
 *       queued, until 00:00 UTC with the reason in its history.</li>
 *   <li><b>Keywords</b>: STOP, START and HELP texted to a number of a VERIFIED campaign, and the campaign's own
 *       opt-out, opt-in and help keywords, are answered with the campaign's opt-out, opt-in and help messages; a
 *       word in more than one of its lists counts as opt-out first, then help, then opt-in.</li>
 * </ul>
 */
final class A2pPolicy implements SendPolicy {
    private static final String REGISTRATION = "SELECT b.id AS brand_id, b.entity_type, b.trust_score"
            + " FROM a2p_campaign_numbers n JOIN a2p_campaigns c ON c.id = n.campaign_id"
            + " JOIN a2p_brands b ON b.id = c.brand_id"
            + " WHERE n.e164 = ? AND n.status = 'REGISTERED' AND c.status = 'VERIFIED' AND b.status = 'APPROVED'";
    /** The brand (and the registry's reason) when the number's registration stands but its brand is suspended. */
    private static final String SUSPENDED = "SELECT b.id AS brand_id, b.failure_reasons"
            + " FROM a2p_campaign_numbers n JOIN a2p_campaigns c ON c.id = n.campaign_id"
            + " JOIN a2p_brands b ON b.id = c.brand_id"
            + " WHERE n.e164 = ? AND n.status = 'REGISTERED' AND c.status = 'VERIFIED' AND b.status = 'SUSPENDED'";

    /** How long what the registry says about a sender is reused by the dispatcher (every A2P move here clears it). */
    static final long CACHE_MILLIS = 1000;

    private final Database db;
    private final Clock clock;
    private final A2pSettings settings;
    private final TrustTier.Table tiers;
    private final A2pEvents events;
    private final Map<String, Sender> senders = new ConcurrentHashMap<>();

    A2pPolicy(Database db, Clock clock, A2pSettings settings, A2pEvents events) {
        this.db = db;
        this.clock = clock;
        this.settings = settings;
        this.tiers = new TrustTier.Table(settings);
        this.events = events;
    }

    private record Registration(String brandId, TrustTier tier) {
    }

    /**
     * A sending number as the registry sees it: registered (to which brand), else its country and type, and why its
     * brand is suspended when it is (null otherwise).
     */
    private record Sender(Optional<Registration> registration, String country, String type, boolean verified,
                          String suspended, long until) {
    }

    /** Forgets what was cached: a registration changed in this instance. */
    void changed() {
        senders.clear();
    }

    /**
     * The sender's state, read at most every {@link #CACHE_MILLIS} per sender: the dispatcher asks for every sender
     * in every pass and for every message, and registration changes are rare. Other instances' changes show within
     * that time.
     */
    private Sender sender(String e164) {
        long now = clock.millis();
        Sender s = senders.get(e164);
        if (s != null && s.until() > now) {
            return s;
        }
        Optional<Registration> r = Database.one(db.exec(), REGISTRATION, (DbRow row) -> new Registration(
                Database.str(row, "brand_id"), TrustTier.of(Database.str(row, "entity_type"),
                Database.value(row, "trust_score") == null ? null : Database.integer(row, "trust_score"))), e164);
        DbRow number = Database.one(db.exec(), "SELECT country, number_type FROM numbers WHERE e164 = ?", x -> x, e164)
                .orElse(null);
        boolean verified = Database.one(db.exec(), "SELECT id FROM a2p_tollfree WHERE e164 = ? AND status = 'APPROVED'",
                x -> x, e164).isPresent();
        String suspended = r.isPresent() ? null : Database.one(db.exec(), SUSPENDED, row -> "brand "
                + Database.str(row, "brand_id") + " of " + e164 + " is SUSPENDED by the registry ("
                + Database.str(row, "failure_reasons") + ")", e164).orElse(null);
        s = new Sender(r, number == null ? "" : Database.str(number, "country"),
                number == null ? "" : Database.str(number, "number_type"), verified, suspended, now + CACHE_MILLIS);
        if (senders.size() > 10_000) {
            senders.clear();
        }
        senders.put(e164, s);
        return s;
    }

    private Optional<Registration> registration(String e164) {
        return sender(e164).registration();
    }

    @Override
    public Optional<SharedRate> sharedRate(String sender) {
        return registration(sender).map(r -> new SharedRate(r.brandId(), tiers.rate(r.tier())));
    }

    @Override
    public Verdict admit(String messageId, String projectId, String from, String to, long now) {
        Optional<Registration> registered = registration(from);
        if (registered.isPresent()) {
            return withinDailyCap(registered.get(), now);
        }
        if (settings.enforcement() == Enforcement.OFF || !"US".equals(PhoneNumbers.regionOf(to))) {
            return Verdict.SEND;
        }
        Sender number = sender(from);
        if (!"US".equals(number.country())) {
            return Verdict.SEND;
        }
        String code;
        String why;
        switch (number.type()) {
            case "local" -> {
                if (number.suspended() != null) {
                    code = SmsErrorCodes.BRAND_SUSPENDED;
                    why = number.suspended();
                    break;
                }
                code = SmsErrorCodes.UNREGISTERED_10DLC;
                why = from + " is not registered to a VERIFIED 10DLC campaign of an APPROVED brand"
                        + campaignState(from);
            }
            case "tollfree" -> {
                if (number.verified()) {
                    return Verdict.SEND;
                }
                code = SmsErrorCodes.UNVERIFIED_TOLLFREE;
                why = "toll-free number " + from + " has no APPROVED toll-free verification";
            }
            default -> {
                return Verdict.SEND;
            }
        }
        if (settings.enforcement() == Enforcement.ENFORCE) {
            return new Fail(code, why);
        }
        return new Send(code, code + ": " + why + " (sent because cantila.a2p.enforcement is warn)");
    }

    /** The {@code a2p.warning} event, in the transaction that records the warning on the message. */
    @Override
    public void warned(java.sql.Connection tx, String messageId, String projectId, String from, String to,
                       Send warning) {
        Map<String, Object> data = new LinkedHashMap<>();
        data.put("messageId", messageId);
        data.put("code", warning.code());
        data.put("message", warning.warning());
        data.put("from", from);
        data.put("to", to);
        // about the sending number (the message's own resource sequence stays its sms.status events')
        events.emit(tx, projectId, "a2p.warning", from, data);
    }

    /** Why a number is not registered, when it is attached to a campaign. */
    private String campaignState(String e164) {
        return Database.one(db.exec(), "SELECT n.status AS n_status, c.id AS campaign_id, c.status AS c_status,"
                        + " b.id AS brand_id, b.status AS b_status FROM a2p_campaign_numbers n JOIN a2p_campaigns c"
                        + " ON c.id = n.campaign_id JOIN a2p_brands b ON b.id = c.brand_id WHERE n.e164 = ?",
                r -> " (number " + Database.str(r, "n_status") + " in campaign " + Database.str(r, "campaign_id") + " "
                        + Database.str(r, "c_status") + ", brand " + Database.str(r, "brand_id") + " "
                        + Database.str(r, "b_status") + ")", e164).orElse("");
    }

    private Verdict withinDailyCap(Registration r, long now) {
        int cap = tiers.dailyCap(r.tier());
        if (cap <= 0) {
            return Verdict.SEND;
        }
        LocalDate day = Instant.ofEpochMilli(now).atZone(ZoneOffset.UTC).toLocalDate();
        long dayStart = day.atStartOfDay(ZoneOffset.UTC).toInstant().toEpochMilli();
        if (Database.update(db.exec(), "UPDATE a2p_daily_counts SET sent = sent + 1 WHERE brand_id = ? AND day_start = ?"
                + " AND sent < ?", r.brandId(), dayStart, cap) == 1) {
            return Verdict.SEND;
        }
        try {
            Database.update(db.exec(), "INSERT INTO a2p_daily_counts (brand_id, day_start, sent) VALUES (?, ?, 1)",
                    r.brandId(), dayStart);
            return Verdict.SEND;
        } catch (RuntimeException e) {
            if (!Database.isUniqueViolation(e)) {
                throw e;
            }
        }
        Instant next = day.plusDays(1).atStartOfDay(ZoneOffset.UTC).toInstant();
        return new Wait(next.toEpochMilli(), "a2p: brand " + r.brandId() + " reached its daily cap of " + cap
                + " messages (tier " + r.tier().wire() + ") for " + day + " UTC; waits until " + next);
    }

    @Override
    public Optional<String> keyword(String number, String word) {
        return Database.one(db.exec(), "SELECT c.opt_out_keywords, c.help_keywords, c.opt_in_keywords"
                + " FROM a2p_campaign_numbers n JOIN a2p_campaigns c ON c.id = n.campaign_id"
                + " WHERE n.e164 = ? AND c.status = 'VERIFIED'", (DbRow r) -> {
                    if (Campaign.words(Database.str(r, "opt_out_keywords")).contains(word)) {
                        return Optional.of("opt_out");
                    }
                    if (Campaign.words(Database.str(r, "help_keywords")).contains(word)) {
                        return Optional.of("help");
                    }
                    return Campaign.words(Database.str(r, "opt_in_keywords")).contains(word) ? Optional.of("opt_in")
                            : Optional.<String>empty();
                }, number).flatMap(o -> o);
    }

    @Override
    public Optional<String> keywordReply(String number, String keyword) {
        String column = switch (keyword) {
            case "opt_out" -> "opt_out_message";
            case "opt_in" -> "opt_in_message";
            case "help" -> "help_message";
            default -> null;
        };
        if (column == null) {
            return Optional.empty();
        }
        return Database.one(db.exec(), "SELECT c." + column + " AS answer FROM a2p_campaign_numbers n"
                        + " JOIN a2p_campaigns c ON c.id = n.campaign_id WHERE n.e164 = ? AND c.status = 'VERIFIED'",
                r -> Optional.ofNullable(Database.str(r, "answer")), number).flatMap(o -> o);
    }
}
