package dev.cantila.engine.voice;

import dev.cantila.engine.core.ApiException;
import dev.cantila.engine.phone.PhoneNumbers;
import dev.cantila.runtime.host.CallChannel;
import dev.cantila.runtime.host.HostActionException;

import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;

/**
 * {@code call.forward} for one {@link LiveCall}: the numbers checked against the call's own region, the bridge
 * (first to answer of the targets in turn, or all at once for TwiML's several {@code <Number>}s), an optional recording of the bridged talk, the timeline entry. Runs in
 * the call's {@link Inbox}; the bridge completes when the attempt fails or the bridged far end hangs up.
 */
final class CallForwarding {
    private final LiveCall live;
    private final VoiceEnv env;

    CallForwarding(LiveCall live, VoiceEnv env) {
        this.live = live;
        this.env = env;
    }

    /** Starts the bridge (in the inbox); a bad number is refused with the field it came from. */
    CompletableFuture<CallChannel.Forwarded> forward(List<String> targets, Duration timeout, String callerId,
                                                     boolean record, boolean all,
                                                     CallChannel.DialOptions options) {
        List<String> numbers = new ArrayList<>();
        Map<String, String> digits = new HashMap<>();
        for (String t : targets) {
            numbers.add(number(t, "to"));
            if (options.sendDigits().containsKey(t)) {
                digits.put(numbers.getLast(), options.sendDigits().get(t));
            }
        }
        options = new CallChannel.DialOptions(options.timeLimit(), digits, options.hangupOnStar());
        if (numbers.isEmpty()) {
            throw new HostActionException("invalid_request", "call.forward needs at least one number");
        }
        String caller = callerId == null ? null : number(callerId, "callerId");
        String path = record ? env.recording(live.call().id(), "forward").toString() : null;
        Duration deadline = timeout.multipliedBy(all ? 1 : numbers.size()).plus(env.settings().maxCall());
        CompletableFuture<Leg.BridgeResult> bridge = all ? live.leg.ringAll(numbers, timeout, caller, path, options)
                : live.leg.bridge(numbers, timeout, caller, path, options);
        return live.guard(bridge, deadline, "bridge").thenApply(r -> {
            live.inbox.execute(() -> bridged(r, path));
            return new CallChannel.Forwarded(r.outcome().wire(), r.durationSeconds());
        });
    }

    private void bridged(Leg.BridgeResult r, String path) {
        Call call = live.call();
        if (r.outcome() == VoiceSwitch.OriginateOutcome.ANSWERED) {
            live.answeredBySwitch();
            if (path != null) {
                env.voicemails().recording(call, "forward", path, r.durationSeconds() * 1000);
            }
        }
        env.store().event(call.id(), "forward", r.outcome().wire() + (r.answeredBy() == null ? ""
                : " by " + r.answeredBy()) + ", " + r.durationSeconds() + " s");
    }

    /** {@code raw} as E.164, national forms read in the region of the call's own number. */
    String number(String raw, String field) {
        Call call = live.call();
        try {
            return PhoneNumbers.toE164(raw, PhoneNumbers.regionOf(live.direction.equals("inbound") ? call.to()
                    : call.from()), field);
        } catch (ApiException e) {
            throw new HostActionException(e.code(), e.getMessage());
        }
    }
}
