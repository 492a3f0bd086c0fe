package dev.cantila.engine.porting;

import dev.cantila.engine.config.PortingSettings;
import dev.cantila.engine.core.ApiException;
import dev.cantila.engine.core.Ids;
import dev.cantila.engine.core.Page;
import dev.cantila.engine.storage.Database;
import dev.cantila.webhooks.Webhooks;
import dev.cantila.webhooks.events.NewEvent;
import dev.cantila.webhooks.storage.Jdbc;

import java.sql.Connection;
import java.sql.SQLException;
import java.time.Clock;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Port-in requests: create, read, sign, resubmit, cancel; the simulated carrier's moves are {@link PortCarrier}'s.
 * Every move goes through {@link #move}, which writes the move, its timeline row and its {@code number.port_in.*}
 * webhook event in one transaction. A number is in at most one active request: {@code port_in_active}'s primary key
 * decides between racing creators, and the loser gets 409 {@code number_in_port} naming the number.
 */
public final class PortIns {
    private final Database db;
    private final Clock clock;
    private final Ids ids;
    private final Webhooks webhooks;
    private final PortingSettings settings;
    private final PortInStore store;

    public PortIns(Database db, Clock clock, Ids ids, Webhooks webhooks, PortingSettings settings) {
        this.db = db;
        this.clock = clock;
        this.ids = ids;
        this.webhooks = webhooks;
        this.settings = settings;
        this.store = new PortInStore(ids);
    }

    /** A request as the customer writes it; on resubmit, null fields keep their stored value. */
    public record Draft(List<String> numbers, String carrierName, String accountNumber, String pin,
                        String authorizedName, String serviceAddress, LocalDate targetDate, List<String> documents,
                        List<String> notificationEmails) {
    }

    public PortIn create(String projectId, Draft d) {
        List<Portability.Parsed> numbers = parse(d.numbers());
        LocalDate today = LocalDate.ofInstant(clock.instant(), ZoneOffset.UTC);
        checkTarget(numbers, d.targetDate(), today);
        String id = ids.next("portin");
        long now = clock.millis();
        PortInStore.Account account = new PortInStore.Account(d.carrierName(), d.accountNumber(), d.pin(),
                d.authorizedName(), d.serviceAddress(), d.targetDate() == null ? null : d.targetDate().toString(),
                String.join(" ", d.documents()), emails(d.notificationEmails()));
        try {
            db.inJdbcTx(c -> {
                checkDocuments(c, projectId, d.documents());
                Map<String, String> taken = Portability.taken(c, numbers.stream().map(Portability.Parsed::e164).toList());
                for (int i = 0; i < numbers.size(); i++) {
                    refuseTaken(c, numbers.get(i).e164(), taken.get(numbers.get(i).e164()), i);
                }
                store.insert(c, id, projectId, account, now + settings.scaled(settings.reviewDelay().toMillis()), now);
                for (Portability.Parsed n : numbers) {
                    store.addNumber(c, id, n);
                }
                emit(c, store.load(c, id).orElseThrow());
                return null;
            });
        } catch (RuntimeException e) {
            if (!Database.isUniqueViolation(e)) {
                throw e;
            }
            // another request took one of the numbers between our check and our insert: name it
            db.inJdbcTx(c -> {
                for (int i = 0; i < numbers.size(); i++) {
                    refuseTaken(c, numbers.get(i).e164(), store.activePortOf(c, numbers.get(i).e164()).isPresent()
                            ? "in_port" : null, i);
                }
                return null;
            });
            throw e;
        }
        webhooks.worker().wakeUp();
        return get(projectId, id);
    }

    public PortIn get(String projectId, String id) {
        return db.inJdbcTx(c -> view(c, owned(c, projectId, id)));
    }

    public Page<PortIn> list(String projectId, String cursor, int limit) {
        return db.inJdbcTx(c -> {
            List<PortIn> out = new ArrayList<>();
            for (PortInStore.Row r : store.list(c, projectId, cursor, limit)) {
                out.add(view(c, r));
            }
            return Page.of(out, limit, PortIn::id);
        });
    }

    /** The e-LOA: {@code waiting_for_signature → submitted}; the carrier answers after its delay. */
    public PortIn sign(String projectId, String id, String signerName, String title, String clientAddress) {
        long now = clock.millis();
        return moveByCustomer(projectId, id, PortStatus.SUBMITTED, null, "signed by " + signerName,
                now + settings.scaled(settings.carrierDelay().toMillis()), PortInStore.Set.of("signer_name", signerName,
                        "signer_title", title, "signed_at", now, "signed_from", clientAddress));
    }

    /** {@code action_required → in_review} with the customer's fixes; the signature must be given again. */
    public PortIn resubmit(String projectId, String id, Draft fixes) {
        LocalDate today = LocalDate.ofInstant(clock.instant(), ZoneOffset.UTC);
        return db.inJdbcTx(c -> {
            PortInStore.Row r = owned(c, projectId, id);
            List<Object> cols = new ArrayList<>();
            if (fixes.targetDate() != null) {
                checkTarget(parse(store.numbers(c, id, null).stream().map(PortIn.Number::e164).toList()),
                        fixes.targetDate(), today);
                cols.addAll(List.of("target_date", fixes.targetDate().toString()));
            }
            if (fixes.documents() != null) {
                checkDocuments(c, projectId, fixes.documents());
                cols.addAll(List.of("documents", String.join(" ", fixes.documents())));
            }
            addIfGiven(cols, "carrier_name", fixes.carrierName());
            addIfGiven(cols, "account_number", fixes.accountNumber());
            addIfGiven(cols, "account_pin", fixes.pin());
            addIfGiven(cols, "authorized_name", fixes.authorizedName());
            addIfGiven(cols, "service_address", fixes.serviceAddress());
            cols.addAll(java.util.Arrays.asList("signer_name", null, "signer_title", null, "signed_at", null,
                    "signed_from", null));
            move(c, r, PortStatus.IN_REVIEW, null, "resubmitted", clock.millis()
                    + settings.scaled(settings.reviewDelay().toMillis()), PortInStore.Set.of(cols.toArray()), true);
            return view(c, store.load(c, id).orElseThrow());
        });
    }

    /** Cancels a request that has not completed (until the FOC instant). */
    public PortIn cancel(String projectId, String id) {
        return moveByCustomer(projectId, id, PortStatus.CANCELED, "canceled_by_customer", "canceled by the customer",
                null, PortInStore.Set.of());
    }

    private PortIn moveByCustomer(String projectId, String id, PortStatus to, String reason, String detail,
                                  Long next, PortInStore.Set set) {
        PortIn out = db.inJdbcTx(c -> {
            move(c, owned(c, projectId, id), to, reason, detail, next, set, true);
            return view(c, store.load(c, id).orElseThrow());
        });
        webhooks.worker().wakeUp();
        return out;
    }

    /**
     * {@code r → to} with its timeline row and webhook event, in {@code c}'s transaction. A move the state table does
     * not allow is 409 {@code invalid_port_transition}; a lost compare-and-set is 409 {@code port_in_changed} when
     * {@code strict} (a customer's request), else false (the carrier's worker just skips it).
     */
    boolean move(Connection c, PortInStore.Row r, PortStatus to, String reason, String detail, Long next,
                 PortInStore.Set set, boolean strict) throws SQLException {
        to.requireFrom(r.status(), r.id());
        if (!store.move(c, r, to, reason, detail, next, set, clock.millis())) {
            if (strict) {
                throw ApiException.conflict("port_in_changed", "port-in " + r.id() + " moved on while this request"
                        + " was made; read it again");
            }
            return false;
        }
        emit(c, store.load(c, r.id()).orElseThrow());
        return true;
    }

    PortInStore store() {
        return store;
    }

    /** After a transaction with moves committed: the webhook worker has events to deliver. */
    void committed() {
        webhooks.worker().wakeUp();
    }

    private void emit(Connection c, PortInStore.Row r) throws SQLException {
        Map<String, Object> data = new LinkedHashMap<>();
        data.put("portInId", r.id());
        data.put("status", r.status().wire());
        data.put("reason", r.reason());
        data.put("reasonMessage", r.reasonMessage());
        data.put("focDate", r.focDate());
        data.put("numbers", store.numbers(c, r.id(), r.status().wire()).stream().map(PortIn.Number::e164).toList());
        webhooks.emit(c, NewEvent.of(r.projectId(), r.status().eventType(), r.id(), data));
    }

    private PortInStore.Row owned(Connection c, String projectId, String id) throws SQLException {
        return store.load(c, id).filter(r -> r.projectId().equals(projectId))
                .orElseThrow(() -> ApiException.notFound("port-in", id));
    }

    private PortIn view(Connection c, PortInStore.Row r) throws SQLException {
        String status = r.status().wire();
        PortIn.Reason reason = r.reason() == null ? null : new PortIn.Reason(r.reason(), r.reasonMessage());
        return new PortIn(r.id(), r.projectId(), status, store.numbers(c, r.id(), status),
                new PortIn.LosingCarrier(r.carrierName(), r.accountNumber(), r.pin() != null, r.authorizedName(),
                        r.serviceAddress()), r.targetDate(), r.focDate(),
                r.focAt() == null ? null : Instant.ofEpochMilli(r.focAt()),
                r.documents().isBlank() ? List.of() : List.of(r.documents().split(" ")),
                r.emails() == null ? List.of() : List.of(r.emails().split(",")),
                r.signedAt() == null ? null : new PortIn.Signature(r.signerName(), r.signerTitle(),
                        Instant.ofEpochMilli(r.signedAt()), r.signedFrom()),
                r.status() == PortStatus.ACTION_REQUIRED ? reason : null,
                r.status() == PortStatus.REJECTED ? reason : null,
                store.timeline(c, r.id()), Instant.ofEpochMilli(r.createdAt()), Instant.ofEpochMilli(r.updatedAt()));
    }

    private static List<Portability.Parsed> parse(List<String> raw) {
        if (raw.isEmpty() || raw.size() > Portability.MAX_NUMBERS) {
            throw ApiException.invalid("numbers", "numbers must list 1 to " + Portability.MAX_NUMBERS
                    + " numbers, got " + raw.size());
        }
        List<Portability.Parsed> out = new ArrayList<>();
        java.util.Set<String> seen = new HashSet<>();
        for (int i = 0; i < raw.size(); i++) {
            Portability.Parsed p = Portability.parse(raw.get(i));
            String field = "numbers[" + i + "]";
            if (p.reason() != null) {
                throw ApiException.invalid("not_portable", field, raw.get(i) + " cannot be ported in: " + p.reason());
            }
            if (!seen.add(p.e164())) {
                throw ApiException.invalid("duplicate_number", field, p.e164() + " is listed twice");
            }
            out.add(p);
        }
        return out;
    }

    private static void checkTarget(List<Portability.Parsed> numbers, LocalDate target, LocalDate today) {
        if (target == null) {
            return;
        }
        String refusal = PortCalendar.refusal(today, target);
        boolean us = numbers.stream().anyMatch(n -> n.country().equals("US"));
        if (us && refusal != null) {
            throw ApiException.invalid("targetDate", refusal);
        }
        if (!target.isAfter(today)) {
            throw ApiException.invalid("targetDate", "targetDate must be after today (" + today + "), got " + target);
        }
    }

    private void refuseTaken(Connection c, String e164, String reason, int index) throws SQLException {
        if ("in_port".equals(reason)) {
            throw new ApiException(ApiException.Kind.CONFLICT, "number_in_port", e164 + " is already in port-in "
                    + store.activePortOf(c, e164).orElse("?"), "numbers[" + index + "]");
        }
        if ("on_platform".equals(reason)) {
            throw new ApiException(ApiException.Kind.CONFLICT, "number_on_platform", e164
                    + " is already on this platform (held, aging or in the catalog)", "numbers[" + index + "]");
        }
    }

    private static void checkDocuments(Connection c, String projectId, List<String> documents) throws SQLException {
        for (int i = 0; i < documents.size(); i++) {
            String doc = documents.get(i);
            if (Jdbc.queryOne(c, "SELECT id FROM port_documents WHERE id = ? AND project_id = ?", rs -> rs.getString(1),
                    doc, projectId).isEmpty()) {
                throw ApiException.invalid("unknown_document", "documents[" + i + "]", "document " + doc
                        + " does not exist in project " + projectId);
            }
        }
    }

    private static String emails(List<String> emails) {
        return emails == null || emails.isEmpty() ? null : String.join(",", emails);
    }

    private static void addIfGiven(List<Object> cols, String column, String value) {
        if (value != null) {
            cols.add(column);
            cols.add(value);
        }
    }
}
