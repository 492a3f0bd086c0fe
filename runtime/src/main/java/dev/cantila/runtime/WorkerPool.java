package dev.cantila.runtime;

import java.util.ArrayDeque;
import java.util.HashMap;
import java.util.HashSet;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.concurrent.Executor;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.locks.Condition;
import java.util.concurrent.locks.ReentrantLock;

/**
 * The script workers: a fixed number of platform threads shared fairly among tenants (the engine's projects).
 * Each tenant has its own FIFO queue and may hold at most {@code perTenant} workers at once; free workers take the
 * next job round-robin over the tenants that have work and room, so a tenant flooding slow scripts queues behind
 * itself while every other tenant still gets a worker as soon as one frees up.
 *
 * <p>A worker whose guest code cannot be stopped (a context that neither interrupt nor {@code close(true)} can
 * end, see {@link Watchdog}) is <em>abandoned</em>: it no longer counts against its tenant or the pool, a fresh
 * thread takes its place at once, and if the old thread ever comes back it exits instead of taking more work.
 * Java cannot kill a thread, so an abandoned worker may keep a core busy until the process restarts; the count
 * of abandoned threads that have not come back is in {@link #stats} for health checks.
 *
 * <p>Threading: all state is guarded by {@link #lock}; jobs run outside it.
 */
final class WorkerPool implements AutoCloseable {
    private final ReentrantLock lock = new ReentrantLock();
    private final Condition work = lock.newCondition();
    private final Map<String, Tenant> tenants = new HashMap<>();
    /** Tenants with queued jobs, each at most once, in the order they get their next turn. */
    private final ArrayDeque<Tenant> ready = new ArrayDeque<>();
    private final Set<Worker> workers = new HashSet<>();
    private final int perTenant;
    private final int queuePerTenant;
    private final String namePrefix;
    private int started;
    private int abandoned;
    private boolean closed;

    WorkerPool(int size, int perTenant, int queuePerTenant, String namePrefix) {
        this.perTenant = perTenant;
        this.queuePerTenant = queuePerTenant;
        this.namePrefix = namePrefix;
        lock.lock();
        try {
            for (int i = 0; i < size; i++) {
                startWorker();
            }
        } finally {
            lock.unlock();
        }
    }

    /**
     * Queues {@code job} for {@code tenant}.
     *
     * @throws RejectedExecutionException when the tenant already has {@code queuePerTenant} jobs waiting, or the
     *                                    pool is closed
     */
    void execute(String tenant, Runnable job) {
        lock.lock();
        try {
            if (closed) {
                throw new RejectedExecutionException("script workers are shut down");
            }
            Tenant t = tenants.computeIfAbsent(tenant, Tenant::new);
            if (t.queue.size() >= queuePerTenant) {
                throw new RejectedExecutionException("tenant " + tenant + " already has " + t.queue.size()
                        + " script runs waiting (the limit)");
            }
            if (t.queue.isEmpty()) {
                ready.add(t);
            }
            t.queue.add(job);
            work.signal();
        } finally {
            lock.unlock();
        }
    }

    /** An executor whose jobs count against {@code tenant}. */
    Executor executor(String tenant) {
        return job -> execute(tenant, job);
    }

    /**
     * Gives up on the worker running on {@code thread}: its slot is released and a new worker starts. Idempotent;
     * false if the thread is not a live worker of this pool (it finished meanwhile, or was abandoned already).
     */
    boolean abandon(Thread thread) {
        lock.lock();
        try {
            for (Worker w : workers) {
                if (w.thread == thread && w.current != null) {
                    workers.remove(w);
                    w.abandoned = true;
                    release(w.current);
                    abandoned++;
                    if (!closed) {
                        startWorker();
                    }
                    return true;
                }
            }
            return false;
        } finally {
            lock.unlock();
        }
    }

    /** A snapshot for health; {@code stuck} comes from the watchdog. */
    WorkerStats stats(int stuck) {
        lock.lock();
        try {
            Map<String, Integer> queued = new TreeMap<>();
            int busy = 0;
            for (Tenant t : tenants.values()) {
                if (!t.queue.isEmpty()) {
                    queued.put(t.key, t.queue.size());
                }
                busy += t.running;
            }
            return new WorkerStats(workers.size(), busy, queued, abandoned, stuck);
        } finally {
            lock.unlock();
        }
    }

    /** Stops taking work; idle workers exit, running jobs are not interrupted (the runtime cancels contexts). */
    @Override
    public void close() {
        lock.lock();
        try {
            closed = true;
            tenants.values().forEach(t -> t.queue.clear());
            ready.clear();
            work.signalAll();
        } finally {
            lock.unlock();
        }
    }

    private void startWorker() {
        Worker w = new Worker();
        w.thread = Thread.ofPlatform().daemon().name(namePrefix + started++).unstarted(() -> loop(w));
        workers.add(w);
        w.thread.start();
    }

    private void loop(Worker w) {
        Tenant t;
        while ((t = take(w)) != null) {
            try {
                w.job.run();
            } catch (RuntimeException | Error e) {
                // Jobs complete their own futures; whatever escapes is not this pool's to report.
            } finally {
                if (!finished(w, t)) {
                    return;
                }
            }
        }
    }

    private Tenant take(Worker w) {
        lock.lock();
        try {
            while (!closed) {
                for (int i = ready.size(); i > 0; i--) {
                    Tenant t = ready.poll();
                    if (t.running < perTenant) {
                        w.job = t.queue.poll();
                        w.current = t;
                        t.running++;
                        if (!t.queue.isEmpty()) {
                            ready.add(t);
                        }
                        return t;
                    }
                    ready.add(t);
                }
                work.awaitUninterruptibly();
            }
            workers.remove(w);
            return null;
        } finally {
            lock.unlock();
        }
    }

    /** @return whether the worker may take more work (false: it was abandoned or the pool closed) */
    private boolean finished(Worker w, Tenant t) {
        lock.lock();
        try {
            if (w.abandoned) {
                abandoned--; // it came back after all (a stop that landed late): no longer a spinning thread
                return false;
            }
            w.current = null;
            w.job = null;
            release(t);
            return !closed;
        } finally {
            lock.unlock();
        }
    }

    private void release(Tenant t) {
        t.running--;
        if (t.running == 0 && t.queue.isEmpty()) {
            tenants.remove(t.key);
        }
        work.signalAll();
    }

    private static final class Tenant {
        final String key;
        final ArrayDeque<Runnable> queue = new ArrayDeque<>();
        int running;

        Tenant(String key) {
            this.key = key;
        }
    }

    private static final class Worker {
        Thread thread;
        Tenant current;
        Runnable job;
        volatile boolean abandoned;
    }
}
