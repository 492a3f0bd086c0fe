package dev.cantila.runtime;

import dev.cantila.runtime.host.CallChannel;
import dev.cantila.runtime.host.HostActionException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.function.BiConsumer;
import org.graalvm.polyglot.Value;
import org.graalvm.polyglot.proxy.ProxyExecutable;

/**
 * The host function of a call's context: {@code call.*} operations start a {@link CallChannel} operation and
 * return a ticket; everything else (log, kv, sms.send) is the SMS binding's. Options the script left out get the
 * defaults documented on {@link CallChannel} here, so the channel always sees concrete values. The channel's
 * completion, on whatever thread it happens, is handed to {@code settled} (the session posts it to its inbox).
 * Called only on the thread currently running the call's turn.
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
        CompletableFuture<?> operation;
        try {
            operation = start(op.substring(5), args, recorded);
        } catch (HostActionException e) {
            operation = CompletableFuture.failedFuture(e);
        }
        recorder.action(new Action(op.substring(5), recorded, null, null));
        int ticket = ++tickets;
        settled.accept(ticket, operation);
        return ticket;
    }

    private CompletableFuture<?> start(String op, Value[] a, Map<String, Object> rec) {
        return switch (op) {
            case "say" -> channel.say(put(rec, "text", text(a[1])), put(rec, "voice", text(a[2])));
            case "play" -> channel.play(put(rec, "url", text(a[1])));
            case "pause" -> channel.pause(put(rec, "duration", seconds(a[1], CallChannel.DEFAULT_PAUSE)));
            case "gather" -> channel.gather(gather(a, rec));
            case "forward" -> channel.forward(put(rec, "to", targets(a[1])),
                    put(rec, "timeout", seconds(a[2], CallChannel.DEFAULT_FORWARD_TIMEOUT)),
                    put(rec, "callerId", text(a[3])), put(rec, "record", a[4].asBoolean()))
                    .thenApply(f -> "{\"status\":" + Json.quote(new StringBuilder(), f.status())
                            + ",\"durationSeconds\":" + f.durationSeconds() + "}");
            case "voicemail" -> channel.voicemail(put(rec, "greeting", text(a[1])),
                    put(rec, "maxLength", seconds(a[2], CallChannel.DEFAULT_MAX_RECORDING)), put(rec, "beep", a[3].asBoolean()));
            case "record" -> channel.record(put(rec, "maxLength", seconds(a[1], CallChannel.DEFAULT_MAX_RECORDING)),
                    put(rec, "beep", a[2].asBoolean()));
            case "conference" -> channel.conference(put(rec, "name", text(a[1])), conference(a, rec))
                    .thenApply(c -> {
                        StringBuilder json = new StringBuilder("{\"conferenceId\":");
                        Json.quote(json, c.conferenceId());
                        json.append(",\"name\":");
                        Json.quote(json, c.name());
                        json.append(",\"reason\":");
                        Json.quote(json, c.reason());
                        return json.append(",\"durationSeconds\":").append(c.durationSeconds()).append('}').toString();
                    });
            case "hangup" -> channel.hangup(put(rec, "cause", text(a[1])));
            case "reject" -> channel.reject(put(rec, "reason", text(a[1])));
            default -> throw new IllegalArgumentException("unknown call operation " + op);
        };
    }

    /** {@code (numDigits, finishOnKey, timeout, interDigitTimeout, promptSay, promptVoice, promptPlay)}. */
    private static CallChannel.Gather gather(Value[] a, Map<String, Object> rec) {
        int numDigits = put(rec, "numDigits", a[1].asInt());
        String finish = text(a[2]);
        Duration timeout = put(rec, "timeout", seconds(a[3], CallChannel.DEFAULT_GATHER_TIMEOUT));
        Duration interDigit = seconds(a[4], timeout);
        if (!interDigit.equals(timeout)) {
            rec.put("interDigitTimeout", interDigit);
        }
        put(rec, "finishOnKey", finish == null ? CallChannel.DEFAULT_FINISH_ON_KEY : finish);
        String say = text(a[5]);
        String play = text(a[7]);
        CallChannel.Prompt prompt = say == null && play == null ? null : new CallChannel.Prompt(say, text(a[6]), play);
        put(rec, "prompt", say != null ? "say: " + say : play != null ? "play: " + play : null);
        return new CallChannel.Gather(numDigits, finish == null ? CallChannel.DEFAULT_FINISH_ON_KEY : finish, timeout,
                interDigit, prompt);
    }

    /** {@code (name, startOnEnter, endOnExit, muted, beep, waitUrl, maxParticipants)}; the JS side set defaults. */
    private static CallChannel.Conference conference(Value[] a, Map<String, Object> rec) {
        return new CallChannel.Conference(put(rec, "startOnEnter", a[2].asBoolean()),
                put(rec, "endOnExit", a[3].asBoolean()), put(rec, "muted", a[4].asBoolean()),
                put(rec, "beep", a[5].asBoolean()), put(rec, "waitUrl", text(a[6])),
                put(rec, "maxParticipants", a[7].asInt()));
    }

    private static List<String> targets(Value value) {
        if (value.isString()) {
            return List.of(value.asString());
        }
        List<String> out = new ArrayList<>();
        for (long i = 0; i < value.getArraySize(); i++) {
            out.add(value.getArrayElement(i).asString());
        }
        return List.copyOf(out);
    }

    /** Records an argument that was given (null and "no limit" zero digits are left out) and passes it through. */
    private static <T> T put(Map<String, Object> recorded, String name, T value) {
        if (value != null && !(value instanceof Integer i && i <= 0)) {
            recorded.put(name, value);
        }
        return value;
    }

    private static String text(Value value) {
        return value.isNull() ? null : value.asString();
    }

    /** Seconds from JS, -1 meaning "the default". */
    private static Duration seconds(Value value, Duration dflt) {
        double s = value.asDouble();
        return s < 0 ? dflt : Duration.ofMillis(Math.round(s * 1000));
    }
}
