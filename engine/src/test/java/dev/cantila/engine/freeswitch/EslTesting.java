package dev.cantila.engine.freeswitch;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.ScheduledThreadPoolExecutor;
import java.util.concurrent.TimeUnit;
import java.util.function.Predicate;

/** Test helpers for the ESL tiers: a timer pool like production's and an event recorder. */
final class EslTesting {
    static final Duration WAIT = Duration.ofSeconds(5);

    private EslTesting() {
    }

    static ScheduledThreadPoolExecutor timers() {
        ScheduledThreadPoolExecutor t = new ScheduledThreadPoolExecutor(1, r -> Thread.ofPlatform().daemon()
                .name("esl-test-timers").unstarted(r));
        t.setRemoveOnCancelPolicy(true);
        return t;
    }

    static EslClient.Options options(Duration deadline) {
        return new EslClient.Options(EslClient.EVENTS, List.of(), deadline, Duration.ofMillis(20),
                Duration.ofMillis(200));
    }

    /** Records what a client hears, for awaiting with a timeout (never by sleeping). */
    static final class Recorder implements EslClient.Listener {
        final LinkedBlockingQueue<EslEvent> events = new LinkedBlockingQueue<>();
        final LinkedBlockingQueue<Boolean> connects = new LinkedBlockingQueue<>();
        final LinkedBlockingQueue<Throwable> disconnects = new LinkedBlockingQueue<>();
        private final List<EslEvent> seen = new ArrayList<>();

        @Override
        public void onEvent(EslClient node, EslEvent event) {
            events.add(event);
        }

        @Override
        public void onConnected(EslClient node, boolean reconnected) {
            connects.add(reconnected);
        }

        @Override
        public void onDisconnected(EslClient node, Throwable cause) {
            disconnects.add(cause);
        }

        /** The next event matching, skipping (and keeping) others. */
        EslEvent await(Predicate<EslEvent> match, String what) throws InterruptedException {
            long end = System.nanoTime() + WAIT.toNanos();
            while (true) {
                EslEvent e = events.poll(Math.max(1, end - System.nanoTime()), TimeUnit.NANOSECONDS);
                if (e == null) {
                    throw new AssertionError("no " + what + " within " + WAIT.toMillis() + " ms; saw "
                            + seen.stream().map(x -> x.name() + "/" + x.uuid()).toList());
                }
                seen.add(e);
                if (match.test(e)) {
                    return e;
                }
            }
        }

        EslEvent await(String name, String uuid) throws InterruptedException {
            return await(e -> name.equals(e.name()) && (uuid == null || uuid.equals(e.uuid())), name + " of " + uuid);
        }

        boolean nextConnect() throws InterruptedException {
            Boolean b = connects.poll(WAIT.toMillis(), TimeUnit.MILLISECONDS);
            if (b == null) {
                throw new AssertionError("no (re)connect within " + WAIT.toMillis() + " ms");
            }
            return b;
        }
    }
}
