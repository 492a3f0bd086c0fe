package dev.cantila.runtime;

import dev.cantila.runtime.host.HostActionException;
import dev.cantila.runtime.host.OtpHost;
import dev.cantila.runtime.host.SmsHost;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.function.Supplier;
import org.graalvm.polyglot.Value;
import org.graalvm.polyglot.proxy.ProxyExecutable;
import org.graalvm.polyglot.proxy.ProxyObject;

/**
 * The single host function the prelude closes over: {@code host(op, ...args)}. Arguments were validated
 * in JS already; they are checked again here because a script could, in theory, reach this function.
 * Runs on the invocation's worker thread only.
 */
final class SmsBinding implements ProxyExecutable {
    /** What {@code otp.verify} records in place of the code. */
    static final String REDACTED = "[redacted]";
    private final SmsHost host;
    private final Recorder recorder;
    private RuntimeException hostFailure;
    /** Set by the watchdog's thread when the invocation is KILLED: its abandoned thread may act no more. */
    private volatile boolean fenced;

    SmsBinding(SmsHost host, Recorder recorder) {
        this.host = host;
        this.recorder = recorder;
    }

    /** A non-{@link HostActionException} the host threw, if any: a host bug, the invocation is an ERROR. */
    RuntimeException hostFailure() {
        return hostFailure;
    }

    /** From now on every host operation is refused (the invocation was abandoned; its caller has moved on). */
    void fence() {
        fenced = true;
    }

    @Override
    public Object execute(Value... args) {
        String op = string(args, 0);
        try {
            if (fenced) {
                throw new HostActionException("killed", "this run was killed; ctx is closed");
            }
            return switch (op) {
                case "log" -> log(string(args, 1), string(args, 2));
                case "reply" -> act("reply", Map.of("text", string(args, 1)), () -> host.reply(string(args, 1)));
                case "replyTemplate" -> {
                    Map<String, String> vars = vars(args[2]);
                    yield act("replyTemplate", Map.of("templateId", string(args, 1), "vars", vars),
                            () -> host.replyTemplate(string(args, 1), vars));
                }
                case "forward" -> forward(string(args, 1), optional(args[2]));
                case "send" -> send(string(args, 1), optional(args[2]), optional(args[3]), vars(args[4]));
                case "kvGet" -> host.kvGet(string(args, 1));
                case "kvSet" -> {
                    host.kvSet(string(args, 1), string(args, 2));
                    yield null;
                }
                case "kvDelete" -> host.kvDelete(string(args, 1));
                case "env" -> Json.object(host.env());
                case "callCreate" -> callCreate(string(args, 1), optional(args[2]), optional(args[3]),
                        optional(args[4]));
                case "otpRequest" -> otpRequest(args);
                case "otpVerify" -> otpVerify(string(args, 1), string(args, 2));
                default -> throw new IllegalArgumentException("unknown host operation " + op);
            };
        } catch (HostActionException e) {
            return refusal(e);
        } catch (RuntimeException e) {
            hostFailure = hostFailure == null ? e : hostFailure;
            throw e;
        }
    }

    /** @return false once the log is full, so the prelude stops formatting lines */
    private Object log(String level, String text) {
        return recorder.log(level, text);
    }

    private Object forward(String to, String prefix) {
        Map<String, Object> recorded = new LinkedHashMap<>();
        recorded.put("to", to);
        if (prefix != null) {
            recorded.put("prefix", prefix);
        }
        return act("forward", recorded, () -> host.forward(to, prefix));
    }

    private Object send(String to, String body, String templateId, Map<String, String> vars) {
        Map<String, Object> recorded = new LinkedHashMap<>();
        recorded.put("to", to);
        if (body != null) {
            recorded.put("body", body);
        } else {
            recorded.put("templateId", templateId);
            recorded.put("vars", vars);
        }
        return act("send", recorded, () -> host.send(to, body, templateId, vars));
    }

    private Object callCreate(String to, String from, String twiml, String url) {
        Map<String, Object> recorded = new LinkedHashMap<>();
        recorded.put("to", to);
        if (from != null) {
            recorded.put("from", from);
        }
        recorded.put(twiml != null ? "twiml" : "url", twiml != null ? twiml : url);
        return act("call", recorded, () -> host.call(to, from, twiml, url));
    }

