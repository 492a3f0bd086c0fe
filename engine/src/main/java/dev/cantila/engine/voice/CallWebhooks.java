package dev.cantila.engine.voice;

import dev.cantila.webhooks.WebhookSettings;
import dev.cantila.webhooks.Webhooks;
import dev.cantila.webhooks.events.NewEvent;

import java.sql.Connection;
import java.sql.SQLException;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.function.Consumer;

/**
 * Turns call status changes into webhook events, in the transaction of the change (so each is emitted exactly once
 * with its status): {@code call.initiated} when the call is created (inbound calls, created ringing, also get
 * {@code call.ringing}), {@code call.ringing}, {@code call.answered}, and {@code call.completed} for every terminal
 * state, with duration and cause. The webhooks module numbers them per call.
 */
final class CallWebhooks implements CallStore.Listener {
    static final Set<String> TYPES = Set.of("call.initiated", "call.ringing", "call.answered", "call.completed");

    private final Webhooks webhooks;
    private final List<Consumer<Call>> listeners = new CopyOnWriteArrayList<>();
    private volatile VoiceModule.Ended ended = (tx, call) -> { };

    CallWebhooks(Webhooks webhooks) {
        this.webhooks = webhooks;
    }

    /** {@code settings} with the call event types added to the ones endpoints may subscribe to. */
    static WebhookSettings withCallEvents(WebhookSettings s) {
        Set<String> types = new HashSet<>(s.eventTypes());
        types.addAll(TYPES);
        return new WebhookSettings(s.connectTimeout(), s.requestTimeout(), s.maxAttempts(), s.backoffBase(),
                s.backoffCap(), s.concurrency(), s.pollInterval(), s.lease(), types, s.targets());
    }

    /** Told of every stored status after its commit, on the mover's thread. */
    void onStatus(Consumer<Call> listener) {
        listeners.add(listener);
    }

    /** Set once while wiring: told of each terminal status in its transaction, after the event is emitted. */
    void onEnded(VoiceModule.Ended ended) {
        this.ended = ended;
    }

    @Override
    public void stored(Connection tx, Call call, boolean created) throws SQLException {
        if (created) {
            emit(tx, call, "call.initiated");
        }
        String type = switch (CallStatus.fromWire(call.status())) {
            case QUEUED -> null;
            case RINGING -> "call.ringing";
            case IN_PROGRESS -> "call.answered";
            case COMPLETED, BUSY, NO_ANSWER, FAILED, CANCELED -> "call.completed";
        };
        if (type != null) {
            emit(tx, call, type);
        }
        if (CallStatus.fromWire(call.status()).isTerminal()) {
            ended.ended(tx, call);
        }
    }

    @Override
    public void committed(Call call) {
        webhooks.worker().wakeUp();
        listeners.forEach(l -> l.accept(call));
    }

    private void emit(Connection tx, Call call, String type) {
        Map<String, Object> data = new LinkedHashMap<>();
        data.put("callId", call.id());
        data.put("status", call.status());
        data.put("direction", call.direction());
        data.put("from", call.from());
        data.put("to", call.to());
        data.put("createdAt", call.createdAt().toString());
        data.put("answeredAt", call.answeredAt() == null ? null : call.answeredAt().toString());
        data.put("endedAt", call.endedAt() == null ? null : call.endedAt().toString());
        data.put("durationSeconds", call.durationSeconds());
        data.put("cause", call.cause());
        webhooks.emit(tx, NewEvent.of(call.projectId(), type, call.id(), data));
    }
}
