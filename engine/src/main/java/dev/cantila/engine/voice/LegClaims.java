package dev.cantila.engine.voice;

import dev.cantila.engine.storage.Database;

import java.time.Clock;
import java.time.Duration;
import java.util.List;

/**
 * Which engine instance runs which leg: the {@code engine_instances} and {@code leg_claims} tables (V24). Every
 * FreeSWITCH node tells every connected instance about every parked channel, so the instances decide here, before
 * any command is sent for the leg. Each move is one statement whose outcome is decided by the database:
 * <ul>
 *   <li>{@link #claim}: {@value #CLAIM}; the primary key lets exactly one instance win a leg, the others ignore it.
 *   <li>{@link #heartbeat}: {@value #RENEW} (an {@code INSERT} the first time); the others trust this instance
 *       until {@code lease_until}. Instants are the writers' clocks: instances must keep their clocks in step
 *       (NTP) to well within the lease.
 *   <li>{@link #adopt}: {@value #ADOPT}, a compare-and-set on the expired owner, so one survivor takes each leg of
 *       an instance whose lease expired.
 *   <li>{@link #register}: the first beat of a run; claims an earlier run of the same id left behind are retired
 *       (moved to a name no instance heartbeats) so that they are adopted like a dead instance's.
 *   <li>{@link #release}: the call left this instance; its claim goes.
 *   <li>{@link #claimEvent}: as {@link #claim}, for a switch event that is not a leg (an inbound SIP MESSAGE).
 * </ul>
 * Thread-safe (each call is one auto-commit statement).
 */
final class LegClaims {
    private static final java.util.logging.Logger LOG = java.util.logging.Logger.getLogger(LegClaims.class.getName());
    static final String CLAIM = "INSERT INTO leg_claims (leg_uuid, instance_id, claimed_at) VALUES (?, ?, ?)";
    static final String RENEW = "UPDATE engine_instances SET heartbeat_at = ?, lease_until = ? WHERE id = ?";
    static final String ADOPT = "UPDATE leg_claims SET instance_id = ?, claimed_at = ? WHERE leg_uuid = ?"
            + " AND instance_id = ?";
    static final long EVENT_CLAIM_HOURS = 1;
    private static final String REGISTER = "INSERT INTO engine_instances (id, started_at, heartbeat_at, lease_until)"
            + " VALUES (?, ?, ?, ?)";
    /** Claims held by another instance that has no row or whose lease has run out. */
    private static final String ORPHANS = "SELECT c.leg_uuid, c.instance_id FROM leg_claims c"
            + " LEFT JOIN engine_instances i ON i.id = c.instance_id"
            + " WHERE c.instance_id <> ? AND (i.id IS NULL OR i.lease_until < ?) ORDER BY c.claimed_at";

    /** A leg claimed by an instance that is gone. */
    record Orphan(String legUuid, String owner) {
    }

    private final Database db;
    private final Clock clock;
    private final String instance;
    private final Duration lease;

    LegClaims(Database db, Clock clock, String instance, Duration lease) {
        this.db = db;
        this.clock = clock;
        this.instance = instance;
        this.lease = lease;
    }

    String instance() {
        return instance;
    }

    Duration lease() {
        return lease;
    }

    /** True when this instance now runs {@code uuid}; false when another instance (or this one) claimed it first. */
    boolean claim(String uuid) {
        return insertFirst(CLAIM, uuid);
    }

    /** The call of {@code uuid} has left this instance. */
    void release(String uuid) {
        Database.update(db.exec(), "DELETE FROM leg_claims WHERE leg_uuid = ? AND instance_id = ?", uuid, instance);
    }

    /**
     * True when this instance takes in the switch event {@code key} (an inbound SIP MESSAGE every connected instance
     * heard); false when another instance did. Kept for {@value #EVENT_CLAIM_HOURS} hour, then swept by
     * {@link #heartbeat}.
     */
    boolean claimEvent(String key) {
        return insertFirst("INSERT INTO switch_event_claims (event_key, instance_id, claimed_at) VALUES (?, ?, ?)", key);
    }

    /** {@code insert} of (key, this instance, now): true when it stored the row, false when the key was taken. */
    private boolean insertFirst(String insert, String key) {
        try {
            return Database.update(db.exec(), insert, key, instance, clock.millis()) == 1;
        } catch (RuntimeException e) {
            if (Database.isUniqueViolation(e)) {
                return false;
            }
            throw e;
        }
    }

    /**
     * The first beat of this run, before the switch delivers anything. Claims still held under this id were left by an
     * earlier run (a crash, or a stop with calls up, and a restart with the same configured id): they are handed to a
     * retired name that has no instance row, so the next heartbeat of any instance, this one included, adopts them
     * and ends their calls as it does a dead instance's.
     */
    void register() {
        String retired = instance + "~" + clock.millis();
        long left = Database.update(db.exec(), "UPDATE leg_claims SET instance_id = ? WHERE instance_id = ?", retired,
                instance);
        if (left > 0) {
            LOG.warning("instance " + instance + ": " + left + " legs were claimed by an earlier run of this id;"
                    + " their calls end at the next heartbeat");
        }
        heartbeat();
    }

    /** Renews this instance's lease (registers it the first time) and sweeps old event claims. */
    void heartbeat() {
        long now = clock.millis();
        Database.update(db.exec(), "DELETE FROM switch_event_claims WHERE claimed_at < ?",
                now - Duration.ofHours(EVENT_CLAIM_HOURS).toMillis());
        if (Database.update(db.exec(), RENEW, now, now + lease.toMillis(), instance) == 0) {
            try {
                Database.update(db.exec(), REGISTER, instance, now, now, now + lease.toMillis());
            } catch (RuntimeException e) {
                if (!Database.isUniqueViolation(e)) {
                    throw e;
                }
                Database.update(db.exec(), RENEW, now, now + lease.toMillis(), instance); // a racing first beat
            }
        }
    }

    /** Legs claimed by instances whose lease has expired, oldest claim first. */
    List<Orphan> orphans() {
        return Database.list(db.exec(), ORPHANS, r -> new Orphan(Database.str(r, "leg_uuid"),
                Database.str(r, "instance_id")), instance, clock.millis());
    }

    /** Takes {@code o} over from its expired owner; false when another survivor took it first. */
    boolean adopt(Orphan o) {
        return Database.update(db.exec(), ADOPT, instance, clock.millis(), o.legUuid(), o.owner()) == 1;
    }
}
