package dev.cantila.engine.otp;

import dev.cantila.engine.billing.Billing;
import dev.cantila.engine.config.OtpSettings;
import dev.cantila.engine.core.ApiException;
import dev.cantila.engine.core.Ids;
import dev.cantila.engine.core.Money;
import dev.cantila.engine.core.Page;
import dev.cantila.engine.phone.PhoneNumbers;
import dev.cantila.engine.sms.SmsService;
import dev.cantila.engine.storage.Database;
import dev.cantila.engine.voice.VoiceModule;

import java.time.Clock;
import java.util.List;
import java.util.Optional;
import java.util.logging.Logger;

/**
 * Verifications: request (send a code, or re-send the pending one's), verify, cancel, expire. The state machine is
 * {@link OtpStatus}; every move is a compare-and-set in {@link OtpStore} and commits together with its webhook event
 * ({@link OtpEvents}), the code SMS it sends (through the one send path, {@link SmsService#queueSealed}: the row
 * keeps the redacted text) and, for an approval, its charge. The code exists in clear only in memory, between its
 * generation (or its unsealing for a re-send) and the sealed SMS.
 */
public final class Otp {
    private static final Logger LOG = Logger.getLogger(Otp.class.getName());
    private static final String CHARGE_KIND = "otp";
    private static final java.util.Set<String> CHANNELS = java.util.Set.of("sms", "call", "auto");

    private final Database db;
    private final Clock clock;
    private final Ids ids;
    private final OtpSecret secret;
    private final OtpStore store;
    private final SmsService sms;
    private final Billing billing;
    private final OtpSettings settings;
    private final OtpLimits limits;
    private final PumpingGuard guard;
    private final OtpEvents events;
    private final OtpIdempotency idempotency;
    private final OtpCalls calls;
    private final OtpEndings endings;

    /** The collaborators of {@link Otp} (more than a constructor should take one by one). */
    record Parts(Database db, Clock clock, Ids ids, OtpSecret secret, SmsService sms, Billing billing,
                 OtpSettings settings, OtpEvents events, VoiceModule voice) {
    }

    Otp(Parts p) {
        this.db = p.db();
        this.clock = p.clock();
        this.ids = p.ids();
        this.secret = p.secret();
        this.store = new OtpStore(p.db());
        this.sms = p.sms();
        this.billing = p.billing();
        this.settings = p.settings();
        this.limits = new OtpLimits(p.db(), p.clock(), p.settings().limits(), p.settings().fallbackDelay());
        this.guard = new PumpingGuard(p.db(), p.clock(), p.settings().pumping());
        this.events = p.events();
        this.idempotency = new OtpIdempotency(p.db());
        this.calls = new OtpCalls(new OtpCalls.Parts(p.db(), p.clock(), store, p.secret(), p.events(), p.voice()));
        this.endings = new OtpEndings(db, clock, store, secret, sms, events, this::charge);
    }

    /** What {@code POST …/otp/request} asks for; nulls take the defaults. */
    public record Request(String to, String channel, Integer codeLength, Integer ttlSeconds, String locale,
                          String appName, String template, String appHash, String webOtpDomain, String clientIp) {
    }

    /** The verification, and whether the answer replays an earlier request with the same Idempotency-Key. */
    public record Result(Verification verification, boolean replayed) {
    }

