package dev.cantila.engine.numbers;

import dev.cantila.engine.billing.Billing;
import dev.cantila.engine.config.NumbersSettings;
import dev.cantila.engine.core.ApiException;
import dev.cantila.engine.core.Ids;
import dev.cantila.engine.core.Page;
import dev.cantila.engine.storage.Database;
import io.helidon.dbclient.DbExecute;
import io.helidon.dbclient.DbRow;

import java.time.Clock;
import java.time.Instant;
import java.util.List;

/**
 * Transfers of held numbers between projects. The holder offers ({@code pending}); the receiving project accepts or
 * rejects with its own key, or the offer expires ({@code cantila.numbers.transfer-expiry}, 7 days); the holder may
 * cancel it while pending. Every move is a compare-and-set on {@code status = 'pending'}, and
 * {@code pending_e164} (UNIQUE, NULL once decided) keeps one pending offer per number.
 *
 * <p>On accept, in one transaction: the number's row moves to the receiving project only if the offering project
 * still holds it (a release or port-out in between wins: 409 {@code number_unavailable}) and it has not become that
 * project's SMS number; its routing is deleted; the offering project's queued and scheduled messages from it are
 * canceled with the reason "transferred to another project"; billing moves at the next cycle
 * ({@link Billing#transferLease}: the month already charged stays with the offering project).
 */
public final class Transfers {
    private final Database db;
    private final Clock clock;
    private final Ids ids;
    private final Numbers numbers;
    private final Billing billing;
    private final NumbersSettings settings;

    /** Dependencies of the transfer desk. */
    public record Deps(Database db, Clock clock, Ids ids, Numbers numbers, Billing billing, NumbersSettings settings) {
    }

    public Transfers(Deps d) {
        this.db = d.db();
        this.clock = d.clock();
        this.ids = d.ids();
        this.numbers = d.numbers();
        this.billing = d.billing();
        this.settings = d.settings();
    }

    public record Transfer(String id, String e164, String fromProjectId, String toProjectId, String status,
                           Instant createdAt, Instant expiresAt, Instant decidedAt) {
    }

    /** Offers {@code e164}, held by {@code fromProject}, to {@code toProject}. */
    public Transfer offer(String fromProject, String e164, String toProject) {
        if (fromProject.equals(toProject)) {
            throw ApiException.invalid("toProjectId", "toProjectId is the project that holds " + e164);
        }
        String id = ids.next("xfer");
        long now = clock.millis();
        try {
            db.inTx(tx -> {
                requireTransferable(tx, fromProject, e164);
                expireDue(tx, now);
                return Database.update(tx, "INSERT INTO number_transfers (id, e164, pending_e164, from_project_id,"
                        + " to_project_id, status, created_at, expires_at) VALUES (?, ?, ?, ?, ?, 'pending', ?, ?)", id,
                        e164, e164, fromProject, toProject, now, now + settings.transferExpiry().toMillis());
            });
        } catch (RuntimeException e) {
            if (Database.isUniqueViolation(e)) {
                throw ApiException.conflict("transfer_pending", e164 + " already has a pending transfer");
            }
            throw e;
        }
        return get(id);
    }

    public Transfer accept(String id) {
        List<Runnable> after = db.inTx(tx -> {
            Transfer t = pending(tx, id);
            requireTransferable(tx, t.fromProjectId(), t.e164());
            decide(tx, t, "accepted");
            String oldLease = Database.str(Database.one(tx, "SELECT lease_id FROM numbers WHERE e164 = ?", r -> r,
                    t.e164()).orElseThrow(), "lease_id");
            String lease = billing.transferLease(tx, oldLease, t.toProjectId(), clock.millis());
            if (Database.update(tx, "UPDATE numbers SET project_id = ?, lease_id = ?, acquired_at = ?,"
                    + " port_out_pin_hash = NULL WHERE e164 = ? AND project_id = ? AND status = 'held' AND lease_id = ?",
                    t.toProjectId(), lease, clock.millis(), t.e164(), t.fromProjectId(), oldLease) == 0) {
                throw ApiException.conflict("number_unavailable", t.e164() + " is no longer held by "
                        + t.fromProjectId());
            }
            return numbers.gone(tx, t.fromProjectId(), t.e164(), "the sending number was transferred to another"
                    + " project");
        });
        after.forEach(Runnable::run);
        return get(id);
    }