    /**
     * {@code ctx.otp.request}: recorded as action {@code otp.request} with the options given and the verification's
     * id in place of a message id. Answers the verification as JSON text.
     */
    private Object otpRequest(Value[] args) {
        OtpHost.Request r = new OtpHost.Request(string(args, 1), optional(args[2]), integer(args[3]),
                integer(args[4]), optional(args[5]), optional(args[6]));
        Map<String, Object> recorded = new LinkedHashMap<>();
        recorded.put("to", r.to());
        put(recorded, "channel", r.channel());
        put(recorded, "codeLength", r.codeLength());
        put(recorded, "ttlSeconds", r.ttlSeconds());
        put(recorded, "locale", r.locale());
        put(recorded, "appName", r.appName());
        OtpHost.Sent[] sent = new OtpHost.Sent[1];
        act("otp.request", recorded, () -> {
            sent[0] = host.otp().request(r);
            return sent[0].id();
        });
        OtpHost.Sent v = sent[0];
        StringBuilder json = new StringBuilder("{");
        field(json, "id", v.id()).append(',');
        field(json, "to", v.to()).append(',');
        field(json, "channel", v.channel()).append(',');
        field(json, "status", v.status()).append(',');
        field(json, "expiresAt", v.expiresAt());
        return json.append(",\"sends\":").append(v.sends()).append(",\"checksLeft\":").append(v.checksLeft())
                .append('}').toString();
    }

    /**
     * {@code ctx.otp.verify}: recorded as action {@code otp.verify} with the code redacted (the log must never hold
     * a live code) and the outcome. Answers {@code {status, checksLeft}} as JSON text.
     */
    private Object otpVerify(String to, String code) {
        Map<String, Object> recorded = new LinkedHashMap<>();
        recorded.put("to", to);
        recorded.put("code", REDACTED);
        try {
            OtpHost.Checked c = host.otp().verify(to, code);
            recorded.put("status", c.status());
            recorded.put("checksLeft", c.checksLeft());
            recorder.action(new Action("otp.verify", recorded, null, null));
            StringBuilder json = new StringBuilder("{");
            field(json, "status", c.status());
            return json.append(",\"checksLeft\":").append(c.checksLeft()).append('}').toString();
        } catch (HostActionException e) {
            recorder.action(new Action("otp.verify", recorded, null, e.code()));
            throw e;
        }
    }

    private static StringBuilder field(StringBuilder json, String name, String value) {
        Json.quote(json, name).append(':');
        return value == null ? json.append("null") : Json.quote(json, value);
    }

    private static void put(Map<String, Object> recorded, String name, Object value) {
        if (value != null) {
            recorded.put(name, value);
        }
    }

    private static Integer integer(Value value) {
        return value == null || value.isNull() ? null : value.asInt();
    }

    /** Performs and records one action; a refusal is recorded with its code and rethrown for the caller. */
    private Object act(String name, Map<String, Object> recorded, Supplier<String> action) {
        try {
            String id = action.get();
            recorder.action(new Action(name, recorded, id, null));
            return id;
        } catch (HostActionException e) {
            recorder.action(new Action(name, recorded, null, e.code()));
            throw e;
        }
    }

    private static ProxyObject refusal(HostActionException e) {
        Map<String, Object> error = new HashMap<>();
        error.put("code", e.code());
        error.put("message", e.getMessage());
        return ProxyObject.fromMap(error);
    }

    private static String string(Value[] args, int index) {
        if (index >= args.length || !args[index].isString()) {
            throw new IllegalArgumentException("host argument " + index + " must be a string");
        }
        return args[index].asString();
    }

    private static String optional(Value value) {
        return value == null || value.isNull() ? null : value.asString();
    }

    private static Map<String, String> vars(Value value) {
        Map<String, String> vars = new LinkedHashMap<>();
        for (String key : value.getMemberKeys()) {
            vars.put(key, value.getMember(key).asString());
        }
        return Map.copyOf(vars);
    }
}
