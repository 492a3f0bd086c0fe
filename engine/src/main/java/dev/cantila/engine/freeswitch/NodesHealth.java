package dev.cantila.engine.freeswitch;

import io.helidon.health.HealthCheck;
import io.helidon.health.HealthCheckResponse;
import io.helidon.health.HealthCheckType;

import java.time.Clock;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

/**
 * The {@code freeswitch} health check: each node's connection state, since when it holds, and the last error seen
 * on it; {@code DOWN} while no node is connected (no call can be placed or received). Fed by the nodes' connect
 * sequences ({@link #connected}, {@link #failed}); read by {@code /observe/health} on any thread.
 */
final class NodesHealth implements HealthCheck {
    /** One node's state. {@code since}: when it last connected or lost/failed its connection (null: not yet tried). */
    record NodeState(boolean connected, Instant since, String lastError, Instant lastErrorAt) {
    }

    private final Clock clock;
    private final List<FreeSwitchSettings.Node> nodes;
    private final Map<String, NodeState> states = new ConcurrentHashMap<>();

    NodesHealth(Clock clock, List<FreeSwitchSettings.Node> nodes) {
        this.clock = clock;
        this.nodes = List.copyOf(nodes);
    }

    void connected(String node) {
        states.compute(node, (k, old) -> new NodeState(true, clock.instant(),
                old == null ? null : old.lastError(), old == null ? null : old.lastErrorAt()));
    }

    /** A connect attempt failed or the connection was lost. Keeps {@code since} while the node stays down. */
    void failed(String node, Throwable cause) {
        Instant now = clock.instant();
        String error = cause == null ? "closed" : String.valueOf(cause.getMessage() == null ? cause : cause.getMessage());
        states.compute(node, (k, old) -> new NodeState(false, old == null || old.connected() ? now : old.since(),
                error, now));
    }

    @Override
    public String name() {
        return "freeswitch";
    }

    @Override
    public HealthCheckType type() {
        return HealthCheckType.READINESS;
    }

    @Override
    public HealthCheckResponse call() {
        HealthCheckResponse.Builder response = HealthCheckResponse.builder();
        int up = 0;
        for (FreeSwitchSettings.Node node : nodes) {
            NodeState s = states.get(node.name());
            // flat keys: Helidon writes a detail value with toString, so a nested map would not be JSON
            String n = node.name() + ".";
            response.detail(n + "address", node.address());
            response.detail(n + "connected", s != null && s.connected());
            if (s != null && s.since() != null) {
                response.detail(n + "since", s.since().toString());
            }
            if (s != null && s.lastError() != null) {
                response.detail(n + "lastError", s.lastError());
                response.detail(n + "lastErrorAt", s.lastErrorAt().toString());
            }
            up += s != null && s.connected() ? 1 : 0;
        }
        response.detail("connected", up + " of " + nodes.size());
        return response.status(up > 0).build();
    }
}
