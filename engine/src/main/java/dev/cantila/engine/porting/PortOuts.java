package dev.cantila.engine.porting;

import dev.cantila.engine.billing.Billing;
import dev.cantila.engine.config.PortingSettings;
import dev.cantila.engine.core.ApiException;
import dev.cantila.engine.core.Hashes;
import dev.cantila.engine.core.Ids;
import dev.cantila.engine.storage.Database;
import dev.cantila.webhooks.Webhooks;
import dev.cantila.webhooks.events.NewEvent;
import dev.cantila.webhooks.storage.Jdbc;

import java.security.SecureRandom;
import java.sql.Connection;
import java.sql.SQLException;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.logging.Logger;

/**
 * Port-out: each held number's PIN (set by the holder or generated, shown once, stored as a salted SHA-256), and
 * requests from other carriers (simulated by {@code POST /v1/sim/port-out}). A request with the wrong PIN (or for a
 * number without one) is refused and logged, as a {@code refused} row and a warning; with the right PIN it is
 * {@code foc_scheduled} {@link #FOC_AFTER} later (on the porting clock), and at its FOC the number leaves: lease
 * ended (billing stops), routing and SMS activation removed, the row deleted. A number released or moved before its
 * FOC makes the port-out {@code canceled}. Each move writes its {@code number.port_out.*} event in its transaction.
 */
public final class PortOuts {
    private static final Logger LOG = Logger.getLogger(PortOuts.class.getName());
    static final Duration FOC_AFTER = Duration.ofDays(3);
    public static final java.util.Set<String> EVENT_TYPES = java.util.Set.of("number.port_out.requested",
            "number.port_out.refused", "number.port_out.completed", "number.port_out.canceled");
    private static final SecureRandom RANDOM = new SecureRandom();

    private final Database db;
    private final Clock clock;
    private final Ids ids;
    private final Webhooks webhooks;
    private final Billing billing;
    private final PortingSettings settings;

    /** What port-out needs. */
    public record Deps(Database db, Clock clock, Ids ids, Webhooks webhooks, Billing billing, PortingSettings settings) {
    }

    public PortOuts(Deps d) {
        this.db = d.db();
        this.clock = d.clock();
        this.ids = d.ids();
        this.webhooks = d.webhooks();
        this.billing = d.billing();
        this.settings = d.settings();
    }

    public record Pin(String e164, String pin) {
    }

    public record PortOut(String id, String e164, String projectId, String status, String gainingCarrier,
                          String reason, Instant focAt, Instant createdAt) {
    }

    /** Sets (or, with {@code pin} null, generates) the PIN of a number {@code projectId} holds; shown once. */
    public Pin setPin(String projectId, String e164, String pin) {
        String value = pin != null ? pin : String.format("%06d", RANDOM.nextInt(1_000_000));
        String salt = Ids.secret(12);
        int n = db.inJdbcTx(c -> Jdbc.update(c, "UPDATE numbers SET port_out_pin_hash = ? WHERE e164 = ?"
                + " AND project_id = ? AND status = 'held'", salt + ":" + Hashes.sha256Hex(salt + value), e164, projectId));
        if (n == 0) {
            throw ApiException.notFound("held number", e164);
        }
        return new Pin(e164, value);
    }

    /** Another carrier asks for {@code e164}: scheduled with the right PIN, refused (409, logged) otherwise. */
    public PortOut request(String e164, String pin, String gainingCarrier) {
        long now = clock.millis();
        String id = ids.next("portout");
        PortOut out = db.inJdbcTx(c -> {
            Optional<String[]> held = Jdbc.queryOne(c, "SELECT project_id, port_out_pin_hash FROM numbers WHERE e164 = ?"
                    + " AND status = 'held'", rs -> new String[]{rs.getString(1), rs.getString(2)}, e164);
            if (held.isEmpty()) {
                throw ApiException.notFound("held number", e164);
            }
            String project = held.get()[0];
            if (!matches(held.get()[1], pin)) {
                insert(c, id, e164, project, "refused", gainingCarrier, held.get()[1] == null ? "no_pin_set"
                        : "pin_mismatch", null, null, now);
                return load(c, id);
            }
            long focAt = now + FOC_AFTER.toMillis();
            insert(c, id, e164, project, "foc_scheduled", gainingCarrier, null, focAt,
                    now + settings.scaled(FOC_AFTER.toMillis()), now);
            return load(c, id);
        });
        webhooks.worker().wakeUp();
        if (out.status().equals("refused")) {
            LOG.warning("port-out " + id + " of " + e164 + " by " + gainingCarrier + " refused: " + out.reason());
            throw new ApiException(ApiException.Kind.CONFLICT, "port_out_refused", "port-out " + id + " of " + e164
                    + " refused: " + out.reason(), "pin");
        }
        return out;
    }

