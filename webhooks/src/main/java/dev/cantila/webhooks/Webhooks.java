package dev.cantila.webhooks;

import com.fasterxml.jackson.databind.ObjectMapper;
import dev.cantila.webhooks.delivery.Backoff;
import dev.cantila.webhooks.delivery.Deliveries;
import dev.cantila.webhooks.delivery.DeliveryWorker;
import dev.cantila.webhooks.endpoints.Endpoints;
import dev.cantila.webhooks.endpoints.Subscriptions;
import dev.cantila.webhooks.events.Event;
import dev.cantila.webhooks.events.EventTypes;
import dev.cantila.webhooks.events.NewEvent;
import dev.cantila.webhooks.events.Outbox;
import dev.cantila.webhooks.storage.Ids;
import dev.cantila.webhooks.storage.Jdbc;

import javax.sql.DataSource;
import java.sql.Connection;
import java.time.Clock;
import java.util.function.LongUnaryOperator;

/**
 * The webhooks module, wired: endpoints, the outbox, the delivery log and the worker over one {@link DataSource}.
 * The engine builds one per process in {@code Main}, runs Flyway (which includes {@code V20__webhooks.sql}), calls
 * {@link #start()} and, at shutdown, {@link #close()}. Building it touches neither the database nor the network.
 */
public final class Webhooks implements AutoCloseable {
    private final EventTypes types;
    private final Endpoints endpoints;
    private final Outbox outbox;
    private final Deliveries deliveries;
    private final DeliveryWorker worker;

    public Webhooks(DataSource dataSource, Clock clock, WebhookSettings settings) {
        this(dataSource, clock, settings, Backoff.randomJitter(), new ObjectMapper());
    }

    /**
     * @param jitter maps a backoff ceiling in ms to the delay; tests pass {@code c -> c}
     * @param json   writes event {@code data}; the engine passes its configured mapper (java.time support)
     */
    public Webhooks(DataSource dataSource, Clock clock, WebhookSettings settings, LongUnaryOperator jitter,
                    ObjectMapper json) {
        Jdbc jdbc = new Jdbc(dataSource);
        Ids ids = new Ids(clock);
        this.types = new EventTypes(settings.eventTypes());
        Subscriptions subscriptions = new Subscriptions(clock);
        this.endpoints = new Endpoints(jdbc, clock, ids, types, settings.targets(), subscriptions);
        this.outbox = new Outbox(jdbc, clock, ids, types, json, subscriptions);
        this.deliveries = new Deliveries(jdbc, clock);
        this.worker = new DeliveryWorker(jdbc, clock, settings,
                new Backoff(settings.backoffBase(), settings.backoffCap(), jitter));
    }

    public Endpoints endpoints() {
        return endpoints;
    }

    /** The event types the engine emits and endpoints (and event streams) may subscribe to. */
    public EventTypes types() {
        return types;
    }

    public Deliveries deliveries() {
        return deliveries;
    }

    public DeliveryWorker worker() {
        return worker;
    }

    /** Stores the event and its deliveries in one transaction, then wakes the worker. */
    public Event emit(NewEvent event) {
        Event stored = outbox.emit(event);
        worker.wakeUp();
        return stored;
    }

    /**
     * Stores the event and its deliveries inside the caller's open transaction (the engine's own writes commit or
     * roll back with it). Call {@code worker().wakeUp()} after committing for prompt delivery; otherwise the next
     * poll picks it up.
     */
    public Event emit(Connection transaction, NewEvent event) {
        return outbox.emit(transaction, event);
    }

    /** Shorthand for an event without a callback target. */
    public Event emit(String projectId, String type, String resourceId, Object data) {
        return emit(NewEvent.of(projectId, type, resourceId, data));
    }

    public int runOnce() {
        return worker.runOnce();
    }

    public void start() {
        worker.start();
    }

    @Override
    public void close() {
        worker.close();
    }
}
