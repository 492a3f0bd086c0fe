package dev.cantila.engine.voice;

import dev.cantila.engine.App;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.locks.LockSupport;

/** Test helper: every call status the app stores, and waits on them without sleeping. */
final class CallWatch {
    private final App app;
    private final Map<String, List<String>> statuses = new HashMap<>();

    CallWatch(App app) {
        this.app = app;
        app.voice().onStatus(this::seen);
    }

    private synchronized void seen(Call call) {
        statuses.computeIfAbsent(call.id(), k -> new ArrayList<>()).add(call.status());
        notifyAll();
    }

    /** The statuses the call went through, once it reached a terminal one (fails after 10 s). */
    synchronized List<String> awaitTerminal(String callId) throws InterruptedException {
        long deadline = System.nanoTime() + 10_000_000_000L;
        while (true) {
            List<String> seen = statuses.getOrDefault(callId, List.of());
            if (!seen.isEmpty() && CallStatus.fromWire(seen.getLast()).isTerminal()) {
                return List.copyOf(seen);
            }
            long left = deadline - System.nanoTime();
            if (left <= 0) {
                throw new AssertionError("call " + callId + " did not end in 10 s; statuses " + seen);
            }
            wait(Math.max(1, left / 1_000_000));
        }
    }

    /** Waits until no call is live in the engine (their sessions closed); fails after 10 s. */
    void awaitNoLiveCalls() {
        long deadline = System.nanoTime() + 10_000_000_000L;
        while (app.voice().calls().liveCalls() > 0) {
            if (System.nanoTime() > deadline) {
                throw new AssertionError(app.voice().calls().liveCalls() + " calls still live after 10 s");
            }
            LockSupport.parkNanos(1_000_000);
        }
    }
}
