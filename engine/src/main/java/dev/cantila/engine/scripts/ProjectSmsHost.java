package dev.cantila.engine.scripts;

import dev.cantila.engine.core.ApiException;
import dev.cantila.engine.phone.PhoneNumbers;
import dev.cantila.engine.projects.Projects;
import dev.cantila.engine.sms.SmsService;
import dev.cantila.engine.sms.Templates;
import dev.cantila.runtime.host.HostActionException;
import dev.cantila.runtime.host.SmsHost;

import java.util.Map;
import java.util.function.Supplier;

/**
 * What a handler's {@code ctx} does for one inbound message, through the same send path as the API (validation,
 * segments, opt-out, throughput, status events). Replies and forwards leave from the number that received the
 * message. An {@link ApiException} (bad number, opted out, …) reaches the script as an error with its code.
 */
final class ProjectSmsHost implements SmsHost {
    private final String project;
    private final String local;
    private final String remote;
    private final String body;
    private final SmsService sms;
    private final Templates templates;
    private final Projects projects;
    private final KvStore kv;

    /** The message being handled and the services it acts through. */
    record Inbound(String project, String local, String remote, String body) {
    }

    ProjectSmsHost(Inbound in, SmsService sms, Templates templates, Projects projects, KvStore kv) {
        this.project = in.project();
        this.local = in.local();
        this.remote = in.remote();
        this.body = in.body();
        this.sms = sms;
        this.templates = templates;
        this.projects = projects;
        this.kv = kv;
    }

    @Override
    public String reply(String text) {
        return act(() -> sms.sendAs(project, local, remote, text).id());
    }

    @Override
    public String replyTemplate(String templateId, Map<String, String> vars) {
        return act(() -> sms.sendAs(project, local, remote, templates.render(project, templateId, vars)).id());
    }

    @Override
    public String forward(String to, String prefix) {
        return act(() -> sms.sendAs(project, local, PhoneNumbers.toE164(to, PhoneNumbers.regionOf(local), "to"),
                (prefix == null ? "" : prefix) + body).id());
    }

    @Override
    public String send(String to, String text, String templateId, Map<String, String> vars) {
        return act(() -> sms.send(project, new SmsService.SendRequest(to, text, templateId, vars, local, null, null),
                null).message().id());
    }

    @Override
    public Map<String, String> env() {
        return projects.env(project);
    }

    @Override
    public String kvGet(String key) {
        return kv.get(project, key);
    }

    @Override
    public void kvSet(String key, String json) {
        kv.set(project, key, json);
    }

    @Override
    public boolean kvDelete(String key) {
        return kv.delete(project, key);
    }

    private static String act(Supplier<String> action) {
        try {
            return action.get();
        } catch (ApiException e) {
            throw new HostActionException(e.code(), e.getMessage());
        }
    }
}
