package dev.cantila.engine.scripts;

import com.fasterxml.jackson.databind.JsonNode;
import dev.cantila.engine.core.ApiException;
import dev.cantila.engine.core.Ids;
import dev.cantila.engine.core.Page;
import dev.cantila.engine.http.Json;
import dev.cantila.engine.sms.SmsService;
import dev.cantila.engine.storage.Database;
import io.helidon.dbclient.DbRow;

import java.time.Clock;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;

/**
 * The execution log: every time a number's routing ran (a script, a URL, a forward) with the event, what was
 * done, the logs, the duration and any error ({@code file:line:column}, message, stack). Shown per script, and
 * kept for URL and forward routing too (they have no script id), so that failures are for the author to see.
 */
public final class Executions {
    /** {@code script_executions.detail} is VARCHAR(65000). */
    public static final int MAX_DETAIL = 65_000;

    private final Database db;
    private final Clock clock;
    private final Ids ids;
    private final SmsService sms;

    public Executions(Database db, Clock clock, Ids ids, SmsService sms) {
        this.db = db;
        this.clock = clock;
        this.ids = ids;
        this.sms = sms;
    }

    /** One record; {@code detail} holds event, actions, logs and error as JSON. */
    public record Record(String id, String projectId, String scriptId, Integer version, String target, String e164,
                         String eventType, String eventId, String outcome, long durationMs, JsonNode detail,
                         Instant createdAt) {
    }

    /** One routing run of an inbound message, as logged. */
    record Entry(String projectId, String scriptId, Integer version, String target, String e164, String eventId,
                 String outcome, long durationMs, Object detail) {
    }

    /** @param eventType {@code sms} or {@code call} */
    String record(String eventType, String projectId, String scriptId, Integer version, String target, String e164,
                  String eventId, String outcome, long durationMs, Object detail) {
        return record(eventType, new Entry(projectId, scriptId, version, target, e164, eventId, outcome, durationMs,
                detail), List.of());
    }

    /**
     * Logs an SMS run together with the messages it sent (its {@code queued} replies and forwards): one transaction,
     * so a run costs one commit, and a logged run's messages are stored. Wakes the dispatcher after the commit.
     */
    String record(Entry e, List<SmsService.Pending> queued) {
        return record("sms", e, queued);
    }

    private String record(String eventType, Entry e, List<SmsService.Pending> queued) {
        String id = ids.next("exe");
        String detail = ExecutionDetail.fit(e.detail(), MAX_DETAIL);
        db.inJdbcTx(tx -> {
            sms.queue(tx, queued);
            return Database.update(tx, "INSERT INTO script_executions (id, project_id, script_id, version, target,"
                            + " e164, event_type, event_id, outcome, duration_ms, detail, created_at)"
                            + " VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)", id, e.projectId(), e.scriptId(),
                    e.version(), e.target(), e.e164(), eventType, e.eventId(), e.outcome(), e.durationMs(), detail,
                    clock.millis());
        });
        if (!queued.isEmpty()) {
            sms.wakeDispatcher();
        }
        return id;
    }

    public Page<Record> forScript(String projectId, String scriptId, String cursor, int limit) {
        return page("script_id", projectId, scriptId, cursor, limit);
    }

    /** Every run for traffic of {@code e164} (scripts, URL routes, forwards), newest first. */
    public Page<Record> forNumber(String projectId, String e164, String cursor, int limit) {
        return page("e164", projectId, e164, cursor, limit);
    }

    private Page<Record> page(String column, String projectId, String value, String cursor, int limit) {
        List<Object> params = new ArrayList<>(List.of(projectId, value));
        String more = "";
        if (cursor != null) {
            more = " AND id < ?";
            params.add(cursor);
        }
        params.add(limit + 1);
        return Page.of(Database.list(db.exec(), "SELECT * FROM script_executions WHERE project_id = ? AND " + column
                + " = ?" + more + " ORDER BY id DESC LIMIT ?", Executions::row, params.toArray()), limit, Record::id);
    }

    public Record get(String projectId, String id) {
        return Database.one(db.exec(), "SELECT * FROM script_executions WHERE project_id = ? AND id = ?",
                Executions::row, projectId, id).orElseThrow(() -> ApiException.notFound("execution", id));
    }

    private static Record row(DbRow r) {
        Object version = Database.value(r, "version");
        return new Record(Database.str(r, "id"), Database.str(r, "project_id"), Database.str(r, "script_id"),
                version == null ? null : ((Number) version).intValue(), Database.str(r, "target"),
                Database.str(r, "e164"), Database.str(r, "event_type"), Database.str(r, "event_id"),
                Database.str(r, "outcome"), Database.lng(r, "duration_ms"), Json.parse(Database.str(r, "detail")),
                Instant.ofEpochMilli(Database.lng(r, "created_at")));
    }
}
