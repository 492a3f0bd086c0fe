package dev.cantila.engine.otp;

import dev.cantila.webhooks.WebhookSettings;
import dev.cantila.webhooks.Webhooks;
import dev.cantila.webhooks.events.NewEvent;

import java.sql.Connection;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Set;

/**
 * The {@code otp.*} webhook events, each written to the outbox in the transaction of the move it reports:
 * {@code otp.requested} (every send, with the send count), {@code otp.approved}, {@code otp.failed} (with
 * {@code reason}: expired, max_attempts_reached, canceled, blocked) and {@code otp.blocked} (a destination prefix
 * blocked by the pumping guard). No event carries the code or anything derived from it.
 */
final class OtpEvents {
    static final Set<String> TYPES = Set.of("otp.requested", "otp.approved", "otp.failed", "otp.blocked");
    private final Webhooks webhooks;

    OtpEvents(Webhooks webhooks) {
        this.webhooks = webhooks;
    }

    static WebhookSettings withOtpEvents(WebhookSettings s) {
        Set<String> types = new HashSet<>(s.eventTypes());
        types.addAll(TYPES);
        return new WebhookSettings(s.connectTimeout(), s.requestTimeout(), s.maxAttempts(), s.backoffBase(),
                s.backoffCap(), s.concurrency(), s.pollInterval(), s.lease(), types, s.targets());
    }

    /** A code went out {@code via} sms (message {@code sentId}) or call (call {@code sentId}). */
    void requested(Connection tx, OtpStore.Row r, int sends, String via, String sentId) {
        Map<String, Object> data = base(r, OtpStatus.PENDING);
        data.put("sends", sends);
        data.put("via", via);
        data.put(via.equals("call") ? "callId" : "messageId", sentId);
        data.put("expiresAt", java.time.Instant.ofEpochMilli(r.expiresAt()).toString());
        emit(tx, r, "otp.requested", data);
    }

    void approved(Connection tx, OtpStore.Row r, int checks) {
        Map<String, Object> data = base(r, OtpStatus.APPROVED);
        data.put("checks", checks);
        emit(tx, r, "otp.approved", data);
    }

    void failed(Connection tx, OtpStore.Row r, OtpStatus status) {
        Map<String, Object> data = base(r, status);
        data.put("reason", status.wire());
        emit(tx, r, "otp.failed", data);
    }

    void blocked(Connection tx, String projectId, PumpingGuard.Block b) {
        Map<String, Object> data = new LinkedHashMap<>();
        data.put("prefix", b.prefix());
        data.put("country", b.country());
        data.put("requests", b.requests());
        data.put("approvals", b.approvals());
        data.put("conversion", b.conversion());
        data.put("baseline", b.baseline());
        webhooks.emit(tx, NewEvent.of(projectId, "otp.blocked", "otp-prefix" + b.prefix(), data));
    }

    void wake() {
        webhooks.worker().wakeUp();
    }

    private static Map<String, Object> base(OtpStore.Row r, OtpStatus status) {
        Map<String, Object> data = new LinkedHashMap<>();
        data.put("verificationId", r.id());
        data.put("to", r.to());
        data.put("channel", r.channel());
        data.put("channels", java.util.List.of(r.channels().split(",")));
        data.put("status", status.wire());
        return data;
    }

    private void emit(Connection tx, OtpStore.Row r, String type, Map<String, Object> data) {
        webhooks.emit(tx, NewEvent.of(r.projectId(), type, r.id(), data));
    }
}
