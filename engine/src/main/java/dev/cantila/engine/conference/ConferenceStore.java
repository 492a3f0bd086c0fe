package dev.cantila.engine.conference;

import dev.cantila.engine.core.Page;
import dev.cantila.engine.storage.Database;
import dev.cantila.engine.storage.Listing;

import java.sql.Connection;
import java.sql.SQLException;
import java.time.Clock;
import java.time.Instant;
import java.util.List;
import java.util.Optional;
import java.util.function.Function;

/**
 * The {@code conferences} and {@code conference_participants} tables. Every move is a compare-and-set on the
 * current status ({@code UPDATE … WHERE status = ?}) in the transaction that also writes the {@code conference.*}
 * webhook event ({@link ConferenceEvents}), so each state is reached once and announced once. "One live conference
 * per project and name" is the unique index on {@code live_name}, cleared when the conference completes.
 */
final class ConferenceStore {
    private static final String CONFERENCE = "SELECT c.*, (SELECT COUNT(*) FROM conference_participants p"
            + " WHERE p.conference_id = c.id AND p.status <> 'left') AS live_count FROM conferences c";
    private static final String LIVE_BY_NAME = CONFERENCE + " WHERE c.project_id = ? AND c.live_name = ?";
    private static final String BY_ID = CONFERENCE + " WHERE c.id = ?";
    private static final String PARTICIPANT = "SELECT * FROM conference_participants WHERE conference_id = ?"
            + " AND call_id = ?";
    private static final String MOVE_PARTICIPANT = "UPDATE conference_participants SET status = ?, left_at = ?,"
            + " leave_reason = ?, updated_at = ? WHERE conference_id = ? AND call_id = ? AND status = ?";

    private final Database db;
    private final Clock clock;

    ConferenceStore(Database db, Clock clock) {
        this.db = db;
        this.clock = clock;
    }

    long now() {
        return clock.millis();
    }

    /** Runs {@code work} in one JDBC transaction (the outbox writes in the same one). */
    <T> T inTx(dev.cantila.webhooks.storage.Jdbc.Work<T> work) {
        return db.inJdbcTx(work);
    }

    // ---- inside a transaction ----

    Optional<Conference> liveByName(Connection c, String projectId, String name) throws SQLException {
        return Database.one(c, LIVE_BY_NAME, ConferenceStore::conference, projectId, name);
    }

    /**
     * Locks the conference row for the rest of the transaction. Every transaction that moves a conference or its
     * participants takes this lock first, so they queue per conference in one order (conference row, participant
     * rows, the webhook outbox's per-resource sequence) and never deadlock.
     */
    void lock(Connection c, String conferenceId) throws SQLException {
        Database.one(c, "SELECT id FROM conferences WHERE id = ? FOR UPDATE", r -> r.apply("id"), conferenceId);
    }

    /** Whether the project ever had a conference of that name. */
    boolean everNamed(Connection c, String projectId, String name) throws SQLException {
        return Database.one(c, "SELECT id FROM conferences WHERE project_id = ? AND name = ? LIMIT 1", r -> r.apply("id"),
                projectId, name).isPresent();
    }

    Conference byId(Connection c, String id) throws SQLException {
        return Database.one(c, BY_ID, ConferenceStore::conference, id)
                .orElseThrow(() -> new IllegalStateException("conference " + id + " vanished"));
    }

    /** A new conference in {@code init}; a unique violation when another one of that name went live first. */
    void insertConference(Connection c, String id, String projectId, String name) throws SQLException {
        long now = now();
        Database.update(c, "INSERT INTO conferences (id, project_id, name, live_name, status, created_at, updated_at)"
                + " VALUES (?, ?, ?, ?, ?, ?, ?)", id, projectId, name, name, ConferenceStatus.INIT.wire(), now, now);
    }

    /** CAS {@code from → to}; completing clears the live name so the name can open a new conference. */
    boolean moveConference(Connection c, String id, ConferenceStatus from, ConferenceStatus to, String reason)
            throws SQLException {
        from.requireMove(to, id);
        long now = now();
        boolean done = to == ConferenceStatus.COMPLETED;
        return Database.update(c, "UPDATE conferences SET status = ?, updated_at = ?,"
                        + " started_at = CASE WHEN ? THEN ? ELSE started_at END,"
                        + " ended_at = CASE WHEN ? THEN ? ELSE ended_at END, end_reason = ?,"
                        + " live_name = CASE WHEN ? THEN NULL ELSE live_name END WHERE id = ? AND status = ?",
                to.wire(), now, to == ConferenceStatus.IN_PROGRESS, now, done, now, reason, done, id, from.wire()) == 1;
    }

