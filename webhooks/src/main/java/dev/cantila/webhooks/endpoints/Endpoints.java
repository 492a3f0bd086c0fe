package dev.cantila.webhooks.endpoints;

import dev.cantila.webhooks.WebhookException;
import dev.cantila.webhooks.events.EventTypes;
import dev.cantila.webhooks.outbound.TargetPolicy;
import dev.cantila.webhooks.storage.Ids;
import dev.cantila.webhooks.storage.Jdbc;

import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * Endpoint CRUD and secret rotation, scoped to a project. Thread-safe; each call is one transaction.
 * Deleting an endpoint dead-letters its undelivered deliveries (error {@code endpoint deleted}) and keeps the
 * delivery log; a disabled endpoint's deliveries wait, in order, until it is enabled again.
 */
public final class Endpoints {
    public static final Duration MAX_ROTATION_OVERLAP = Duration.ofDays(7);
    private static final String ACTIVE_SECRET = "(s.expires_at IS NULL OR s.expires_at > ?)";

    private final Jdbc jdbc;
    private final Clock clock;
    private final Ids ids;
    private final EventTypes types;
    private final TargetPolicy targets;
    private final Subscriptions subscriptions;

    /** @param targets which URLs an endpoint may have (refused ones are a 400 on {@code url}) */
    public Endpoints(Jdbc jdbc, Clock clock, Ids ids, EventTypes types, TargetPolicy targets) {
        this(jdbc, clock, ids, types, targets, new Subscriptions(clock));
    }

    /** @param subscriptions the outbox's cache of who subscribes, told of every change here */
    public Endpoints(Jdbc jdbc, Clock clock, Ids ids, EventTypes types, TargetPolicy targets,
                     Subscriptions subscriptions) {
        this.subscriptions = subscriptions;
        this.jdbc = jdbc;
        this.clock = clock;
        this.ids = ids;
        this.types = types;
        this.targets = targets;
    }

    /** Creates an active endpoint with a new secret, returned once. */
    public EndpointWithSecret create(String projectId, NewEndpoint request) {
        String url = WebhookUrls.require(request.url(), "url", targets);
        List<String> patterns = types.requirePatterns(request.events());
        String description = description(request.description());
        String id = ids.next("whk");
        String secret = Ids.secret();
        long now = clock.millis();
        EndpointWithSecret created = jdbc.inTransaction(c -> {
            Jdbc.update(c, "INSERT INTO webhook_endpoints (id, project_id, url, event_types, description, active,"
                            + " created_at, updated_at) VALUES (?, ?, ?, ?, ?, TRUE, ?, ?)",
                    id, projectId, url, String.join(" ", patterns), description, now, now);
            insertSecret(c, id, secret, now);
            return new EndpointWithSecret(load(c, projectId, id), secret);
        });
        subscriptions.invalidate(projectId);
        return created;
    }

    public List<Endpoint> list(String projectId) {
        return jdbc.inTransaction(c -> {
            Map<String, List<Endpoint.SecretInfo>> secrets = new HashMap<>();
            Jdbc.query(c, "SELECT s.endpoint_id, s.secret, s.created_at, s.expires_at FROM webhook_secrets s"
                            + " JOIN webhook_endpoints e ON e.id = s.endpoint_id WHERE e.project_id = ? AND "
                            + ACTIVE_SECRET + " ORDER BY s.created_at DESC, s.id DESC",
                    rs -> secrets.computeIfAbsent(rs.getString("endpoint_id"), k -> new ArrayList<>())
                            .add(secretInfo(rs)), projectId, clock.millis());
            return Jdbc.query(c, "SELECT * FROM webhook_endpoints WHERE project_id = ? ORDER BY id",
                    rs -> endpoint(rs, secrets.getOrDefault(rs.getString("id"), List.of())), projectId);
        });
    }

    /** @throws WebhookException not found when the endpoint does not exist in this project */
    public Endpoint get(String projectId, String endpointId) {
        return jdbc.inTransaction(c -> load(c, projectId, endpointId));
    }

    public Endpoint update(String projectId, String endpointId, EndpointUpdate update) {
        String url = update.url().map(u -> WebhookUrls.require(u, "url", targets)).orElse(null);
        String patterns = update.events().map(t -> String.join(" ", types.requirePatterns(t))).orElse(null);
        String description = update.description().map(Endpoints::description).orElse(null);
        Endpoint updated = jdbc.inTransaction(c -> {
            Endpoint current = load(c, projectId, endpointId);
            Jdbc.update(c, "UPDATE webhook_endpoints SET url = ?, event_types = ?, description = ?, active = ?,"
                            + " updated_at = ? WHERE id = ?",
                    url != null ? url : current.url(),
                    patterns != null ? patterns : String.join(" ", current.events()),
                    update.description().isPresent() ? description : current.description(),
                    update.active().orElse(current.active()), clock.millis(), endpointId);
            return load(c, projectId, endpointId);
        });
        subscriptions.invalidate(projectId);
        return updated;
    }

