package dev.cantila.runtime;

import dev.cantila.runtime.host.CallChannel;
import dev.cantila.runtime.host.HostActionException;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.function.BiConsumer;
import org.graalvm.polyglot.Value;
import org.graalvm.polyglot.proxy.ProxyExecutable;

/**
 * The host function of a call's context: {@code call.*} operations start a {@link CallChannel} operation and
 * return a ticket; everything else (log, kv, sms.send) is the SMS binding's. The channel's completion, on
 * whatever thread it happens, is handed to {@code settled} (the session posts it to its inbox). Called only
 * on the thread currently running the call's turn.
 */
final class CallBinding implements ProxyExecutable {
    private final CallChannel channel;
    private final SmsBinding ctxOps;
    private final Recorder recorder;
    private final BiConsumer<Integer, CompletableFuture<?>> settled;
    private int tickets;

    CallBinding(CallChannel channel, SmsBinding ctxOps, Recorder recorder,
                BiConsumer<Integer, CompletableFuture<?>> settled) {
        this.channel = channel;
        this.ctxOps = ctxOps;
        this.recorder = recorder;
        this.settled = settled;
    }

    @Override
    public Object execute(Value... args) {
        String op = args[0].asString();
        if (!op.startsWith("call.")) {
            return ctxOps.execute(args);
        }
        Map<String, Object> recorded = new LinkedHashMap<>();
        CompletableFuture<?> operation = start(op.substring(5), args, recorded);
        recorder.action(new Action(op.substring(5), recorded, null, null));
        int ticket = ++tickets;
        settled.accept(ticket, operation);
        return ticket;
    }

    private CompletableFuture<?> start(String op, Value[] a, Map<String, Object> rec) {
        try {
            return switch (op) {
                case "say" -> channel.say(put(rec, "text", text(a[1])), put(rec, "voice", text(a[2])));
                case "play" -> channel.play(put(rec, "url", text(a[1])));
                case "pause" -> channel.pause(put(rec, "duration", seconds(a[1])));
                case "gather" -> channel.gather(put(rec, "numDigits", a[1].asInt()), put(rec, "timeout", seconds(a[2])),
                        put(rec, "finishOnKey", text(a[3])));
                case "forward" -> channel.forward(put(rec, "to", text(a[1])), put(rec, "timeout", seconds(a[2])),
                        put(rec, "callerId", text(a[3])));
                case "voicemail" -> channel.voicemail(put(rec, "greeting", text(a[1])), put(rec, "maxLength", seconds(a[2])));
                case "record" -> channel.record(put(rec, "maxLength", seconds(a[1])), put(rec, "beep", a[2].asBoolean()));
                case "hangup" -> channel.hangup();
                case "reject" -> channel.reject(put(rec, "reason", text(a[1])));
                default -> throw new IllegalArgumentException("unknown call operation " + op);
            };
        } catch (HostActionException e) {
            return CompletableFuture.failedFuture(e);
        }
    }

    /** Records an argument that was given (null and "not set" are left out) and passes it through. */
    private static <T> T put(Map<String, Object> recorded, String name, T value) {
        if (value != null && !(value instanceof Integer i && i < 0)) {
            recorded.put(name, value);
        }
        return value;
    }

    private static String text(Value value) {
        return value.isNull() ? null : value.asString();
    }

    /** Seconds from JS, -1 meaning "channel default", as a Duration or null. */
    private static Duration seconds(Value value) {
        double s = value.asDouble();
        return s < 0 ? null : Duration.ofMillis(Math.round(s * 1000));
    }
}
