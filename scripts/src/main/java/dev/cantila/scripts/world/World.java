package dev.cantila.scripts.world;

import dev.cantila.runtime.Execution;
import dev.cantila.runtime.LogLine;
import dev.cantila.runtime.host.HostActionException;
import dev.cantila.runtime.host.OtpHost;
import dev.cantila.runtime.host.SmsHost;
import dev.cantila.scripts.InvalidPhoneNumber;
import dev.cantila.scripts.KvRules;
import dev.cantila.scripts.PhoneNumbers;
import dev.cantila.scripts.TemplateException;
import dev.cantila.scripts.TemplateText;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collections;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * The simulated project and network one scenario runs in. Not thread-safe by itself: the runner calls it from the
 * script's turn, one at a time (the runtime never runs two turns of one invocation at once).
 */
public final class World {
    private static final int MAX_BODY_CHARS = 1600;
    private final String projectName;
    private final Map<String, String> env;
    private final Map<String, String> kv;
    private final Map<String, String> templates;
    private final Set<String> optedOut;
    private final Instant start;
    private final List<Effect> effects = Collections.synchronizedList(new ArrayList<>());
    private volatile long elapsedMillis;
    private int messages;
    private int calls;
    private final OfflineOtp otp = new OfflineOtp(this);

    public World(String projectName, Map<String, String> env, Map<String, String> kvJson,
                 Map<String, String> templates, List<String> optedOut, Instant start) {
        this.projectName = projectName;
        this.env = Map.copyOf(env);
        this.kv = new LinkedHashMap<>(kvJson);
        this.templates = Map.copyOf(templates);
        this.optedOut = new HashSet<>(optedOut);
        this.start = start;
    }

    public String projectName() {
        return projectName;
    }

    public Instant now() {
        return start.plusMillis(elapsedMillis);
    }

    /** The scenario's {@code env}. */
    public Map<String, String> env() {
        return env;
    }

    public long elapsedMillis() {
        return elapsedMillis;
    }

    /** Moves the fake clock; timers are the call world's business. */
    public void advance(Duration by) {
        elapsedMillis += by.toMillis();
    }

    public List<Effect> effects() {
        synchronized (effects) {
            return List.copyOf(effects);
        }
    }

    public void effect(String kind, String text, Map<String, String> fields) {
        effects.add(new Effect(kind, text, fields, elapsedMillis));
    }

    /**
     * A handler run's logs and error as effects. {@code callEnded}: the call was over when the run ended, so an
     * error naming CallEnded is how the call normally ends (marked, and not a failure of the scenario).
     */
    public void record(Execution ex, boolean callEnded) {
        for (LogLine line : ex.logs()) {
            effect("log", line.text(), Map.of("level", line.level()));
        }
        if (ex.error() != null) {
            Map<String, String> f = new LinkedHashMap<>();
            f.put("outcome", ex.outcome().name().toLowerCase(java.util.Locale.ROOT));
            f.put("location", ex.error().location());
            if (ex.error().stack() != null) {
                f.put("stack", ex.error().stack());
            }
            if (callEnded && ex.error().message() != null && ex.error().message().contains("CallEnded")) {
                f.put("callEnded", "true");
            }
            effect("error", ex.error().message(), f);
        }
    }

    /** Seeds the codes {@code ctx.otp.request} generates (the runner seeds each scenario from its name). */
    public void seedOtp(long seed) {
        otp.seed(seed);
    }

    /** The code of the newest one-time code sent to {@code e164}, or null: what a scenario's {@code {{otp}}} is. */
    public String otpCodeFor(String e164) {
        return otp.codeFor(e164);
    }

    public synchronized Map<String, String> kv() {
        return Map.copyOf(kv);
    }

    public synchronized void optOut(String e164, boolean out) {
        if (out) {
            optedOut.add(e164);
        } else {
            optedOut.remove(e164);
        }
    }

    /** {@code ctx} for one inbound message (or a call's ctx, with {@code inboundBody} null: no reply/forward). */
    public SmsHost host(String local, String remote, String inboundBody) {
        return new Host(local, remote, inboundBody);
    }

