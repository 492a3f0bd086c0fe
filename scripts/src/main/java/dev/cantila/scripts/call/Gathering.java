package dev.cantila.scripts.call;

import dev.cantila.runtime.host.CallChannel;

import java.util.concurrent.CompletableFuture;

/**
 * One {@code gather} in progress: the digits so far and its one timer (first-digit timeout after the prompt, then
 * the inter-digit timeout). Confined to its call's inbox. Ends exactly once: numDigits reached, the finish key,
 * or a timeout (with whatever was collected, possibly nothing).
 *
 * <p>Shared by the engine's live calls and the offline world of {@code cantila test}, so a gather behaves the same
 * in a scenario as on a real call (timeouts, inter-digit timeout, finish key, barge-in).
 */
public final class Gathering {
    private final CallChannel.Gather spec;
    private final CompletableFuture<String> result = new CompletableFuture<>();
    private final StringBuilder digits = new StringBuilder();
    private final TimerSlot timer;
    private boolean prompting;

    /** Arms a timer whose expiry comes back through the call's inbox. */
    public interface TimerSlot {
        void arm(java.time.Duration delay, Gathering owner);

        void disarm();
    }

    public Gathering(CallChannel.Gather spec, TimerSlot timer) {
        this.spec = spec;
        this.timer = timer;
    }

    /** Completes with the digits (without the finish key) when the gather ends. */
    public CompletableFuture<String> result() {
        return result;
    }

    public CallChannel.Gather spec() {
        return spec;
    }

    public boolean done() {
        return result.isDone();
    }

    /** Digits the caller pressed before this gather began (consumed from the buffer until the gather is done). */
    public void takeTypeAhead(StringBuilder typeAhead) {
        while (!typeAhead.isEmpty() && !done()) {
            char d = typeAhead.charAt(0);
            typeAhead.deleteCharAt(0);
            digit(d);
        }
    }

    /** The prompt started: the first-digit timer waits for it to finish. */
    public void prompting() {
        prompting = true;
    }

    /** @return whether a prompt was still playing (the caller barged in: stop it) */
    public boolean digit(char d) {
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
    public void promptEnded() {
        prompting = false;
        if (!done() && digits.isEmpty()) {
            timer.arm(spec.timeout(), this);
        }
    }

    public void timedOut() {
        finish();
    }

    /** The call ended: disarm; the caller fails {@link #result}. */
    public void abandon() {
        timer.disarm();
    }

    public String collected() {
        return digits.toString();
    }

    private void finish() {
        timer.disarm();
        result.complete(digits.toString());
    }
}
