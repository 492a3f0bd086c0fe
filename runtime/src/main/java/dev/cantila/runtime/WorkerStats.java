package dev.cantila.runtime;

import java.util.Map;
import java.util.TreeMap;

/**
 * What the script workers are doing, for health checks and metrics.
 *
 * @param workers   live worker threads (abandoned ones excluded)
 * @param busy      workers running an invocation now
 * @param queued    tenant (project) → invocations waiting for a worker; tenants with none are left out
 * @param abandoned workers given up on that have not come back: their guest code could not be stopped within the
 *                  grace, a fresh thread took their place, and each may keep a core busy until the process restarts
 *                  (one whose stop landed late finishes, exits and is no longer counted)
 * @param stuck     invocations past their wall clock plus the kill grace that have not stopped yet (about to be
 *                  abandoned)
 */
public record WorkerStats(int workers, int busy, Map<String, Integer> queued, int abandoned, int stuck) {
    public WorkerStats {
        queued = java.util.Collections.unmodifiableMap(new TreeMap<>(queued));
    }
}
