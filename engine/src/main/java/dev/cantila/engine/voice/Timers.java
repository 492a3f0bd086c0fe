package dev.cantila.engine.voice;

import java.time.Duration;
import java.util.concurrent.ScheduledThreadPoolExecutor;
import java.util.concurrent.TimeUnit;

/**
 * The voice domain's timers (gather timeouts, deadlines, simulated media), injected so that tests fire them by
 * advancing a fake clock instead of waiting. Tasks run on the timer's thread and must only post work to an inbox.
 */
public interface Timers extends AutoCloseable {

    /** Runs {@code task} once after {@code delay}, unless cancelled first. */
    Cancellable schedule(Duration delay, Runnable task);

    @Override
    void close();

    /** A scheduled task; cancelling a task that already ran does nothing. */
    interface Cancellable {
        void cancel();
    }

    /** Real time: one daemon platform thread; cancelled tasks are removed at once, so a parked call costs nothing. */
    static Timers system() {
        ScheduledThreadPoolExecutor executor = new ScheduledThreadPoolExecutor(1,
                Thread.ofPlatform().daemon().name("cantila-voice-timers").factory());
        executor.setRemoveOnCancelPolicy(true);
        return new Timers() {
            @Override
            public Cancellable schedule(Duration delay, Runnable task) {
                var future = executor.schedule(task, delay.toNanos(), TimeUnit.NANOSECONDS);
                return () -> future.cancel(false);
            }

            @Override
            public void close() {
                executor.shutdownNow();
            }
        };
    }
}
