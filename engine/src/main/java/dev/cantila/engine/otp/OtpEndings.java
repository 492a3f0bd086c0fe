package dev.cantila.engine.otp;

import dev.cantila.engine.core.ApiException;
import dev.cantila.engine.phone.PhoneNumbers;
import dev.cantila.engine.sms.SmsService;
import dev.cantila.engine.storage.Database;

import java.sql.Connection;
import java.time.Clock;
import java.util.Optional;

/**
 * How a pending verification ends, other than by the pumping guard: a check of its code (approved, or
 * max-attempts-reached on the last wrong one), a cancel, or its TTL passing (on a read, a request or the sweep).
 * Every move is a compare-and-set in {@link OtpStore} committed with its webhook event and, for an approval, its
 * charge ({@link Charge}, billed by {@link Otp}).
 */
final class OtpEndings {
    /** Bills an approval inside the approving transaction. */
    interface Charge {
        void approved(Connection tx, OtpStore.Row row, long now);
    }

    private final Database db;
    private final Clock clock;
    private final OtpStore store;
    private final OtpSecret secret;
    private final SmsService sms;
    private final OtpEvents events;
    private final Charge charge;

    OtpEndings(Database db, Clock clock, OtpStore store, OtpSecret secret, SmsService sms, OtpEvents events,
               Charge charge) {
        this.db = db;
        this.clock = clock;
        this.store = store;
        this.secret = secret;
        this.sms = sms;
        this.events = events;
        this.charge = charge;
    }

    /** {@code POST …/otp/verify}: by id, or by {@code to} (its newest verification). */
    Verification verify(String projectId, String id, String to, String code) {
        if ((id == null) == (to == null)) {
            throw ApiException.invalid("to", "give exactly one of to and id");
        }
        if (!Codes.wellFormed(code)) {
            throw ApiException.invalid("code", "code must be 4-10 digits");
        }
        OtpStore.Row row = id != null ? store.get(projectId, id).orElseThrow(() -> ApiException.notFound("verification", id))
                : store.latest(projectId, PhoneNumbers.toE164(to, senderRegion(projectId), "to"))
                .orElseThrow(() -> ApiException.notFound("verification for", to));
        if (expireIfDue(row)) {
            throw OtpStatus.EXPIRED.refusal(row.id());
        }
        if (row.status().terminal()) {
            throw row.status().refusal(row.id());
        }
        long now = clock.millis();
        boolean counted = db.inJdbcTx(tx -> {
            Optional<Integer> checks = store.countCheck(tx, row.id(), now);
            if (checks.isEmpty()) {
                return false;
            }
            if (secret.matches(row.id() + ":" + code, row.codeHash())) {
                if (store.end(tx, row.id(), OtpStatus.APPROVED, null, now)) {
                    charge.approved(tx, row, now);
                    events.approved(tx, row, checks.get());
                }
            } else if (checks.get() >= OtpStore.MAX_CHECKS && store.end(tx, row.id(), OtpStatus.MAX_ATTEMPTS_REACHED,
                    "max_attempts_reached", now)) {
                events.failed(tx, row, OtpStatus.MAX_ATTEMPTS_REACHED);
            }
            return true;
        });
        events.wake();
        OtpStore.Row after = store.get(projectId, row.id()).orElseThrow();
        if (!counted) {
            // another check (or the sweep, or a cancel) moved it first: answer from the state it left
            throw after.status() == OtpStatus.PENDING ? OtpStatus.MAX_ATTEMPTS_REACHED.refusal(row.id())
                    : after.status().refusal(row.id());
        }
        return after.view();
    }

    /** National numbers are read in the country of the project's SMS number, as on the request; else E.164 only. */
    private String senderRegion(String projectId) {
        return sender(projectId, true);
    }

    /** The project's SMS number (or its region), null when SMS is not active. */
    String sender(String projectId, boolean region) {
        try {
            String sender = sms.defaultSender(projectId);
            return region ? PhoneNumbers.regionOf(sender) : sender;
        } catch (ApiException notActive) {
            return null;
        }
    }

    Verification get(String projectId, String id) {
        OtpStore.Row row = store.get(projectId, id).orElseThrow(() -> ApiException.notFound("verification", id));
        expireIfDue(row);
        return store.get(projectId, id).orElseThrow().view();
    }

    Verification cancel(String projectId, String id) {
        OtpStore.Row row = store.get(projectId, id).orElseThrow(() -> ApiException.notFound("verification", id));
        if (!expireIfDue(row) && row.status() == OtpStatus.PENDING) {
            boolean moved = db.inJdbcTx(tx -> {
                boolean m = store.end(tx, id, OtpStatus.CANCELED, "canceled", clock.millis());
                if (m) {
                    events.failed(tx, row, OtpStatus.CANCELED);
                }
                return m;
            });
            events.wake();
            if (moved) {
                return store.get(projectId, id).orElseThrow().view();
            }
        }
        throw store.get(projectId, id).orElseThrow().status().refusal(id);
    }

    /** Ends every pending verification whose TTL passed ({@code otp.failed}, reason expired). Returns how many. */
    int expireDue() {
        int n = 0;
        for (OtpStore.Row r : store.due(clock.millis(), 500)) {
            n += expireIfDue(r) ? 1 : 0;
        }
        return n;
    }

    /** Moves {@code r} to expired if it is pending past its TTL; true when it is (now) expired by that. */
    boolean expireIfDue(OtpStore.Row r) {
        long now = clock.millis();
        if (r.status() != OtpStatus.PENDING || now < r.expiresAt()) {
            return r.status() == OtpStatus.EXPIRED;
        }
        db.inJdbcTx(tx -> {
            if (store.end(tx, r.id(), OtpStatus.EXPIRED, "expired", now)) {
                events.failed(tx, r, OtpStatus.EXPIRED);
            }
            return null;
        });
        events.wake();
        return true;
    }
}