    public Result request(String projectId, Request r, String idempotencyKey) {
        OtpIdempotency.check(idempotencyKey);
        String fingerprint = idempotencyKey == null ? null : OtpIdempotency.fingerprint(r);
        if (idempotencyKey != null) {
            Optional<Result> replay = replay(projectId, idempotencyKey, fingerprint);
            if (replay.isPresent()) {
                return replay.get();
            }
        }
        Checked c = check(projectId, r);
        OtpLimits.Policy policy = limits.policy(projectId);
        limits.checkCountry(projectId, c.country(), policy);
        if (guard.blocked(projectId, c.prefix())) {
            throw new ApiException(ApiException.Kind.FORBIDDEN, "prefix_blocked", "codes to " + c.prefix()
                    + "… are blocked for project " + projectId + " by the SMS-pumping guard (see GET …/sms/otp/stats;"
                    + " DELETE …/sms/otp/blocked/" + c.prefix().substring(1) + " lifts it)", "to");
        }
        Optional<OtpStore.Row> pending = store.pending(projectId, c.to()).filter(p -> !endings.expireIfDue(p));
        if (pending.isPresent() && pending.get().sends() >= OtpStore.MAX_SENDS) {
            long wait = (pending.get().expiresAt() - clock.millis() + 999) / 1000;
            throw ApiException.rateLimited("max_sends_reached", "verification " + pending.get().id() + " was sent "
                    + OtpStore.MAX_SENDS + " times; a new code can be requested once it expires", "to", wait);
        }
        limits.checkRates(projectId, c.to(), r.clientIp(), c.country(), policy);
        Verification v;
        try {
            v = pending.isPresent() ? resend(pending.get(), c, r.clientIp(), idempotencyKey, fingerprint)
                    : create(projectId, r, c, idempotencyKey, fingerprint);
        } catch (RuntimeException e) {
            if (!Database.isUniqueViolation(e)) {
                throw e;
            }
            if (idempotencyKey != null) {
                Optional<Result> replay = replay(projectId, idempotencyKey, fingerprint);
                if (replay.isPresent()) {
                    return replay.get();
                }
            }
            // a concurrent first request to this number created its verification first: this one re-sends it
            OtpStore.Row first = store.pending(projectId, c.to()).orElseThrow(() -> e);
            v = resend(first, c, r.clientIp(), idempotencyKey, fingerprint);
        }
        sms.wakeDispatcher();
        events.wake();
        watchForPumping(projectId, c.prefix(), c.country());
        return new Result(v, false);
    }

    /**
     * The request as it will be carried out: the channel asked for (null on a re-send that names none), the SMS
     * sender, the number code calls come from (null when the channel needs none), the destination.
     */
    private record Checked(String channel, String from, String callFrom, String to, String country, String prefix,
                           int codeLength, int ttlSeconds, OtpTemplates.Style style) {
    }

    private Checked check(String projectId, Request r) {
        if (r.to() == null || r.to().isBlank()) {
            throw ApiException.invalid("to", "to is required");
        }
        String channel = r.channel();
        if (channel != null && !CHANNELS.contains(channel)) {
            throw ApiException.invalid("channel", "channel must be sms, call or auto, got '" + channel + "'");
        }
        int length = r.codeLength() == null ? 6 : r.codeLength();
        if (length < Codes.MIN_LENGTH || length > Codes.MAX_LENGTH) {
            throw ApiException.invalid("codeLength", "codeLength must be 4-10, got " + length);
        }
        int ttl = r.ttlSeconds() == null ? 600 : r.ttlSeconds();
        if (ttl < 120 || ttl > 86_400) {
            throw ApiException.invalid("ttlSeconds", "ttlSeconds must be 120-86400, got " + ttl);
        }
        if (r.clientIp() != null && !ClientIps.valid(r.clientIp())) {
            throw ApiException.invalid("clientIp", "clientIp must be an IPv4 or IPv6 address, got '" + r.clientIp() + "'");
        }
        OtpTemplates.Style style = new OtpTemplates.Style(OtpTemplates.language(r.locale()), r.appName(), r.template(),
                r.appHash(), r.webOtpDomain(), ttl);
        OtpTemplates.validate(style);
        String from = sms.defaultSender(projectId);
        String to = PhoneNumbers.toE164(r.to(), PhoneNumbers.regionOf(from), "to");
        String country = Optional.ofNullable(PhoneNumbers.regionOf(to)).orElse("ZZ");
        String callFrom = "call".equals(channel) || "auto".equals(channel) ? calls.caller(projectId, from) : null;
        return new Checked(channel, from, callFrom, to, country, PumpingGuard.prefix(to), length, ttl, style);
    }