    public Transfer reject(String id) {
        db.inTx(tx -> {
            decide(tx, pending(tx, id), "rejected");
            return null;
        });
        return get(id);
    }

    public Transfer cancel(String id) {
        db.inTx(tx -> {
            decide(tx, pending(tx, id), "canceled");
            return null;
        });
        return get(id);
    }

    public Transfer get(String id) {
        db.inTx(tx -> expireDue(tx, clock.millis()));
        return Database.one(db.exec(), "SELECT * FROM number_transfers WHERE id = ?", Transfers::row, id)
                .orElseThrow(() -> ApiException.notFound("transfer", id));
    }

    /** The transfers a project offered or was offered, newest first. */
    public Page<Transfer> list(String projectId, String cursor, int limit) {
        db.inTx(tx -> expireDue(tx, clock.millis()));
        String where = "(from_project_id = ? OR to_project_id = ?)";
        List<Transfer> rows = cursor == null
                ? Database.list(db.exec(), "SELECT * FROM number_transfers WHERE " + where + " ORDER BY id DESC LIMIT ?",
                Transfers::row, projectId, projectId, limit + 1)
                : Database.list(db.exec(), "SELECT * FROM number_transfers WHERE " + where + " AND id < ? ORDER BY id"
                + " DESC LIMIT ?", Transfers::row, projectId, projectId, cursor, limit + 1);
        return Page.of(rows, limit, Transfer::id);
    }

    private Transfer pending(DbExecute tx, String id) {
        expireDue(tx, clock.millis());
        Transfer t = Database.one(tx, "SELECT * FROM number_transfers WHERE id = ?", Transfers::row, id)
                .orElseThrow(() -> ApiException.notFound("transfer", id));
        if (!t.status().equals("pending")) {
            throw ApiException.conflict("transfer_" + t.status(), "transfer " + id + " is " + t.status()
                    + "; only a pending transfer can be accepted, rejected or canceled");
        }
        return t;
    }

    private void decide(DbExecute tx, Transfer t, String status) {
        if (Database.update(tx, "UPDATE number_transfers SET status = ?, pending_e164 = NULL, decided_at = ?"
                + " WHERE id = ? AND status = 'pending'", status, clock.millis(), t.id()) == 0) {
            throw ApiException.conflict("transfer_decided", "transfer " + t.id() + " was decided meanwhile");
        }
    }

    private static void requireTransferable(DbExecute tx, String projectId, String e164) {
        if (Database.one(tx, "SELECT 1 AS x FROM numbers WHERE e164 = ? AND project_id = ? AND status = 'held'",
                r -> true, e164, projectId).isEmpty()) {
            throw ApiException.conflict("number_unavailable", e164 + " is not held by " + projectId);
        }
        if (Database.one(tx, "SELECT 1 AS x FROM sms_activations WHERE e164 = ?", r -> true, e164).isPresent()) {
            throw ApiException.conflict("number_in_use", e164 + " is the active SMS number of " + projectId
                    + ": POST /v1/projects/" + projectId + "/sms/deactivate before transferring it");
        }
    }

    private static long expireDue(DbExecute tx, long now) {
        return Database.update(tx, "UPDATE number_transfers SET status = 'expired', pending_e164 = NULL, decided_at = ?"
                + " WHERE status = 'pending' AND expires_at <= ?", now, now);
    }

    private static Transfer row(DbRow r) {
        Long decided = Database.nullableLong(r, "decided_at");
        return new Transfer(Database.str(r, "id"), Database.str(r, "e164"), Database.str(r, "from_project_id"),
                Database.str(r, "to_project_id"), Database.str(r, "status"),
                Instant.ofEpochMilli(Database.lng(r, "created_at")), Instant.ofEpochMilli(Database.lng(r, "expires_at")),
                decided == null ? null : Instant.ofEpochMilli(decided));
    }
}
