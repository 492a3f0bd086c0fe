package dev.cantila.engine.otp;

import dev.cantila.engine.billing.Billing;
import dev.cantila.engine.config.OtpSettings;
import dev.cantila.engine.core.Ids;
import dev.cantila.engine.core.Worker;
import dev.cantila.engine.http.ProjectScope;
import dev.cantila.engine.projects.Projects;
import dev.cantila.engine.sms.SmsService;
import dev.cantila.engine.storage.Database;
import dev.cantila.engine.voice.VoiceModule;
import dev.cantila.webhooks.WebhookSettings;
import dev.cantila.webhooks.Webhooks;

import java.time.Clock;
import java.time.Duration;

/**
 * The OTP module as {@code App} sees it: the service, its HTTP routes, and the sweep: every 2 s it ends the pending
 * verifications whose TTL passed (so {@code otp.failed} with reason expired is told on time; a check or a read of an
 * expired one ends it too) and places the calls of the auto verifications that are due ({@link Otp#fallBack}).
 * Code calls run on the voice stack ({@code OtpCalls}, registered with it as route kind {@code otp}).
 */
public final class OtpModule implements AutoCloseable {
    private final Otp otp;
    private final OtpHttp http;
    private final Worker sweep;

    /** The collaborators the module needs from the rest of the engine. */
    public record Services(Database db, Clock clock, Ids ids, OtpSecret secret, SmsService sms, Billing billing,
                           Webhooks webhooks, Projects projects, VoiceModule voice) {
    }

    public OtpModule(Services s, OtpSettings settings) {
        this.otp = new Otp(new Otp.Parts(s.db(), s.clock(), s.ids(), s.secret(), s.sms(), s.billing(), settings,
                new OtpEvents(s.webhooks()), s.voice()));
        this.http = new OtpHttp(otp, new ProjectScope(s.projects()::exists));
        this.sweep = new Worker("otp-sweep", Duration.ofSeconds(2), () -> otp.expireDue() >= 500 | otp.fallBack() >= 100);
    }

    /** {@code settings} with the {@code otp.*} event types added to the ones endpoints may subscribe to. */
    public static WebhookSettings withOtpEvents(WebhookSettings settings) {
        return OtpEvents.withOtpEvents(settings);
    }

    public Otp otp() {
        return otp;
    }

    /** A handler's {@code ctx.otp} for {@code projectId} (see {@link HandlerOtp}). */
    public dev.cantila.runtime.host.OtpHost forHandlers(String projectId) {
        return new HandlerOtp(otp, projectId);
    }

    public OtpHttp http() {
        return http;
    }

    public void start() {
        sweep.start();
    }

    @Override
    public void close() {
        sweep.close();
    }
}
