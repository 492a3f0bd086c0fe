package dev.cantila.engine.sms;

import dev.cantila.engine.core.ApiException;
import dev.cantila.engine.core.Ids;
import dev.cantila.engine.core.Page;
import dev.cantila.engine.projects.Projects;
import dev.cantila.engine.storage.Database;
import io.helidon.dbclient.DbRow;

import java.sql.SQLException;
import java.time.Clock;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.function.Supplier;

/**
 * SMS templates, stored per project. A template's body is checked with {@link TemplateText} when it is saved,
 * so a stored template always parses; {@link #render} is what the send path calls.
 *
 * <p>Every method takes the project id from the URL: a template of another project is a 404 here (the HTTP
 * layer has already turned another project's key into a 403).
 */
public final class Templates {
    public static final int MAX_NAME = 100;
    public static final int MAX_BODY = 1600;
    /** SQLSTATE for a unique-constraint violation, the same on H2 and PostgreSQL. */
    private static final String UNIQUE_VIOLATION = "23505";

    private final Database db;
    private final Ids ids;
    private final Clock clock;
    private final Projects projects;

    public Templates(Database db, Ids ids, Clock clock, Projects projects) {
        this.db = db;
        this.ids = ids;
        this.clock = clock;
        this.projects = projects;
    }

    /** A stored template; {@code variables} are its placeholder names in order. */
    public record Template(String id, String projectId, String name, String body, List<String> variables,
                           Instant createdAt, Instant updatedAt) {
    }

    /** A rendered template and what it would cost to send. */
    public record Preview(String body, String encoding, int segments, List<String> variables) {
    }

    public Template create(String projectId, String name, String body) {
        projects.get(projectId);
        String cleanName = checkName(name);
        checkBody(body);
        String id = ids.next("tpl");
        long now = clock.millis();
        uniqueName(cleanName, () -> Database.update(db.exec(),
                "INSERT INTO sms_templates (id, project_id, name, body, created_at, updated_at) VALUES (?, ?, ?, ?, ?, ?)",
                id, projectId, cleanName, body, now, now));
        return get(projectId, id);
    }

    public Template get(String projectId, String templateId) {
        return Database.one(db.exec(), "SELECT * FROM sms_templates WHERE id = ? AND project_id = ?",
                        Templates::template, templateId, projectId)
                .orElseThrow(() -> ApiException.notFound("template", templateId));
    }

    /** Newest first. */
    public Page<Template> list(String projectId, String cursor, int limit) {
        projects.get(projectId);
        List<Template> rows = cursor == null
                ? Database.list(db.exec(), "SELECT * FROM sms_templates WHERE project_id = ? ORDER BY id DESC LIMIT ?",
                Templates::template, projectId, limit + 1)
                : Database.list(db.exec(),
                "SELECT * FROM sms_templates WHERE project_id = ? AND id < ? ORDER BY id DESC LIMIT ?",
                Templates::template, projectId, cursor, limit + 1);
        return Page.of(rows, limit, Template::id);
    }

    /** Replaces name and body. */
    public Template replace(String projectId, String templateId, String name, String body) {
        get(projectId, templateId);
        String cleanName = checkName(name);
        checkBody(body);
        uniqueName(cleanName, () -> Database.update(db.exec(),
                "UPDATE sms_templates SET name = ?, body = ?, updated_at = ? WHERE id = ? AND project_id = ?",
                cleanName, body, clock.millis(), templateId, projectId));
        return get(projectId, templateId);
    }

    public void delete(String projectId, String templateId) {
        if (Database.update(db.exec(), "DELETE FROM sms_templates WHERE id = ? AND project_id = ?",
                templateId, projectId) == 0) {
            throw ApiException.notFound("template", templateId);
        }
    }

    /**
     * The body of template {@code templateId} of project {@code projectId} with {@code vars} substituted.
     *
     * @throws ApiException 404 for a template this project does not have; 400
     *                      {@code missing_template_variables} naming every variable {@code vars} lacks
     */
    public String render(String projectId, String templateId, Map<String, String> vars) {
        return TemplateText.render(get(projectId, templateId).body(), vars);
    }

    public Preview preview(String projectId, String templateId, Map<String, String> vars) {
        Template t = get(projectId, templateId);
        String body = TemplateText.render(t.body(), vars);
        Segments.Result cost = Segments.of(body);
        return new Preview(body, cost.encoding(), cost.segments(), t.variables());
    }

    private static String checkName(String name) {
        String clean = name == null ? "" : name.strip();
        if (clean.isEmpty() || clean.length() > MAX_NAME) {
            throw ApiException.invalid("name", "name must be 1-" + MAX_NAME + " characters");
        }
        return clean;
    }

    private static void checkBody(String body) {
        if (body == null || body.isBlank() || body.length() > MAX_BODY) {
            throw ApiException.invalid("body", "body must be 1-" + MAX_BODY + " characters and not blank, got "
                    + (body == null ? 0 : body.length()));
        }
        TemplateText.variables(body);
    }

    /**
     * Runs a write that may collide with another template's name. The unique constraint, not a prior SELECT,
     * decides, so two concurrent creates with one name cannot both succeed.
     */
    private static void uniqueName(String name, Supplier<Long> write) {
        try {
            write.get();
        } catch (RuntimeException e) {
            for (Throwable t = e; t != null; t = t.getCause()) {
                if (t instanceof SQLException sql && UNIQUE_VIOLATION.equals(sql.getSQLState())) {
                    throw ApiException.conflict("template_name_taken",
                            "this project already has a template named '" + name + "'");
                }
            }
            throw e;
        }
    }

    private static Template template(DbRow r) {
        String body = Database.str(r, "body");
        return new Template(Database.str(r, "id"), Database.str(r, "project_id"), Database.str(r, "name"), body,
                TemplateText.variables(body), Instant.ofEpochMilli(Database.lng(r, "created_at")),
                Instant.ofEpochMilli(Database.lng(r, "updated_at")));
    }
}