    private Verification create(String projectId, Request r, Checked c, String idemKey, String fingerprint) {
        String id = ids.next("otp");
        String code = Codes.generate(c.codeLength());
        long now = clock.millis();
        String channel = c.channel() == null ? "sms" : c.channel();
        boolean sms = !channel.equals("call");
        Long fallbackAt = channel.equals("auto") ? now + limits.policy(projectId).fallbackSeconds() * 1000L : null;
        OtpTemplates.Text text = OtpTemplates.render(c.style(), code);
        OtpStore.Row created = db.inJdbcTx(tx -> {
            String messageId = sms ? this.sms.queueSealed(tx, projectId, c.from(), c.to(), text.shown(), text.clear(),
                    secret.seal(text.clear())) : null;
            OtpStore.Row row = new OtpStore.Row(id, projectId, c.to(), c.country(), c.prefix(), channel,
                    OtpStatus.PENDING, secret.hash(id + ":" + code), secret.seal(code), c.codeLength(), c.style(),
                    r.clientIp(), 1, 0, messageId, null, now + c.ttlSeconds() * 1000L, now, now, null,
                    sms ? "sms" : "", null, fallbackAt);
            store.insert(tx, row);
            store.logSend(tx, row, 1, r.clientIp(), now);
            idempotency.remember(tx, projectId, idemKey, fingerprint, id, now);
            if (sms) {
                events.requested(tx, row, 1, "sms", messageId);
            }
            return row;
        });
        // a call reads the code from the stored verification: it is placed once that is committed
        return sms ? created.view() : calls.send(created, c.callFrom(), 1).view();
    }

    /**
     * The same code again, on the pending verification, by the channel the request names (auto: SMS), else by the
     * verification's own (the request's text options are not applied).
     */
    private Verification resend(OtpStore.Row p, Checked c, String clientIp, String idemKey, String fingerprint) {
        String code = p.codeSealed() == null ? null : secret.open(p.codeSealed());
        if (code == null) {
            throw ApiException.conflict("code_unavailable", "the code of verification " + p.id() + " cannot be"
                    + " re-sent (the install's OTP secret changed); cancel it and request a new one");
        }
        long now = clock.millis();
        boolean byCall = "call".equals(c.channel() == null ? p.channel() : c.channel());
        // by call: the call is placed first (the verification exists, so it can read the code when answered)
        String callId = byCall ? calls.place(p.projectId(), c.callFrom() != null ? c.callFrom()
                : calls.caller(p.projectId(), c.from()), p.to(), p.id()) : null;
        int remaining = (int) Math.max(60, (p.expiresAt() - now) / 1000);
        OtpTemplates.Style s = p.style();
        OtpTemplates.Text text = OtpTemplates.render(new OtpTemplates.Style(s.locale(), s.appName(), s.template(),
                s.appHash(), s.webOtpDomain(), remaining), code);
        return db.inJdbcTx(tx -> {
            String messageId = byCall ? null : sms.queueSealed(tx, p.projectId(), c.from(), p.to(), text.shown(),
                    text.clear(), secret.seal(text.clear()));
            OtpStore.Row after = p.resent(byCall ? "call" : "sms", messageId, callId, now);
            if (!store.resent(tx, after, p.sends(), now)) {
                throw ApiException.conflict("concurrent_request", "verification " + p.id() + " changed while this"
                        + " request re-sent its code; try again");
            }
            store.logSend(tx, p, p.sends() + 1, clientIp, now);
            idempotency.remember(tx, p.projectId(), idemKey, fingerprint, p.id(), now);
            events.requested(tx, after, p.sends() + 1, byCall ? "call" : "sms", byCall ? callId : messageId);
            return after.view();
        });
    }

