package dev.cantila.engine.hooks;

import dev.cantila.engine.projects.Projects;
import dev.cantila.engine.sms.InboundSms;
import dev.cantila.engine.sms.Message;
import dev.cantila.engine.sms.Sms;
import dev.cantila.engine.sms.SmsListener;
import dev.cantila.webhooks.Webhooks;
import dev.cantila.webhooks.events.CallbackTarget;
import dev.cantila.webhooks.events.NewEvent;

import java.sql.Connection;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;
import java.util.function.Function;

/**
 * Turns SMS happenings into webhook events: {@code sms.status} for every status a message reaches after it was
 * accepted (sent, delivered, undelivered, failed, canceled) — to subscribed endpoints and to the message's own
 * {@code statusCallback}, signed with the project's callback secret — and {@code sms.inbound} for every inbound
 * message, keywords included.
 *
 * <p>Each event is written to the outbox in the transaction that records the happening (the status move, the
 * inbound insert), so the event exists exactly when the happening committed, and its per-message sequence number
 * follows the order of the moves (the message row is locked by the move until the event is numbered). Cancellations
 * from a number release or a bulk cancel are told after their own commit (see {@code MessageStore.notifyStatus}).
 */
public final class SmsEvents {
    private final Webhooks webhooks;
    private final Projects projects;

    public SmsEvents(Webhooks webhooks, Projects projects) {
        this.webhooks = webhooks;
        this.projects = projects;
    }

    public void attach(Sms sms) {
        sms.onStatus(listener(this::status));
        sms.onInboundStored(listener(this::inbound));
    }

    /**
     * Emits in the happening's transaction; once it committed, wakes the delivery worker if the event has somewhere
     * to go (most status events of most projects have no subscriber). Both calls come on the recording thread.
     */
    private <T> SmsListener<T> listener(Function<T, NewEvent> event) {
        ThreadLocal<Boolean> delivering = new ThreadLocal<>();
        return new SmsListener<>() {
            @Override
            public void inTransaction(Connection tx, T happening) {
                if (!webhooks.emit(tx, event.apply(happening)).deliveryIds().isEmpty()) {
                    delivering.set(Boolean.TRUE);
                }
            }

            @Override
            public void committed(T happening) {
                if (delivering.get() != null) {
                    delivering.remove();
                    webhooks.worker().wakeUp();
                }
            }
        };
    }

    private NewEvent status(Message m) {
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
        return new NewEvent(m.projectId(), "sms.status", m.id(), data, callback);
    }

    private NewEvent inbound(InboundSms.Received r) {
        Message m = r.message();
        Map<String, Object> data = new LinkedHashMap<>();
        data.put("messageId", m.id());
        data.put("from", m.from());
        data.put("to", m.to());
        data.put("body", m.body());
        data.put("threadId", r.threadId());
        data.put("keyword", r.keyword());
        data.put("receivedAt", m.createdAt().toString());
        return NewEvent.of(m.projectId(), "sms.inbound", m.id(), data);
    }
}
