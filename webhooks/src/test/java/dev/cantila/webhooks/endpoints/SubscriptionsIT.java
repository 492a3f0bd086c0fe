package dev.cantila.webhooks.endpoints;

import com.fasterxml.jackson.databind.ObjectMapper;
import dev.cantila.webhooks.WebhookSettings;
import dev.cantila.webhooks.Webhooks;
import dev.cantila.webhooks.outbound.TargetPolicy;
import dev.cantila.webhooks.testing.MutableClock;
import dev.cantila.webhooks.testing.TestDatabase;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

import javax.sql.DataSource;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Optional;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The outbox's cache of who subscribes: a change made through this instance's {@link Endpoints} is seen by the very
 * next event; one made by another engine instance on the same database within {@link Subscriptions#MAX_AGE_MS}.
 */
class SubscriptionsIT {
    private static final String PROJECT = "prj_subs";
    private static final WebhookSettings SETTINGS = new WebhookSettings(Duration.ofSeconds(2), Duration.ofSeconds(3),
            4, Duration.ofSeconds(2), Duration.ofMinutes(10), 4, Duration.ofMillis(50), Duration.ofSeconds(30),
            WebhookSettings.DEFAULT_EVENT_TYPES, TargetPolicy.allowing(List.of("127.0.0.1/32")));

    private final MutableClock clock = new MutableClock(Instant.parse("2026-12-03T10:00:00Z"));
    private final DataSource db = TestDatabase.fresh();
    private final Webhooks here = new Webhooks(db, clock, SETTINGS, c -> c, new ObjectMapper());
    private final Webhooks elsewhere = new Webhooks(db, clock, SETTINGS, c -> c, new ObjectMapper());

    @AfterEach
    void close() {
        here.close();
        elsewhere.close();
    }

    private int deliveries(Webhooks w, String resource) {
        return w.emit(PROJECT, "sms.inbound", resource, Map.of()).deliveryIds().size();
    }

    @Test
    void aChangeHereIsSeenByTheNextEvent() {
        assertThat(deliveries(here, "msg_1")).as("no endpoint yet (and that is now cached)").isZero();
        String id = here.endpoints().create(PROJECT, new NewEndpoint("http://127.0.0.1:9/a", List.of("sms.*"), null))
                .endpoint().id();
        assertThat(deliveries(here, "msg_2")).as("created").isEqualTo(1);
        here.endpoints().update(PROJECT, id, new EndpointUpdate(Optional.empty(), Optional.of(List.of("sms.status")),
                Optional.empty(), Optional.empty()));
        assertThat(deliveries(here, "msg_3")).as("no longer subscribed to sms.inbound").isZero();
        here.endpoints().update(PROJECT, id, new EndpointUpdate(Optional.empty(), Optional.of(List.of("sms.inbound")),
                Optional.empty(), Optional.of(false)));
        assertThat(deliveries(here, "msg_4")).as("disabled").isZero();
        here.endpoints().update(PROJECT, id, new EndpointUpdate(Optional.empty(), Optional.empty(), Optional.empty(),
                Optional.of(true)));
        assertThat(deliveries(here, "msg_5")).as("enabled again").isEqualTo(1);
        here.endpoints().delete(PROJECT, id);
        assertThat(deliveries(here, "msg_6")).as("deleted").isZero();
    }

    @Test
    void aChangeThroughAnotherInstanceIsSeenWithinTheMaximumAge() {
        assertThat(deliveries(here, "msg_1")).isZero();
        elsewhere.endpoints().create(PROJECT, new NewEndpoint("http://127.0.0.1:9/b", List.of("sms.inbound"), null));
        assertThat(deliveries(elsewhere, "msg_2")).as("the instance that made the change").isEqualTo(1);
        clock.advance(Duration.ofMillis(Subscriptions.MAX_AGE_MS - 1));
        assertThat(deliveries(here, "msg_3")).as("still cached here").isZero();
        clock.advance(Duration.ofMillis(1));
        assertThat(deliveries(here, "msg_4")).as("read again once the entry is old").isEqualTo(1);
    }
}