    public PortOut get(String id) {
        return db.inJdbcTx(c -> Jdbc.queryOne(c, "SELECT * FROM port_outs WHERE id = ?", PortOuts::row, id))
                .orElseThrow(() -> ApiException.notFound("port-out", id));
    }

    /** Completes (or cancels) every port-out whose FOC has come; returns how many moved. */
    public int pass() {
        long now = clock.millis();
        List<String> due = db.inJdbcTx(c -> Jdbc.query(c, "SELECT id FROM port_outs WHERE next_step_at <= ?",
                rs -> rs.getString(1), now));
        int moved = 0;
        for (String id : due) {
            if (db.inJdbcTx(c -> complete(c, id, now))) {
                moved++;
            }
        }
        if (moved > 0) {
            webhooks.worker().wakeUp();
        }
        return moved;
    }

    private boolean complete(Connection c, String id, long now) throws SQLException {
        PortOut p = load(c, id);
        Optional<String> lease = Jdbc.queryOne(c, "SELECT lease_id FROM numbers WHERE e164 = ? AND project_id = ?"
                + " AND status = 'held'", rs -> rs.getString(1), p.e164(), p.projectId());
        String to = lease.isPresent() ? "completed" : "canceled";
        if (Jdbc.update(c, "UPDATE port_outs SET status = ?, next_step_at = NULL, reason = ? WHERE id = ?"
                + " AND status = 'foc_scheduled'", to, lease.isPresent() ? null : "number_released", id) == 0) {
            return false;
        }
        if (lease.isPresent()) {
            billing.endLease(c, lease.get(), now);
            Jdbc.update(c, "DELETE FROM number_routing WHERE e164 = ?", p.e164());
            Jdbc.update(c, "DELETE FROM sms_activations WHERE e164 = ?", p.e164());
            Jdbc.update(c, "DELETE FROM numbers WHERE e164 = ?", p.e164());
        }
        emit(c, load(c, id));
        return true;
    }

    private void insert(Connection c, String id, String e164, String project, String status, String carrier,
                        String reason, Long focAt, Long next, long now) throws SQLException {
        Jdbc.update(c, "INSERT INTO port_outs (id, e164, project_id, status, gaining_carrier, reason, foc_at,"
                + " next_step_at, created_at) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?)", id, e164, project, status, carrier,
                reason, focAt, next, now);
        emit(c, load(c, id));
    }

    private void emit(Connection c, PortOut p) {
        Map<String, Object> data = new LinkedHashMap<>();
        data.put("portOutId", p.id());
        data.put("e164", p.e164());
        data.put("status", p.status());
        data.put("gainingCarrier", p.gainingCarrier());
        data.put("reason", p.reason());
        data.put("focAt", p.focAt() == null ? null : p.focAt().toString());
        String type = p.status().equals("foc_scheduled") ? "number.port_out.requested" : "number.port_out." + p.status();
        webhooks.emit(c, NewEvent.of(p.projectId(), type, p.id(), data));
    }

    private static boolean matches(String stored, String pin) {
        if (stored == null || pin == null) {
            return false;
        }
        int colon = stored.indexOf(':');
        return java.security.MessageDigest.isEqual(stored.substring(colon + 1).getBytes(),
                Hashes.sha256Hex(stored.substring(0, colon) + pin).getBytes());
    }

    private static PortOut load(Connection c, String id) throws SQLException {
        return Jdbc.queryOne(c, "SELECT * FROM port_outs WHERE id = ?", PortOuts::row, id).orElseThrow();
    }

    private static PortOut row(java.sql.ResultSet rs) throws SQLException {
        Long foc = Jdbc.nullableLong(rs, "foc_at");
        return new PortOut(rs.getString("id"), rs.getString("e164"), rs.getString("project_id"), rs.getString("status"),
                rs.getString("gaining_carrier"), rs.getString("reason"), foc == null ? null : Instant.ofEpochMilli(foc),
                Instant.ofEpochMilli(rs.getLong("created_at")));
    }
}
