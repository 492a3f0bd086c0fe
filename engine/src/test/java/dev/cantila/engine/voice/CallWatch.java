package dev.cantila.engine.voice;

import dev.cantila.engine.App;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.locks.LockSupport;
import java.util.function.Predicate;

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
    List<String> awaitTerminal(String callId) throws InterruptedException {
        return await(callId, "a terminal status", seen -> CallStatus.fromWire(seen.getLast()).isTerminal());
    }

    /** Waits until the call has been in {@code status} (fails after 10 s). */
    void awaitStatus(String callId, String status) throws InterruptedException {
        await(callId, "status " + status, seen -> seen.contains(status));
    }

    private synchronized List<String> await(String callId, String what, Predicate<List<String>> reached)
            throws InterruptedException {
        long deadline = System.nanoTime() + 10_000_000_000L;
        while (true) {
            List<String> seen = statuses.getOrDefault(callId, List.of());
            if (!seen.isEmpty() && reached.test(seen)) {
                return List.copyOf(seen);
            }
            long left = deadline - System.nanoTime();
            if (left <= 0) {
                throw new AssertionError("call " + callId + " did not reach " + what + " in 10 s; statuses " + seen);
            }
            wait(Math.max(1, left / 1_000_000));
        }
    }

    /** The id of the call of inbound leg {@code uuid}, once the engine has admitted it (fails after 10 s). */
    String admitted(String uuid) throws Exception {
        long deadline = System.nanoTime() + 10_000_000_000L;
        Optional<CompletableFuture<String>> admission;
        while ((admission = app.voice().calls().admission(uuid)).isEmpty()) {
            if (System.nanoTime() > deadline) {
                throw new AssertionError("leg " + uuid + " was not taken in as a call in 10 s");
            }
            LockSupport.parkNanos(1_000_000);
        }
        String id = admission.get().get(10, TimeUnit.SECONDS);
        if (id == null) {
            throw new AssertionError("leg " + uuid + " was refused (no project holds the dialled number)");
        }
        return id;
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
