package dev.cantila.engine.scripts;

import dev.cantila.runtime.WorkerStats;
import io.helidon.health.HealthCheck;
import io.helidon.health.HealthCheckResponse;
import io.helidon.health.HealthCheckType;
import java.util.function.Supplier;

/**
 * The {@code scripts} check of {@code /observe/health}: what the script workers do, and DOWN once {@code maxAbandoned}
 * workers were abandoned. An abandoned worker ran guest code that neither interrupt nor close could stop; Java cannot
 * kill its thread, so it may keep a core busy until the process restarts. One or two are survivable (a fresh worker
 * took each one's place and the script's text is refused from then on); at the threshold the process has lost a
 * share of its CPU worth a restart, which is what DOWN asks an orchestrator for. Workers stuck past their limit plus
 * the grace are reported but do not make it DOWN: within one more grace each is back or abandoned.
 *
 * <p>Before the first script ran the runtime does not exist yet: UP with no counts (creating it costs half a second).
 */
final class ScriptsHealth implements HealthCheck {
    private final Supplier<WorkerStats> stats;
    private final int maxAbandoned;

    ScriptsHealth(Supplier<WorkerStats> stats, int maxAbandoned) {
        this.stats = stats;
        this.maxAbandoned = maxAbandoned;
    }

    @Override
    public String name() {
        return "scripts";
    }

    @Override
    public HealthCheckType type() {
        return HealthCheckType.LIVENESS;
    }

    @Override
    public HealthCheckResponse call() {
        WorkerStats s = stats.get();
        HealthCheckResponse.Builder response = HealthCheckResponse.builder();
        if (s == null) {
            return response.status(true).detail("runtime", "not started").build();
        }
        return response.status(s.abandoned() < maxAbandoned)
                .detail("workers", s.workers())
                .detail("busy", s.busy())
                .detail("queued", s.queued())
                .detail("stuck", s.stuck())
                .detail("abandoned", s.abandoned())
                .detail("maxAbandoned", maxAbandoned)
                .build();
    }
}
