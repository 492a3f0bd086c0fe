package dev.cantila.engine.voice;

import dev.cantila.runtime.host.CallChannel;

import java.util.concurrent.CompletableFuture;

/**
 * One {@code gather} in progress: the digits so far and its one timer (first-digit timeout after the prompt, then
 * the inter-digit timeout). Confined to its call's inbox. Ends exactly once: numDigits reached, the finish key,
 * or a timeout (with whatever was collected, possibly nothing).
 */
final class Gathering {
    private final CallChannel.Gather spec;
    final CompletableFuture<String> result = new CompletableFuture<>();
    private final StringBuilder digits = new StringBuilder();
    private final TimerSlot timer;
    private boolean prompting;

    /** Arms a timer whose expiry comes back through the call's inbox. */
    interface TimerSlot {
        void arm(java.time.Duration delay, Gathering owner);

        void disarm();
    }

    Gathering(CallChannel.Gather spec, TimerSlot timer) {
        this.spec = spec;
        this.timer = timer;
    }

    CallChannel.Gather spec() {
        return spec;
    }

    boolean done() {
        return result.isDone();
    }

    /** The prompt started: the first-digit timer waits for it to finish. */
    void prompting() {
        prompting = true;
    }

    /** @return whether a prompt was still playing (the caller barged in: stop it) */
    boolean digit(char d) {
        if (done()) {
            return false;
        }
        boolean bargeIn = prompting && digits.isEmpty();
        prompting = false;
        if (!spec.finishOnKey().isEmpty() && d == spec.finishOnKey().charAt(0)) {
            finish();
            return bargeIn;
        }
        digits.append(d);
        if (spec.numDigits() > 0 && digits.length() >= spec.numDigits()) {
            finish();
        } else {
            timer.arm(spec.interDigitTimeout(), this);
        }
        return bargeIn;
    }

    /** The prompt ended (or there was none): wait for the first digit, unless one came already. */
    void promptEnded() {
        prompting = false;
        if (!done() && digits.isEmpty()) {
            timer.arm(spec.timeout(), this);
        }
    }

    void timedOut() {
        finish();
    }

    /** The call ended: disarm; the caller fails {@link #result}. */
    void abandon() {
        timer.disarm();
    }

    String collected() {
        return digits.toString();
    }

    private void finish() {
        timer.disarm();
        result.complete(digits.toString());
    }
}
