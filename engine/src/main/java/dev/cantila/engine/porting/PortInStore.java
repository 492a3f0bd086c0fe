package dev.cantila.engine.porting;

import dev.cantila.engine.core.Ids;
import dev.cantila.webhooks.storage.Jdbc;

import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/**
 * SQL of port-in requests. Every move is {@link #move}: a compare-and-set on {@code (status, version)}, so of two
 * movers of one request (the customer canceling while the carrier answers; two engine instances polling the same
 * due step) exactly one wins and the other sees 0 rows. The move writes its timeline row, and a move to a terminal
 * state frees the request's numbers from {@code port_in_active}, in the mover's transaction.
 */
final class PortInStore {
    private static final String INSERT = "INSERT INTO port_ins (id, project_id, status, version, carrier_name,"
            + " account_number, account_pin, authorized_name, service_address, target_date, documents,"
            + " notification_emails, next_step_at, created_at, updated_at) VALUES (?, ?, ?, 0, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)";
    private static final String DUE = "SELECT id FROM port_ins WHERE next_step_at <= ? ORDER BY next_step_at LIMIT 100";

    private final Ids ids;

    PortInStore(Ids ids) {
        this.ids = ids;
    }

    /** A stored request, every column. Documents are space-separated ids, e-mails comma-separated. */
    record Row(String id, String projectId, PortStatus status, int version, String carrierName, String accountNumber,
               String pin, String authorizedName, String serviceAddress, String targetDate, String focDate, Long focAt,
               String documents, String emails, String signerName, String signerTitle, Long signedAt,
               String signedFrom, String reason, String reasonMessage, Long nextStepAt, long createdAt,
               long updatedAt) {
    }

    /** The customer's part of a request: what create and resubmit write. */
    record Account(String carrierName, String accountNumber, String pin, String authorizedName, String serviceAddress,
                   String targetDate, String documents, String emails) {
    }

    void insert(Connection c, String id, String projectId, Account a, long nextStep, long now) throws SQLException {
        Jdbc.update(c, INSERT, id, projectId, PortStatus.IN_REVIEW.wire(), a.carrierName(), a.accountNumber(), a.pin(),
                a.authorizedName(), a.serviceAddress(), a.targetDate(), a.documents(), a.emails(), nextStep, now, now);
        event(c, id, PortStatus.IN_REVIEW, null, "request created", now);
    }

    void addNumber(Connection c, String id, Portability.Parsed n) throws SQLException {
        Jdbc.update(c, "INSERT INTO port_in_numbers (port_in_id, e164, country, number_type) VALUES (?, ?, ?, ?)", id,
                n.e164(), n.country(), n.numberType());
        Jdbc.update(c, "INSERT INTO port_in_active (e164, port_in_id) VALUES (?, ?)", n.e164(), id);
    }

    Optional<Row> load(Connection c, String id) throws SQLException {
        return Jdbc.queryOne(c, "SELECT * FROM port_ins WHERE id = ?", PortInStore::row, id);
    }

    List<Row> list(Connection c, String projectId, String cursor, int limit) throws SQLException {
        return cursor == null
                ? Jdbc.query(c, "SELECT * FROM port_ins WHERE project_id = ? ORDER BY id DESC LIMIT ?", PortInStore::row,
                projectId, limit + 1)
                : Jdbc.query(c, "SELECT * FROM port_ins WHERE project_id = ? AND id < ? ORDER BY id DESC LIMIT ?",
                PortInStore::row, projectId, cursor, limit + 1);
    }

    List<String> due(Connection c, long now) throws SQLException {
        return Jdbc.query(c, DUE, rs -> rs.getString(1), now);
    }

    List<PortIn.Number> numbers(Connection c, String id, String status) throws SQLException {
        return Jdbc.query(c, "SELECT * FROM port_in_numbers WHERE port_in_id = ? ORDER BY e164", rs -> new PortIn.Number(
                rs.getString("e164"), rs.getString("country").trim(), rs.getString("number_type"), status), id);
    }

