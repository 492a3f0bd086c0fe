package dev.cantila.runtime;

import dev.cantila.runtime.host.HostActionException;
import dev.cantila.runtime.host.SmsHost;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicInteger;

/** An in-memory host: records what was sent, keeps kv in a map, refuses sends to {@link #OPTED_OUT}. */
class FakeSmsHost implements SmsHost {
    static final String OPTED_OUT = "+15550000000";

    final List<String> sent = new CopyOnWriteArrayList<>();
    final Map<String, String> kv = new HashMap<>();
    private final Map<String, String> env;
    private final AtomicInteger ids = new AtomicInteger();

    FakeSmsHost(Map<String, String> env) {
        this.env = env;
    }

    FakeSmsHost() {
        this(Map.of("GREETING", "hello"));
    }

    private String record(String what, String to) {
        if (OPTED_OUT.equals(to)) {
            throw new HostActionException("opted_out", to + " has opted out");
        }
        sent.add(what);
        return "msg-" + ids.incrementAndGet();
    }

    @Override public String reply(String text) { return record("reply:" + text, null); }
    @Override public String replyTemplate(String templateId, Map<String, String> vars) {
        return record("replyTemplate:" + templateId + new java.util.TreeMap<>(vars), null);
    }
    @Override public String forward(String to, String prefix) { return record("forward:" + to + ":" + prefix, to); }
    @Override public String send(String to, String body, String templateId, Map<String, String> vars) {
        return record("send:" + to + ":" + (body != null ? body : templateId + new java.util.TreeMap<>(vars)), to);
    }
    @Override public Map<String, String> env() { return env; }
    @Override public String kvGet(String key) { return kv.get(key); }
    @Override public void kvSet(String key, String json) {
        if (json.length() > 1000) {
            throw new HostActionException("kv_value_too_large", "value of " + key + " is " + json.length() + " chars");
        }
        kv.put(key, json);
    }
    @Override public boolean kvDelete(String key) { return kv.remove(key) != null; }
}
