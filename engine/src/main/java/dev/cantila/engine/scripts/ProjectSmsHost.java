package dev.cantila.engine.scripts;

import dev.cantila.engine.core.ApiException;
import dev.cantila.engine.phone.PhoneNumbers;
import dev.cantila.engine.projects.Projects;
import dev.cantila.engine.sms.SmsService;
import dev.cantila.engine.sms.Templates;
import dev.cantila.runtime.host.HostActionException;
import dev.cantila.runtime.host.SmsHost;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.function.Supplier;

/**
 * What a handler's {@code ctx} does for one inbound message, through the same send path as the API (validation,
 * segments, opt-out, throughput, status events); replies and forwards are stored when the run ends (see
 * {@link #queued()}), {@code ctx.sms.send} at once. Replies and forwards leave from the number that received the
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
    private final List<SmsService.Pending> queued = new ArrayList<>();

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

    /**
     * The replies and forwards of this run, checked but not stored: the router stores them with the run's execution
     * record, in one transaction, when the run has ended. Filled on the script's worker thread, read after the run.
     */
    List<SmsService.Pending> queued() {
        return queued;
    }

    @Override
    public String reply(String text) {
        return act(() -> queue(remote, text));
    }

    @Override
    public String replyTemplate(String templateId, Map<String, String> vars) {
        return act(() -> queue(remote, templates.render(project, templateId, vars)));
    }

    @Override
    public String forward(String to, String prefix) {
        return act(() -> queue(PhoneNumbers.toE164(to, PhoneNumbers.regionOf(local), "to"),
                (prefix == null ? "" : prefix) + body));
    }

    private String queue(String to, String text) {
        SmsService.Pending p = sms.prepareAs(project, local, to, text);
        queued.add(p);
        return p.id();
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