    List<PortIn.Step> timeline(Connection c, String id) throws SQLException {
        return Jdbc.query(c, "SELECT * FROM port_in_events WHERE port_in_id = ? ORDER BY id", rs -> new PortIn.Step(
                rs.getString("status"), rs.getString("reason"), rs.getString("detail"),
                Instant.ofEpochMilli(rs.getLong("at"))), id);
    }

    /** The port that holds {@code e164} in {@code port_in_active}, if any. */
    Optional<String> activePortOf(Connection c, String e164) throws SQLException {
        return Jdbc.queryOne(c, "SELECT port_in_id FROM port_in_active WHERE e164 = ?", rs -> rs.getString(1), e164);
    }

    /** A change of columns beside the status: column names are constants of this package, never request text. */
    record Set(List<String> columns, List<Object> values) {
        static Set of(Object... pairs) {
            List<String> cols = new ArrayList<>();
            List<Object> vals = new ArrayList<>();
            for (int i = 0; i < pairs.length; i += 2) {
                cols.add((String) pairs[i]);
                vals.add(pairs[i + 1]);
            }
            return new Set(cols, vals);
        }
    }

    /**
     * {@code current → to} by compare-and-set; sets {@code reason}/{@code reason_message} (null clears them),
     * {@code next_step_at} and the extra columns. Returns false when someone else moved the request first.
     */
    boolean move(Connection c, Row current, PortStatus to, String reason, String detail, Long nextStep, Set extra,
                 long now) throws SQLException {
        StringBuilder sql = new StringBuilder("UPDATE port_ins SET status = ?, version = version + 1, updated_at = ?,"
                + " reason = ?, reason_message = ?, next_step_at = ?");
        List<Object> args = new ArrayList<>(List.of(to.wire(), now));
        args.add(reason);
        args.add(reason == null ? null : detail);
        args.add(nextStep);
        for (int i = 0; i < extra.columns().size(); i++) {
            sql.append(", ").append(extra.columns().get(i)).append(" = ?");
            args.add(extra.values().get(i));
        }
        sql.append(" WHERE id = ? AND status = ? AND version = ?");
        args.add(current.id());
        args.add(current.status().wire());
        args.add(current.version());
        if (Jdbc.update(c, sql.toString(), args.toArray()) == 0) {
            return false;
        }
        event(c, current.id(), to, reason, detail, now);
        if (to.terminal()) {
            Jdbc.update(c, "DELETE FROM port_in_active WHERE port_in_id = ?", current.id());
        }
        return true;
    }

    private void event(Connection c, String id, PortStatus status, String reason, String detail, long now)
            throws SQLException {
        Jdbc.update(c, "INSERT INTO port_in_events (id, port_in_id, status, reason, detail, at) VALUES (?, ?, ?, ?, ?, ?)",
                ids.next("pie"), id, status.wire(), reason, detail == null ? null : truncate(detail), now);
    }

    private static String truncate(String s) {
        return s.length() <= 500 ? s : s.substring(0, 497) + "...";
    }

    private static Row row(ResultSet rs) throws SQLException {
        return new Row(rs.getString("id"), rs.getString("project_id"), PortStatus.fromWire(rs.getString("status")),
                rs.getInt("version"), rs.getString("carrier_name"), rs.getString("account_number"),
                rs.getString("account_pin"), rs.getString("authorized_name"), rs.getString("service_address"),
                rs.getString("target_date"), rs.getString("foc_date"), Jdbc.nullableLong(rs, "foc_at"),
                rs.getString("documents"), rs.getString("notification_emails"), rs.getString("signer_name"),
                rs.getString("signer_title"), Jdbc.nullableLong(rs, "signed_at"), rs.getString("signed_from"),
                rs.getString("reason"), rs.getString("reason_message"), Jdbc.nullableLong(rs, "next_step_at"),
                rs.getLong("created_at"), rs.getLong("updated_at"));
    }
}
