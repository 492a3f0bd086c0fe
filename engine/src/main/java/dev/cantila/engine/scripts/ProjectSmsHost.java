package dev.cantila.engine.scripts;

import dev.cantila.engine.core.ApiException;
import dev.cantila.engine.phone.PhoneNumbers;
import dev.cantila.engine.projects.Projects;
import dev.cantila.engine.sms.SmsService;
import dev.cantila.engine.sms.Templates;
import dev.cantila.runtime.host.HostActionException;
import dev.cantila.runtime.host.OtpHost;
import dev.cantila.runtime.host.SmsHost;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Supplier;

/**
 * What a handler's {@code ctx} does for one inbound message, through the same send path as the API (validation,
 * segments, opt-out, throughput, status events); replies and forwards are stored when the run ends (see
 * {@link #queued()}), {@code ctx.sms.send} at once. Replies and forwards leave from the number that received the
 * message. An {@link ApiException} (bad number, opted out, …) reaches the script as an error with its code.
 *
 * <p>One run sends at most {@code maxSendsPerRun} messages (replies, forwards and sends together): beyond that each
 * send is refused to the script ({@value #CAP_REACHED}) and counted, and {@link #noteCap} adds the count to the
 * run's execution record.
 */
final class ProjectSmsHost implements SmsHost {
    static final String CAP_REACHED = "send_cap_reached";

    private final String project;
    private final String local;
    private final String remote;
    private final String body;
    private final SmsService sms;
    private final Templates templates;
    private final Projects projects;
    private final KvStore kv;
    private final int maxSends;
    private final java.util.function.Function<String, OtpHost> otpHosts;
    private CheckedCodes otp;
    private final List<SmsService.Pending> queued = new ArrayList<>();
    private int sent;
    private int refused;

    /** The message being handled and the services it acts through. */
    record Inbound(String project, String local, String remote, String body) {
    }

    ProjectSmsHost(Inbound in, InboundRouter.Services services) {
        this.project = in.project();
        this.local = in.local();
        this.remote = in.remote();
        this.body = in.body();
        this.sms = services.sms();
        this.templates = services.templates();
        this.projects = services.projects();
        this.kv = services.kv();
        this.maxSends = services.maxSendsPerRun();
        this.otpHosts = services.otp();
    }

    /**
     * {@code detail}, with {@code sendCap: {limit, refused}} added when this run hit the cap. Called after the run,
     * on the thread that records it.
     */
    Map<String, Object> noteCap(Map<String, Object> detail) {
        if (refused == 0) {
            return detail;
        }
        Map<String, Object> noted = new LinkedHashMap<>(detail);
        noted.put("sendCap", Map.of("limit", maxSends, "refused", refused));
        return noted;
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
        return sending(() -> queue(remote, text));
    }

    @Override
    public String replyTemplate(String templateId, Map<String, String> vars) {
        return sending(() -> queue(remote, templates.render(project, templateId, vars)));
    }

    @Override
    public String forward(String to, String prefix) {
        return sending(() -> queue(PhoneNumbers.toE164(to, PhoneNumbers.regionOf(local), "to"),
                (prefix == null ? "" : prefix) + body));
    }

    /**
     * A message from the receiving number to {@code to} (any form the number's country reads), queued like a reply:
     * TwiML's {@code <Message to="…">}.
     */
    public String message(String to, String text) {
        return sending(() -> queue(PhoneNumbers.toE164(to, PhoneNumbers.regionOf(local), "to"), text));
    }

    private String queue(String to, String text) {
        SmsService.Pending p = sms.prepareAs(project, local, to, text);
        queued.add(p);
        return p.id();
    }

    @Override
    public String send(String to, String text, String templateId, Map<String, String> vars) {
        return sending(() -> sms.send(project, new SmsService.SendRequest(to, text, templateId, vars, local, null, null),
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

    /** The project's {@code ctx.otp}, made on first use, remembering the codes checked (see {@link #redact}). */
    @Override
    public OtpHost otp() {
        if (otp == null) {
            otp = new CheckedCodes(otpHosts.apply(project));
        }
        return otp;
    }

    /** {@code detail} without the codes this run checked with {@code ctx.otp.verify}. Called after the run. */
    Map<String, Object> redact(Map<String, Object> detail) {
        return otp == null ? detail : otp.redact(detail);
    }

    /** A message-creating action, within the run's cap: only one that created a message counts. */
    private String sending(Supplier<String> action) {
        if (sent >= maxSends) {
            refused++;
            throw new HostActionException(CAP_REACHED, "this run already sent " + maxSends + " messages, the most one"
                    + " run may send (cantila.scripts.max-sends-per-run)");
        }
        String id = act(action);
        sent++;
        return id;
    }

    private static String act(Supplier<String> action) {
        try {
            return action.get();
        } catch (ApiException e) {
            throw new HostActionException(e.code(), e.getMessage());
        }
    }
}
