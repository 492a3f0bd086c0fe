package dev.cantila.engine.twilio;

import dev.cantila.runtime.host.SmsHost;

import java.util.Map;

/** A run's host that also places calls ({@code client.calls.create}) through {@link FunctionsSource#call}. */
final class CallingHost implements SmsHost {
    private final SmsHost host;
    private final CallStarter calls;
    private final FunctionsSource source;
    private String projectId;

    CallingHost(SmsHost host, CallStarter calls, FunctionsSource source) {
        this.host = host;
        this.calls = calls;
        this.source = source;
    }

    /** The project the run belongs to (set before each function run). */
    void project(String id) {
        this.projectId = id;
    }

    @Override public String reply(String text) { return host.reply(text); }
    @Override public String replyTemplate(String templateId, Map<String, String> vars) {
        return host.replyTemplate(templateId, vars);
    }
    @Override public String forward(String to, String prefix) { return host.forward(to, prefix); }
    @Override public String send(String to, String body, String templateId, Map<String, String> vars) {
        return host.send(to, body, templateId, vars);
    }
    @Override public Map<String, String> env() { return host.env(); }
    @Override public String kvGet(String key) { return host.kvGet(key); }
    @Override public void kvSet(String key, String json) { host.kvSet(key, json); }
    @Override public boolean kvDelete(String key) { return host.kvDelete(key); }

    @Override
    public String call(String to, String from, String twiml, String url) {
        return source.call(projectId, calls, to, from, twiml, url);
    }
}
