package dev.cantila.engine.core;

import java.time.Duration;
import java.util.concurrent.Semaphore;
import java.util.concurrent.TimeUnit;
import java.util.function.BooleanSupplier;
import java.util.logging.Level;
import java.util.logging.Logger;

/**
 * A background loop on one platform daemon thread: runs {@code pass} again at once while it reports more work,
 * otherwise waits {@code idle} or until {@link #wake()}. A pass that throws is logged and retried after a pause;
 * the loop never dies of it. {@link #close()} stops the thread and waits for the pass in progress.
 *
 * <p>The thread is stopped by a flag, never interrupted: an interrupt during file I/O closes H2's file channel
 * (ClosedByInterruptException) and with it the embedded database for every other thread.
 */
public final class Worker implements AutoCloseable {
    private static final Logger LOG = Logger.getLogger(Worker.class.getName());
    private static final long ERROR_PAUSE_MS = 500;

    private final String name;
    private final BooleanSupplier pass;
    private final Duration idle;
    private final Semaphore wakeups = new Semaphore(0);
    private Thread thread;
    private volatile boolean running = true;

    /** @param pass one unit of work; returns true when more is waiting and the next pass should follow at once */
    public Worker(String name, Duration idle, BooleanSupplier pass) {
        this.name = name;
        this.idle = idle;
        this.pass = pass;
    }

    public synchronized void start() {
        if (thread == null) {
            thread = Thread.ofPlatform().daemon().name(name).start(this::loop);
        }
    }

    /** Cuts the current idle wait short. Callable from any thread. */
    public void wake() {
        if (wakeups.availablePermits() == 0) {
            wakeups.release();
        }
    }

    private void loop() {
        while (running) {
            try {
                if (!pass.getAsBoolean()) {
                    wakeups.tryAcquire(idle.toMillis(), TimeUnit.MILLISECONDS);
                    wakeups.drainPermits();
                }
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                return;
            } catch (RuntimeException e) {
                LOG.log(Level.WARNING, name + ": a pass failed; retrying in " + ERROR_PAUSE_MS + " ms", e);
                try {
                    wakeups.tryAcquire(ERROR_PAUSE_MS, TimeUnit.MILLISECONDS);
                } catch (InterruptedException ie) {
                    Thread.currentThread().interrupt();
                    return;
                }
            }
        }
    }

    @Override
    public synchronized void close() {
        running = false;
        if (thread != null) {
            wakeups.release();
            try {
                thread.join(30_000);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
            thread = null;
        }
    }
}
