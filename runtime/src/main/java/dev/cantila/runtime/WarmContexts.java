package dev.cantila.runtime;

import java.time.Clock;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.Supplier;
import org.graalvm.polyglot.Context;
import org.graalvm.polyglot.Value;
import org.graalvm.polyglot.proxy.ProxyExecutable;
import org.graalvm.polyglot.proxy.ProxyObject;

/**
 * The warm contexts of SMS invocations ({@link RuntimeOptions.Warm}): each worker thread keeps at most
 * {@link #PER_WORKER} idle contexts, one per {@link Key} (tenant, script version, content, limits), least recently
 * used first out. A context is never shared: while an invocation runs in it, it is out of the map (so a worker that
 * is abandoned mid-run takes its context with it, and nobody else can pick it up).
 *
 * <p>Confinement: each worker's map is a {@link ThreadLocal} read and written only by that worker; a {@link Lease}
 * is used by one worker at a time. {@link #discard(String)} may be called from any thread: it only bumps the
 * tenant's generation, and each worker closes its stale contexts the next time it leases one.
 */
final class WarmContexts {
    /** Idle warm contexts one worker keeps; a realm with a typical handler is a few hundred KB of heap. */
    static final int PER_WORKER = 8;

    private final RuntimeOptions.Warm policy;
    private final Clock clock;
    private final Map<String, Long> generations = new ConcurrentHashMap<>();
    private final ThreadLocal<LinkedHashMap<Key, Lease>> idle = ThreadLocal.withInitial(LinkedHashMap::new);

    WarmContexts(RuntimeOptions.Warm policy, Clock clock) {
        this.policy = policy;
        this.clock = clock;
    }

    /** What a warm context is reused for: nothing crosses tenants, versions, texts or limits. */
    record Key(String tenant, String scriptId, String contentHash, Limits limits) {
    }

    boolean warmFor(String tenant) {
        return policy.warmFor(tenant);
    }

    /**
     * This worker's warm context for {@code key}, or a new one from {@code create} (fed the lease's recorder slot)
     * if it has none that is still fit. Closes the worker's contexts that went stale meanwhile.
     */
    Lease lease(Key key, java.util.function.Function<Supplier<Recorder>, Context> create) {
        LinkedHashMap<Key, Lease> mine = idle.get();
        long now = clock.millis();
        for (Iterator<Lease> it = mine.values().iterator(); it.hasNext(); ) {
            Lease lease = it.next();
            if (!fit(lease, now)) {
                it.remove();
                lease.close();
            }
        }
        Lease warm = mine.remove(key);
        if (warm != null) {
            warm.context.resetLimits();
            return warm;
        }
        Lease fresh = new Lease(key, generation(key.tenant()), now);
        fresh.context = create.apply(fresh::recorder);
        return fresh;
    }

    /** Back to this worker's idle contexts if it may serve another event, else closed. */
    void giveBack(Lease lease) {
        lease.events++;
        lease.sms.bind(null);
        if (!fit(lease, clock.millis())) {
            lease.close();
            return;
        }
        LinkedHashMap<Key, Lease> mine = idle.get();
        mine.put(lease.key, lease);
        if (mine.size() > PER_WORKER) {
            Iterator<Lease> eldest = mine.values().iterator();
            Lease out = eldest.next();
            eldest.remove();
            out.close();
        }
    }

    /** Closes every idle context of this worker (it was abandoned and came back: it takes no more work). */
    void closeMine() {
        LinkedHashMap<Key, Lease> mine = idle.get();
        mine.values().forEach(Lease::close);
        mine.clear();
    }

    /** No warm context of {@code tenant} made before now serves another event (a deploy). */
    void discard(String tenant) {
        generations.merge(tenant, 1L, Long::sum);
    }

    private long generation(String tenant) {
        return generations.getOrDefault(tenant, 0L);
    }

    private boolean fit(Lease lease, long now) {
        return lease.events < policy.maxEvents() && now - lease.born < policy.maxAge().toMillis()
                && lease.generation == generation(lease.key.tenant());
    }

    /**
     * One context and what was set up in it once: the prelude's {@code sms} entry point bound to a {@link HostSlot},
     * and the handler. Each invocation points the slots at its own recorder and host binding.
     */
    static final class Lease {
        private final Key key;
        private final long generation;
        private final long born;
        private final HostSlot sms = new HostSlot();
        private Context context;
        private Recorder recorder;
        private int events;
        Value run;
        Value handler;

        private Lease(Key key, long generation, long born) {
            this.key = key;
            this.generation = generation;
            this.born = born;
        }

        Context context() {
            return context;
        }

        /** Set up for one invocation: the context's log and the prelude's host function point at its own. */
        void bind(Recorder recorder, SmsBinding binding) {
            this.recorder = recorder;
            sms.bind(binding);
        }

        /** The host function to give the prelude once per context. */
        ProxyExecutable host() {
            return sms;
        }

        private Recorder recorder() {
            return recorder;
        }

        void close() {
            try {
                context.close();
            } catch (RuntimeException e) {
                // A cancelled context rethrows its cancellation on close; nothing to report for an idle one.
            }
        }
    }

    /**
     * The host function of a warm context's prelude: the current invocation's {@link SmsBinding}. Between
     * invocations no guest code runs; if some did, it would be refused, not act for anyone.
     */
    private static final class HostSlot implements ProxyExecutable {
        private SmsBinding current;

        void bind(SmsBinding binding) {
            current = binding;
        }

        @Override
        public Object execute(Value... args) {
            if (current == null) {
                return ProxyObject.fromMap(Map.<String, Object>of("code", "no_event", "message", "no event is running"));
            }
            return current.execute(args);
        }
    }
}