    Optional<Participant> participant(Connection c, String conferenceId, String callId) throws SQLException {
        return Database.one(c, PARTICIPANT, ConferenceStore::participant, conferenceId, callId);
    }

    List<Participant> participants(Connection c, String conferenceId) throws SQLException {
        return dev.cantila.webhooks.storage.Jdbc.query(c, "SELECT * FROM conference_participants"
                + " WHERE conference_id = ? ORDER BY joined_at, call_id", rs -> participant(column -> {
                    try {
                        return rs.getObject(column);
                    } catch (SQLException e) {
                        throw new IllegalStateException(e);
                    }
                }), conferenceId);
    }

    void insertParticipant(Connection c, String conferenceId, String projectId, Conferences.Join j,
                           ParticipantStatus status) throws SQLException {
        long now = now();
        Database.update(c, "INSERT INTO conference_participants (conference_id, call_id, project_id, leg_uuid, status,"
                        + " muted, start_on_enter, end_on_exit, joined_at, updated_at)"
                        + " VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?)", conferenceId, j.callId(), projectId, j.legUuid(),
                status.wire(), j.options().muted(), j.options().startOnEnter(), j.options().endOnExit(), now, now);
    }

    /** CAS on the participant's status; {@code reason} is the leave reason when moving to left. */
    boolean moveParticipant(Connection c, Participant p, ParticipantStatus to, String reason) throws SQLException {
        ParticipantStatus from = ParticipantStatus.fromWire(p.status());
        if (!from.canMoveTo(to)) {
            throw new IllegalStateException("illegal participant transition " + from.wire() + " -> " + to.wire()
                    + " for " + p.callId() + " in " + p.conferenceId());
        }
        long now = now();
        return Database.update(c, MOVE_PARTICIPANT, to.wire(), to == ParticipantStatus.LEFT ? now : null,
                reason, now, p.conferenceId(), p.callId(), from.wire()) == 1;
    }

    /** CAS on the muted flag of a participant still in. */
    boolean mute(Connection c, Participant p, boolean muted) throws SQLException {
        return Database.update(c, "UPDATE conference_participants SET muted = ?, updated_at = ? WHERE conference_id = ?"
                        + " AND call_id = ? AND muted = ? AND status <> 'left'", muted, now(), p.conferenceId(),
                p.callId(), !muted) == 1;
    }

    // ---- reads ----

    Page<Conference> list(String projectId, String status, String name, String cursor, int limit) {
        return new Listing(CONFERENCE + " WHERE c.project_id = ?", projectId).and("c.status = ?", status)
                .and("c.name = ?", name).page(db.exec(), cursor, limit, r -> conference(column -> Database.value(r,
                        column)), Conference::id);
    }

    /** The live conference of that name, else the latest one that had it. */
    Optional<Conference> byName(String projectId, String name) {
        return inTx(c -> {
            Optional<Conference> live = liveByName(c, projectId, name);
            if (live.isPresent()) {
                return live;
            }
            return Database.one(c, CONFERENCE + " WHERE c.project_id = ? AND c.name = ? ORDER BY c.id DESC LIMIT 1",
                    ConferenceStore::conference, projectId, name);
        });
    }

    List<Participant> participants(String conferenceId) {
        return inTx(c -> participants(c, conferenceId));
    }

    static Conference conference(Function<String, Object> r) {
        return new Conference((String) r.apply("id"), (String) r.apply("name"), (String) r.apply("status"),
                instant(r.apply("created_at")), instant(r.apply("started_at")), instant(r.apply("ended_at")),
                (String) r.apply("end_reason"), ((Number) r.apply("live_count")).intValue(), null);
    }

    static Participant participant(Function<String, Object> r) {
        return new Participant((String) r.apply("conference_id"), (String) r.apply("call_id"),
                (String) r.apply("status"), bool(r.apply("muted")), bool(r.apply("start_on_enter")),
                bool(r.apply("end_on_exit")), instant(r.apply("joined_at")), instant(r.apply("left_at")),
                (String) r.apply("leave_reason"), (String) r.apply("leg_uuid"));
    }

    private static Instant instant(Object v) {
        return v == null ? null : Instant.ofEpochMilli(((Number) v).longValue());
    }

    private static boolean bool(Object v) {
        return v instanceof Boolean b ? b : v != null && ((Number) v).intValue() != 0;
    }
}