    /** A forward's main text is the number it went to (its body is a field); a reply's or send's is the body. */
    private synchronized String sendSms(String kind, String from, String to, String body, Map<String, String> extra) {
        Map<String, String> fields = new LinkedHashMap<>(extra);
        fields.put("from", from);
        fields.put("to", to);
        fields.put("body", body);
        String text = kind.equals("forward") ? to : body;
        try {
            int chars = body.codePointCount(0, body.length());
            if (chars < 1 || chars > MAX_BODY_CHARS) {
                throw new HostActionException("invalid_body", "the message body must be 1-" + MAX_BODY_CHARS
                        + " characters, got " + chars);
            }
            if (optedOut.contains(to)) {
                throw new HostActionException("recipient_opted_out", to
                        + " has opted out of messages from this project");
            }
        } catch (HostActionException e) {
            fields.put("code", e.code());
            effect(kind, text, fields);
            throw e;
        }
        String id = "msg_sim" + (++messages);
        fields.put("id", id);
        effect(kind, text, fields);
        return id;
    }

    private String render(String templateId, Map<String, String> vars) {
        String t = templates.get(templateId);
        if (t == null) {
            throw new HostActionException("template_not_found", "no template " + templateId
                    + " (add it under 'templates:' in the scenario)");
        }
        try {
            return TemplateText.render(t, vars);
        } catch (TemplateException e) {
            throw new HostActionException(e.code(), e.getMessage());
        }
    }

    private final class Host implements SmsHost {
        private final String local;
        private final String remote;
        private final String body;

        Host(String local, String remote, String body) {
            this.local = local;
            this.remote = remote;
            this.body = body;
        }

        @Override
        public String reply(String text) {
            return sendSms("reply", local, remote, text, Map.of());
        }

        /** As the engine reads a handler's number: national forms in the project number's country. */
        private String number(String to) {
            try {
                return PhoneNumbers.toE164(to, PhoneNumbers.regionOf(local), "to");
            } catch (InvalidPhoneNumber e) {
                throw new HostActionException(InvalidPhoneNumber.CODE, e.getMessage());
            }
        }

        @Override
        public String replyTemplate(String templateId, Map<String, String> vars) {
            return sendSms("reply", local, remote, render(templateId, vars), Map.of("templateId", templateId));
        }

        @Override
        public String forward(String to, String prefix) {
            String text = (prefix == null ? "" : prefix) + body;
            return sendSms("forward", local, number(to), text, Map.of());
        }

        @Override
        public String send(String to, String text, String templateId, Map<String, String> vars) {
            return sendSms("send", local, number(to), templateId == null ? text : render(templateId, vars), Map.of());
        }

        /**
         * A Functions project's {@code client.calls.create}: offline the call is written as a {@code call} effect
         * (to, from, the url or twiml it would run) and not run; test that function with a scenario of its own.
         */
        @Override
        public String call(String to, String from, String twiml, String url) {
            Map<String, String> fields = new LinkedHashMap<>();
            fields.put("from", from == null ? local : from);
            if (url != null) {
                fields.put("url", url);
            } else {
                fields.put("twiml", twiml);
            }
            String id;
            synchronized (World.this) {
                id = "call_sim_out" + (++calls);
            }
            fields.put("id", id);
            effect("call", number(to), fields);
            return id;
        }

        @Override
        public Map<String, String> env() {
            return env;
        }

        @Override
        public String kvGet(String key) {
            KvRules.checkKey(key);
            synchronized (World.this) {
                return kv.get(key);
            }
        }

        @Override
        public void kvSet(String key, String json) {
            KvRules.checkKey(key);
            KvRules.checkValue(json);
            synchronized (World.this) {
                if (!kv.containsKey(key) && kv.size() >= KvRules.MAX_KEYS) {
                    throw KvRules.full();
                }
                kv.put(key, json);
            }
        }

        @Override
        public boolean kvDelete(String key) {
            KvRules.checkKey(key);
            synchronized (World.this) {
                return kv.remove(key) != null;
            }
        }

        @Override
        public OtpHost otp() {
            return new OtpHost() {
                @Override
                public Sent request(Request r) {
                    return otp.request(r, number(r.to()));
                }

                @Override
                public Checked verify(String to, String code) {
                    return otp.verify(number(to), code);
                }
            };
        }
    }
}
