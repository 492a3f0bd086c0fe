package dev.cantila.engine.porting;

import dev.cantila.engine.config.PortingSettings;
import dev.cantila.engine.storage.Database;
import dev.cantila.webhooks.storage.Jdbc;

import java.sql.Connection;
import java.sql.SQLException;
import java.time.Clock;
import java.time.LocalDate;
import java.time.LocalTime;
import java.time.ZoneOffset;
import java.util.List;
import java.util.logging.Level;
import java.util.logging.Logger;

/**
 * The automatic side of a port-in, one due step at a time: our review ({@code in_review → waiting_for_signature},
 * or {@code action_required} with {@code document_missing} / {@code document_unreadable}), the expiry of an unsigned
 * request, the losing carrier's answer to a signed one ({@link LosingCarrier}), and completion at the FOC instant,
 * when the numbers become the project's ({@link Holder}).
 *
 * <p>What is due is stored ({@code port_ins.next_step_at}, by the engine's clock), so the steps are durable: an
 * engine killed between two steps does the next one when it is back. Each step is one transaction with the
 * compare-and-set of its move; of two instances polling the same step, one moves and the other skips.
 */
public final class PortCarrier {
    private static final Logger LOG = Logger.getLogger(PortCarrier.class.getName());
    /** The losing carrier releases numbers at 15:00 UTC (10:00 in New York) on the FOC date. */
    static final LocalTime FOC_TIME = LocalTime.of(15, 0);
    /** A document smaller than this cannot be a readable bill or letter of authorisation. */
    static final long MIN_READABLE_BYTES = 100;

    private final Database db;
    private final Clock clock;
    private final PortIns portIns;
    private final PortingSettings settings;
    private final Holder holder;

    /** Makes a ported number the project's, in the completing transaction. */
    public interface Holder {
        void hold(Connection c, String projectId, PortIn.Number number, long at) throws SQLException;
    }

    public PortCarrier(Database db, Clock clock, PortIns portIns, PortingSettings settings, Holder holder) {
        this.db = db;
        this.clock = clock;
        this.portIns = portIns;
        this.settings = settings;
        this.holder = holder;
    }

    /** Does every step due by now; returns how many requests moved. */
    public int pass() {
        List<String> due = db.inJdbcTx(c -> portIns.store().due(c, clock.millis()));
        int moved = 0;
        for (String id : due) {
            try {
                if (db.inJdbcTx(c -> step(c, id))) {
                    moved++;
                }
            } catch (RuntimeException e) {
                LOG.log(Level.WARNING, "port-in " + id + ": the due step failed; it is retried on the next pass", e);
            }
        }
        if (moved > 0) {
            portIns.committed();
        }
        return moved;
    }

    private boolean step(Connection c, String id) throws SQLException {
        long now = clock.millis();
        PortInStore.Row r = portIns.store().load(c, id).orElseThrow();
        if (r.nextStepAt() == null || r.nextStepAt() > now) {
            return false; // another instance moved it since we listed it
        }
        return switch (r.status()) {
            case IN_REVIEW -> review(c, r, now);
            case WAITING_FOR_SIGNATURE -> portIns.move(c, r, PortStatus.EXPIRED, "signature_timeout",
                    "no signature within " + settings.signatureWindow().toDays() + " days", null, PortInStore.Set.of(),
                    false);
            case SUBMITTED -> answer(c, r, now);
            case FOC_SCHEDULED -> complete(c, r, now);
            default -> {
                // nothing automatic happens in this state: stop listing it as due
                Jdbc.update(c, "UPDATE port_ins SET next_step_at = NULL WHERE id = ? AND version = ?", id, r.version());
                yield false;
            }
        };
    }

    private boolean review(Connection c, PortInStore.Row r, long now) throws SQLException {
        List<String> docs = r.documents().isBlank() ? List.of() : List.of(r.documents().split(" "));
        if (docs.isEmpty()) {
            return portIns.move(c, r, PortStatus.ACTION_REQUIRED, "document_missing", "attach a recent bill or a letter"
                    + " of authorisation (POST /v1/projects/" + r.projectId() + "/documents) and resubmit", null,
                    PortInStore.Set.of(), false);
        }
        for (String doc : docs) {
            long size = Jdbc.queryOne(c, "SELECT size_bytes FROM port_documents WHERE id = ?", rs -> rs.getLong(1), doc)
                    .orElse(0L);
            if (size < MIN_READABLE_BYTES) {
                return portIns.move(c, r, PortStatus.ACTION_REQUIRED, "document_unreadable", "document " + doc
                        + " cannot be read (" + size + " bytes); upload a legible copy and resubmit", null,
                        PortInStore.Set.of(), false);
            }
        }
        return portIns.move(c, r, PortStatus.WAITING_FOR_SIGNATURE, null, "review passed; sign the letter of"
                + " authorisation", now + settings.scaled(settings.signatureWindow().toMillis()), PortInStore.Set.of(),
                false);
    }

    private boolean answer(Connection c, PortInStore.Row r, long now) throws SQLException {
        LocalDate today = LocalDate.ofInstant(clock.instant(), ZoneOffset.UTC);
        List<String> numbers = portIns.store().numbers(c, r.id(), null).stream().map(PortIn.Number::e164).toList();
        LosingCarrier.Answer answer = LosingCarrier.decide(new LosingCarrier.Request(numbers, r.accountNumber(),
                r.pin(), r.authorizedName(), r.serviceAddress(), r.signerName(),
                r.targetDate() == null ? null : LocalDate.parse(r.targetDate())), today);
        return switch (answer) {
            case LosingCarrier.Refusal refusal -> portIns.move(c, r, refusal.status(), refusal.code(),
                    refusal.message(), null, PortInStore.Set.of(), false);
            case LosingCarrier.Foc foc -> {
                long focAt = foc.date().atTime(FOC_TIME).toInstant(ZoneOffset.UTC).toEpochMilli();
                yield portIns.move(c, r, PortStatus.FOC_SCHEDULED, null, "FOC " + foc.date() + " " + FOC_TIME + " UTC",
                        now + settings.scaled(focAt - now), PortInStore.Set.of("foc_date", foc.date().toString(),
                                "foc_at", focAt), false);
            }
        };
    }

    private boolean complete(Connection c, PortInStore.Row r, long now) throws SQLException {
        if (!portIns.move(c, r, PortStatus.COMPLETED, null, "numbers ported in", null, PortInStore.Set.of(), false)) {
            return false;
        }
        for (PortIn.Number n : portIns.store().numbers(c, r.id(), null)) {
            holder.hold(c, r.projectId(), n, now);
        }
        return true;
    }
}