    public void delete(String projectId, String endpointId) {
        long now = clock.millis();
        jdbc.inTransaction(c -> {
            load(c, projectId, endpointId);
            Jdbc.update(c, "UPDATE webhook_deliveries SET status = 'dead', last_error = 'endpoint deleted',"
                    + " lease_token = NULL, lease_until = NULL, updated_at = ?"
                    + " WHERE endpoint_id = ? AND status IN ('pending', 'failed')", now, endpointId);
            Jdbc.update(c, "DELETE FROM webhook_secrets WHERE endpoint_id = ?", endpointId);
            return Jdbc.update(c, "DELETE FROM webhook_endpoints WHERE id = ?", endpointId);
        });
        subscriptions.invalidate(projectId);
    }

    /**
     * Adds a new secret, returned once, and lets the currently active ones sign for {@code overlap} more (zero:
     * they stop at once). Receivers accept either while they switch.
     *
     * @throws WebhookException {@code invalid_request} on field {@code overlapSeconds} outside [0, 7 days]
     */
    public EndpointWithSecret rotateSecret(String projectId, String endpointId, Duration overlap) {
        if (overlap.isNegative() || overlap.compareTo(MAX_ROTATION_OVERLAP) > 0) {
            throw WebhookException.invalid("invalid_request", "overlapSeconds", "overlapSeconds must be between 0 and "
                    + MAX_ROTATION_OVERLAP.toSeconds() + " (" + MAX_ROTATION_OVERLAP.toDays() + " days), was "
                    + overlap.toSeconds());
        }
        String secret = Ids.secret();
        long now = clock.millis();
        long expiry = now + overlap.toMillis();
        return jdbc.inTransaction(c -> {
            load(c, projectId, endpointId);
            Jdbc.update(c, "UPDATE webhook_secrets SET expires_at = ? WHERE endpoint_id = ?"
                    + " AND (expires_at IS NULL OR expires_at > ?)", expiry, endpointId, expiry);
            insertSecret(c, endpointId, secret, now);
            return new EndpointWithSecret(load(c, projectId, endpointId), secret);
        });
    }

    /** The secrets that sign a delivery to {@code endpointId} at {@code nowMillis}, newest first. */
    public static List<String> activeSecrets(Connection c, String endpointId, long nowMillis) throws SQLException {
        return Jdbc.query(c, "SELECT s.secret FROM webhook_secrets s WHERE s.endpoint_id = ? AND " + ACTIVE_SECRET
                + " ORDER BY s.created_at DESC, s.id DESC", rs -> rs.getString(1), endpointId, nowMillis);
    }

    private Endpoint load(Connection c, String projectId, String endpointId) throws SQLException {
        List<Endpoint.SecretInfo> secrets = Jdbc.query(c, "SELECT s.secret, s.created_at, s.expires_at"
                        + " FROM webhook_secrets s WHERE s.endpoint_id = ? AND " + ACTIVE_SECRET
                        + " ORDER BY s.created_at DESC, s.id DESC", Endpoints::secretInfo, endpointId, clock.millis());
        return Jdbc.queryOne(c, "SELECT * FROM webhook_endpoints WHERE id = ? AND project_id = ?",
                        rs -> endpoint(rs, secrets), endpointId, projectId)
                .orElseThrow(() -> WebhookException.notFound("webhook endpoint", endpointId));
    }

    private void insertSecret(Connection c, String endpointId, String secret, long now) throws SQLException {
        Jdbc.update(c, "INSERT INTO webhook_secrets (id, endpoint_id, secret, created_at, expires_at)"
                + " VALUES (?, ?, ?, ?, NULL)", ids.next("whs"), endpointId, secret, now);
    }

    private static Endpoint endpoint(ResultSet rs, List<Endpoint.SecretInfo> secrets) throws SQLException {
        return new Endpoint(rs.getString("id"), rs.getString("project_id"), rs.getString("url"), patterns(rs),
                rs.getString("description"), rs.getBoolean("active"), List.copyOf(secrets),
                Instant.ofEpochMilli(rs.getLong("created_at")), Instant.ofEpochMilli(rs.getLong("updated_at")));
    }

    private static List<String> patterns(ResultSet rs) throws SQLException {
        return Arrays.asList(rs.getString("event_types").split(" "));
    }

    private static Endpoint.SecretInfo secretInfo(ResultSet rs) throws SQLException {
        Long expires = Jdbc.nullableLong(rs, "expires_at");
        return new Endpoint.SecretInfo(rs.getString("secret").substring(0, 10) + "…",
                Instant.ofEpochMilli(rs.getLong("created_at")), expires == null ? null : Instant.ofEpochMilli(expires));
    }

    private static String description(String description) {
        if (description != null && description.length() > 500) {
            throw WebhookException.invalid("invalid_request", "description",
                    "description is longer than 500 characters (" + description.length() + ")");
        }
        return description;
    }
}
