package dev.cantila.engine.voice;

import dev.cantila.engine.core.ApiException;
import dev.cantila.engine.core.Page;
import dev.cantila.engine.storage.Database;
import dev.cantila.engine.storage.Listing;
import io.helidon.dbclient.DbRow;

import javax.sql.DataSource;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Types;
import java.time.Clock;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * The {@code calls} and {@code call_events} tables. Every status change goes through {@link #move}: a
 * compare-and-set on the current status plus the timeline row plus the webhook event ({@link Listener}), in one
 * JDBC transaction, so a status is reached once and its event is emitted once, or neither happens.
 */
final class CallStore {
    private static final String INSERT_EVENT = "INSERT INTO call_events (call_id, seq, event_type, status, occurred_at,"
            + " detail) SELECT ?, COALESCE(MAX(seq), 0) + 1, ?, ?, ?, ? FROM call_events WHERE call_id = ?";

    /** Told of each stored status, inside its transaction (to emit webhook events) and after the commit. */
    interface Listener {
        void stored(Connection tx, Call call, boolean created) throws SQLException;

        void committed(Call call);
    }

    /** A call about to be stored, in its first status (inbound: ringing; outbound: queued). */
    record NewCall(String id, String projectId, String direction, String from, String to, CallStatus status,
                   String legUuid, String node, String route, String routeTarget, Map<String, String> params) {
    }

    /** A call left without a terminal state (for reconciliation). */
    record Unfinished(String id, String legUuid, CallStatus status, boolean answered) {
    }

    private final Database db;
    private final Clock clock;
    private final Listener listener;

    CallStore(Database db, Clock clock, Listener listener) {
        this.db = db;
        this.clock = clock;
        this.listener = listener;
    }

    Call insert(NewCall n) {
        long now = clock.millis();
        Call call = inTx(c -> {
            update(c, "INSERT INTO calls (id, project_id, direction, from_e164, to_e164, status, leg_uuid, node,"
                            + " route_kind, route_target, params, created_at, updated_at)"
                            + " VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)",
                    n.id(), n.projectId(), n.direction(), n.from(), n.to(), n.status().wire(), n.legUuid(), n.node(),
                    n.route(), n.routeTarget(), CallParams.toJson(n.params()), now, now);
            update(c, INSERT_EVENT, n.id(), "status", n.status().wire(), now, null, n.id());
            Call stored = read(c, n.id());
            listener.stored(c, stored, true);
            return stored;
        });
        listener.committed(call);
        return call;
    }

    /**
     * Moves a call from {@code from} to {@code to} if it is still in {@code from}; sets the answer or end time and
     * the cause. Returns the call as it is now, or empty when someone else moved it first.
     */
    Optional<Call> move(String id, CallStatus from, CallStatus to, String cause) {
        from.requireMove(to, id);
        long now = clock.millis();
        Call moved = inTx(c -> {
            long n = update(c, "UPDATE calls SET status = ?, updated_at = ?, cause = COALESCE(?, cause),"
                            + " answered_at = CASE WHEN ? THEN ? ELSE answered_at END,"
                            + " ended_at = CASE WHEN ? THEN ? ELSE ended_at END WHERE id = ? AND status = ?",
                    to.wire(), now, cause, to == CallStatus.IN_PROGRESS, now, to.isTerminal(), now, id, from.wire());
            if (n != 1) {
                return null;
            }
            update(c, INSERT_EVENT, id, "status", to.wire(), now, cause, id);
            Call stored = read(c, id);
            listener.stored(c, stored, false);
            return stored;
        });
        if (moved != null) {
            listener.committed(moved);
        }
        return Optional.ofNullable(moved);
    }

    /** Adds a timeline entry for something the call did (say, gather, forward...). */
    void event(String id, String type, String detail) {
        String d = detail == null || detail.length() <= 1000 ? detail : detail.substring(0, 997) + "...";
        Database.update(db.exec(), INSERT_EVENT, id, type, null, clock.millis(), d, id);
    }

    Optional<Call> find(String id) {
        return Database.one(db.exec(), "SELECT * FROM calls WHERE id = ?", this::call, id);
    }

    Call get(String projectId, String id) {
        Call call = Database.one(db.exec(), "SELECT * FROM calls WHERE id = ? AND project_id = ?", this::call, id,
                projectId).orElseThrow(() -> ApiException.notFound("call", id));
        return call.with(Database.list(db.exec(), "SELECT * FROM call_events WHERE call_id = ? ORDER BY seq",
                        r -> new Call.Event(Database.str(r, "event_type"), Database.str(r, "status"),
                                Instant.ofEpochMilli(Database.lng(r, "occurred_at")), Database.str(r, "detail")), id),
                Database.list(db.exec(), "SELECT * FROM call_recordings WHERE call_id = ? ORDER BY id",
                        r -> new Call.Recording(Database.str(r, "id"), Database.str(r, "kind"),
                                Database.lng(r, "duration_ms"), Instant.ofEpochMilli(Database.lng(r, "created_at")),
                                "/v1/projects/" + projectId + "/voice/calls/" + id + "/recordings/"
                                        + Database.str(r, "id") + "/audio"), id));
    }

    /** Filters for {@link #list}; null fields do not filter. */
    record Filter(CallStatus status, String direction, String to, String from) {
    }

    /** Outbound calls to {@code e164} (of {@code projectId} only, unless null), oldest first, the newest {@code limit}. */
    List<Call> outboundTo(String e164, String projectId, int limit) {
        List<Call> newest = projectId == null
                ? Database.list(db.exec(), "SELECT * FROM calls WHERE to_e164 = ? AND direction = 'outbound' ORDER BY"
                + " created_at DESC, id DESC LIMIT ?", this::call, e164, limit)
                : Database.list(db.exec(), "SELECT * FROM calls WHERE to_e164 = ? AND direction = 'outbound' AND"
                + " project_id = ? ORDER BY created_at DESC, id DESC LIMIT ?", this::call, e164, projectId, limit);
        return newest.reversed();
    }

    Page<Call> list(String projectId, Filter f, String cursor, int limit) {
        return new Listing("SELECT * FROM calls WHERE project_id = ?", projectId)
                .and("status = ?", f.status() == null ? null : f.status().wire())
                .and("direction = ?", f.direction()).and("to_e164 = ?", f.to()).and("from_e164 = ?", f.from())
                .page(db.exec(), cursor, limit, this::call, Call::id);
    }

    List<Unfinished> unfinished() {
        return Database.list(db.exec(), "SELECT id, leg_uuid, status, answered_at FROM calls WHERE status IN"
                + " ('queued', 'ringing', 'in-progress') ORDER BY id", this::unfinished);
    }

    private Unfinished unfinished(DbRow r) {
        return new Unfinished(Database.str(r, "id"), Database.str(r, "leg_uuid"),
                CallStatus.fromWire(Database.str(r, "status")), Database.value(r, "answered_at") != null);
    }

    /** The call of leg {@code uuid} while it has no terminal state. */
    Optional<Unfinished> unfinishedByLeg(String uuid) {
        return Database.one(db.exec(), "SELECT id, leg_uuid, status, answered_at FROM calls WHERE leg_uuid = ? AND"
                + " status IN ('queued', 'ringing', 'in-progress')", this::unfinished, uuid);
    }

    /** The leg of a call of {@code projectId}; 404 for an unknown id. */
    String leg(String projectId, String id) {
        return Database.one(db.exec(), "SELECT leg_uuid FROM calls WHERE id = ? AND project_id = ?",
                r -> Database.str(r, "leg_uuid"), id, projectId).orElseThrow(() -> ApiException.notFound("call", id));
    }

    private Call call(DbRow r) {
        return call(Database.str(r, "id"), Database.str(r, "project_id"), Database.str(r, "direction"),
                Database.str(r, "from_e164"), Database.str(r, "to_e164"), Database.str(r, "status"),
                Database.str(r, "route_kind"), Database.str(r, "cause"), Database.lng(r, "created_at"),
                Database.nullableLong(r, "answered_at"), Database.nullableLong(r, "ended_at"),
                Database.str(r, "params"));
    }

    private Call read(Connection c, String id) throws SQLException {
        try (PreparedStatement ps = c.prepareStatement("SELECT * FROM calls WHERE id = ?")) {
            ps.setString(1, id);
            try (ResultSet r = ps.executeQuery()) {
                if (!r.next()) {
                    throw new IllegalStateException("call " + id + " vanished inside its own transaction");
                }
                return call(r.getString("id"), r.getString("project_id"), r.getString("direction"),
                        r.getString("from_e164"), r.getString("to_e164"), r.getString("status"),
                        r.getString("route_kind"), r.getString("cause"), r.getLong("created_at"),
                        (Long) r.getObject("answered_at", Long.class), (Long) r.getObject("ended_at", Long.class),
                        r.getString("params"));
            }
        }
    }

    private Call call(String id, String project, String direction, String from, String to, String status,
                      String route, String cause, long created, Long answered, Long ended, String params) {
        long duration = answered == null ? 0 : ((ended == null ? clock.millis() : ended) - answered) / 1000;
        return new Call(id, project, direction, from, to, status, route, cause, Instant.ofEpochMilli(created),
                answered == null ? null : Instant.ofEpochMilli(answered), ended == null ? null : Instant.ofEpochMilli(ended),
                Math.max(0, duration), null, null, CallParams.fromJson(params));
    }

    @FunctionalInterface
    private interface SqlWork<T> {
        T run(Connection c) throws SQLException;
    }

    private <T> T inTx(SqlWork<T> work) {
        DataSource ds = db.dataSource();
        try (Connection c = ds.getConnection()) {
            c.setAutoCommit(false);
            try {
                T result = work.run(c);
                c.commit();
                return result;
            } catch (SQLException | RuntimeException e) {
                c.rollback();
                throw e;
            } finally {
                c.setAutoCommit(true);
            }
        } catch (SQLException e) {
            throw new IllegalStateException("call store: " + e.getMessage(), e);
        }
    }

    private static long update(Connection c, String sql, Object... params) throws SQLException {
        try (PreparedStatement ps = c.prepareStatement(sql)) {
            for (int i = 0; i < params.length; i++) {
                if (params[i] == null) {
                    ps.setNull(i + 1, Types.VARCHAR);
                } else {
                    ps.setObject(i + 1, params[i]);
                }
            }
            return ps.executeUpdate();
        }
    }
}