    /**
     * The auto channel's second step: for every pending auto verification whose delay passed, or whose SMS was
     * reported undelivered (or failed), one call with the same code (taken by compare-and-set, so one engine places
     * it once). Not a send of the request's: it counts toward no limit. Returns how many calls were placed.
     */
    public int fallBack() {
        int placed = 0;
        for (OtpStore.Row r : store.fallbackDue(clock.millis(), 100)) {
            if (endings.expireIfDue(r) || !db.inJdbcTx(tx -> store.takeFallback(tx, r.id()))) {
                continue;
            }
            try {
                calls.send(r, calls.caller(r.projectId(), endings.sender(r.projectId(), false)), r.sends());
                placed++;
            } catch (RuntimeException e) {
                LOG.log(java.util.logging.Level.WARNING, "verification " + r.id() + ": its fallback call could not"
                        + " be placed", e);
            }
        }
        if (placed > 0) {
            events.wake();
        }
        return placed;
    }

    /** {@code POST …/otp/verify}: by id, or by {@code to} (its newest verification). */
    public Verification verify(String projectId, String id, String to, String code) {
        return endings.verify(projectId, id, to, code);
    }

    public Verification get(String projectId, String id) {
        return endings.get(projectId, id);
    }

    public Verification cancel(String projectId, String id) {
        return endings.cancel(projectId, id);
    }

    public Page<Verification> list(String projectId, String status, String to, String channel, String cursor,
                                   int limit) {
        return store.list(projectId, new OtpStore.Filter(status == null ? null : OtpStatus.parse(status, "status"),
                to == null ? null : PhoneNumbers.fromPath(to, "to"), channel), cursor, limit);
    }

    public java.util.Map<String, Object> stats(String projectId, java.time.Duration window) {
        return guard.stats(projectId, window);
    }

    public OtpLimits.Policy policy(String projectId) {
        return limits.policy(projectId);
    }

    public OtpLimits.Policy setPolicy(String projectId, OtpLimits.PolicyChange change) {
        return limits.setPolicy(projectId, change);
    }

    public void unblock(String projectId, String prefix) {
        if (!guard.unblock(projectId, prefix)) {
            throw ApiException.notFound("blocked prefix", prefix);
        }
    }

    /** Ends every pending verification whose TTL passed ({@code otp.failed}, reason expired). Returns how many. */
    public int expireDue() {
        return endings.expireDue();
    }

    /** After a request: blocks the prefix when its conversion collapsed (see {@link PumpingGuard}). */
    private void watchForPumping(String projectId, String prefix, String country) {
        guard.assess(projectId, prefix, country).ifPresent(block -> {
            List<OtpStore.Row> pending = store.pendingIn(projectId, prefix);
            boolean stored = db.inJdbcTx(tx -> {
                if (!guard.store(tx, projectId, block)) {
                    return false;
                }
                events.blocked(tx, projectId, block);
                for (OtpStore.Row p : pending) {
                    if (store.end(tx, p.id(), OtpStatus.BLOCKED, "blocked", clock.millis())) {
                        events.failed(tx, p, OtpStatus.BLOCKED);
                    }
                }
                return true;
            });
            if (stored) {
                LOG.warning("project " + projectId + ": SMS-pumping guard blocked prefix " + prefix + " (" + country
                        + "): " + block.approvals() + " approvals of " + block.requests() + " settled verifications,"
                        + " conversion " + block.conversion() + " against a baseline of " + block.baseline());
                events.wake();
            }
        });
    }

    /** The charge of an approval, in the approving transaction. */
    private void charge(java.sql.Connection tx, OtpStore.Row row, long now) {
        billing.usageOnce(tx, row.projectId(), row.id(), row.to(), CHARGE_KIND, "Verification approved, "
                + row.country(), new Money(settings.price(row.country()), settings.currency()), now);
    }

    private Optional<Result> replay(String projectId, String key, String fingerprint) {
        return idempotency.replay(projectId, key, fingerprint)
                .map(id -> new Result(store.get(projectId, id).orElseThrow().view(), true));
    }
}
