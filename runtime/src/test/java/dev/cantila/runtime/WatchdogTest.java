package dev.cantila.runtime;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import org.graalvm.polyglot.Context;
import org.graalvm.polyglot.Value;
import org.junit.jupiter.api.Test;

/** The watchdog's last resort, on a guest it cannot stop: a host call that ignores every interrupt. */
class WatchdogTest {
    @Test
    void anAbandonedInvocationIsAnsweredBeforeItsWorkerIsGivenUp() throws Exception {
        // The pool replaces an abandoned worker at once and the replacement takes the next queued task at once; the
        // runtime's killed callback quarantines the script text, so it must have run before the worker is given up,
        // or the queued run of the same text starts on the replacement (seen in CI: two threads lost, not one).
        List<String> order = Collections.synchronizedList(new ArrayList<>());
        CountDownLatch abandoned = new CountDownLatch(1);
        try (Watchdog watchdog = new Watchdog(Duration.ofMillis(20), Duration.ofMillis(100), worker -> {
            order.add("worker given up");
            abandoned.countDown();
        })) {
            Context context = Context.newBuilder("js").allowAllAccess(true).build();
            CompletableFuture<Void> run = CompletableFuture.runAsync(() -> {
                Watchdog.Guard guard = watchdog.watch(context, Limits.SMS_DEFAULTS.withWallClock(Duration.ofMillis(100)),
                        () -> order.add("caller answered KILLED"));
                Value deaf = Value.asValue((Runnable) () -> ignoreInterruptsUntil(abandoned));
                try {
                    context.getBindings("js").putMember("deaf", deaf);
                    context.eval("js", "deaf()");
                } catch (RuntimeException stopped) {
                    // the late close lands when the host call returns
                } finally {
                    assertThat(watchdog.release(guard)).as("the watchdog abandoned it first").isFalse();
                }
            }, command -> Thread.ofPlatform().start(command));

            assertThat(abandoned.await(30, TimeUnit.SECONDS)).isTrue();
            run.get(10, TimeUnit.SECONDS);
            assertThat(order).containsExactly("caller answered KILLED", "worker given up");
            assertThat(run).isDone(); // the forced close landed when the host call returned: the context is closed
        }
    }

    /**
     * A host call deaf to interrupts until the watchdog gave its worker up (at most 20 s): a fixed 2 s spin ended
     * before the watchdog's interrupt, close and abandon steps on a 2-core machine at load 16, and then the test
     * could only fail.
     */
    private static void ignoreInterruptsUntil(CountDownLatch abandoned) {
        long end = System.nanoTime() + Duration.ofSeconds(20).toNanos();
        while (abandoned.getCount() > 0 && System.nanoTime() < end) {
            Thread.interrupted();
            Thread.onSpinWait();
        }
    }
}
