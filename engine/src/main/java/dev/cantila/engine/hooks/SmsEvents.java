package dev.cantila.engine.hooks;

import dev.cantila.engine.projects.Projects;
import dev.cantila.engine.sms.InboundSms;
import dev.cantila.engine.sms.Message;
import dev.cantila.engine.sms.Sms;
import dev.cantila.webhooks.Webhooks;
import dev.cantila.webhooks.events.CallbackTarget;
import dev.cantila.webhooks.events.NewEvent;

import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;

/**
 * Turns SMS happenings into webhook events: {@code sms.status} for every status a message reaches after it was
 * accepted (sent, delivered, undelivered, failed, canceled) — to subscribed endpoints and to the message's own
 * {@code statusCallback}, signed with the project's callback secret — and {@code sms.inbound} for every inbound
 * message, keywords included.
 *
 * <p>Known gap: events are written to the outbox right after the status change commits, not in its transaction,
 * so a crash in between loses that one event (the message itself is safe). The outbox itself survives restarts.
 */
public final class SmsEvents {
    private final Webhooks webhooks;
    private final Projects projects;

    public SmsEvents(Webhooks webhooks, Projects projects) {
        this.webhooks = webhooks;
        this.projects = projects;
    }

    public void attach(Sms sms) {
        sms.onStatus(this::status);
        sms.onInbound(this::inbound);
    }

    private void status(Message m) {
        Optional<CallbackTarget> callback = m.statusCallback() == null ? Optional.empty()
                : Optional.of(CallbackTarget.of(m.statusCallback(), projects.callbackSecret(m.projectId())));
        Map<String, Object> data = new LinkedHashMap<>();
        data.put("messageId", m.id());
        data.put("status", m.status());
        data.put("from", m.from());
        data.put("to", m.to());
        data.put("segments", m.segments());
        data.put("errorCode", m.errorCode());
        data.put("errorMessage", m.errorMessage());
        data.put("batchId", m.batchId());
        webhooks.emit(new NewEvent(m.projectId(), "sms.status", m.id(), data, callback));
    }

    private void inbound(InboundSms.Received r) {
        Message m = r.message();
        Map<String, Object> data = new LinkedHashMap<>();
        data.put("messageId", m.id());
        data.put("from", m.from());
        data.put("to", m.to());
        data.put("body", m.body());
        data.put("threadId", r.threadId());
        data.put("keyword", r.keyword());
        data.put("receivedAt", m.createdAt().toString());
        webhooks.emit(NewEvent.of(m.projectId(), "sms.inbound", m.id(), data));
    }
}
