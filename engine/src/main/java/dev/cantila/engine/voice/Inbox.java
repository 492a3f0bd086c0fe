package dev.cantila.engine.voice;

import java.util.Queue;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.Executor;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.logging.Level;
import java.util.logging.Logger;

/**
 * Runs one call's (or one simulated leg's) work one task at a time, in order, on a shared executor: the state it
 * guards is touched by one thread at a time without locks, and a waiting call holds no thread. A task that throws
 * is logged and the inbox goes on.
 */
final class Inbox implements Executor {
    private static final Logger LOG = Logger.getLogger(Inbox.class.getName());

    private final String name;
    private final Executor pool;
    private final Queue<Runnable> tasks = new ConcurrentLinkedQueue<>();
    private final AtomicBoolean draining = new AtomicBoolean();

    Inbox(String name, Executor pool) {
        this.name = name;
        this.pool = pool;
    }

    @Override
    public void execute(Runnable task) {
        tasks.add(task);
        if (draining.compareAndSet(false, true)) {
            pool.execute(this::drain);
        }
    }

    /** Rechecks after releasing the flag so that no task posted meanwhile is left behind. */
    private void drain() {
        do {
            Runnable task;
            while ((task = tasks.poll()) != null) {
                try {
                    task.run();
                } catch (RuntimeException e) {
                    LOG.log(Level.WARNING, name + ": a task failed", e);
                }
            }
            draining.set(false);
        } while (!tasks.isEmpty() && draining.compareAndSet(false, true));
    }
}
