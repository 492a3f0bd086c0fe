package dev.cantila.webhooks.delivery;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.cantila.webhooks.WebhookException;
import dev.cantila.webhooks.WebhookSettings;
import dev.cantila.webhooks.Webhooks;
import dev.cantila.webhooks.endpoints.EndpointWithSecret;
import dev.cantila.webhooks.endpoints.NewEndpoint;
import dev.cantila.webhooks.events.CallbackTarget;
import dev.cantila.webhooks.events.Event;
import dev.cantila.webhooks.events.NewEvent;
import dev.cantila.webhooks.outbound.TargetPolicy;
import dev.cantila.webhooks.signing.SignatureVerifier;
import dev.cantila.webhooks.testing.MutableClock;
import dev.cantila.webhooks.testing.Receiver;
import dev.cantila.webhooks.testing.TestDatabase;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;
import javax.sql.DataSource;
import java.nio.charset.StandardCharsets;
import java.sql.Connection;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.atomic.AtomicInteger;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** The worker against a real local HTTP receiver, on a real database, under a fake clock. */
class DeliveryIT {
    private static final String PROJECT = "prj_test";
    /** The receivers listen on 127.0.0.1: allowed the way an operator allows a private target. */
    private static final TargetPolicy LOCAL_RECEIVERS = TargetPolicy.allowing(List.of("127.0.0.1/32"));
    private static final WebhookSettings SETTINGS = new WebhookSettings(Duration.ofSeconds(2), Duration.ofSeconds(3),
            4, Duration.ofSeconds(2), Duration.ofMinutes(10), 4, Duration.ofMillis(50), Duration.ofSeconds(30),
            WebhookSettings.DEFAULT_EVENT_TYPES, LOCAL_RECEIVERS);

    private final MutableClock clock = new MutableClock(Instant.now().truncatedTo(java.time.temporal.ChronoUnit.MILLIS));
    private final DataSource db = TestDatabase.fresh();
    private final Receiver receiver = new Receiver();
    private final List<Webhooks> opened = new ArrayList<>();

    DeliveryIT() throws Exception {
    }

    private Webhooks webhooks(WebhookSettings settings) {
        Webhooks w = new Webhooks(db, clock, settings, ceiling -> ceiling, new ObjectMapper());
        opened.add(w);
        return w;
    }

    @AfterEach
    void close() {
        opened.forEach(Webhooks::close);
        receiver.close();
    }

    private EndpointWithSecret endpoint(Webhooks w) {
        return w.endpoints().create(PROJECT, new NewEndpoint(receiver.url("/hook"), List.of("sms.*"), null));
    }

    private static Delivery only(Webhooks w, Event event) {
        return w.deliveries().get(PROJECT, event.deliveryIds().getFirst());
    }

    @Test
    void deliversASignedPayloadThatVerifiesIndependently() throws Exception {
        Webhooks w = webhooks(SETTINGS);
        String secret = endpoint(w).secret();
        Event event = w.emit(PROJECT, "sms.inbound", "msg_1", Map.of("from", "+14155550100", "body", "hi"));

        assertThat(w.runOnce()).isEqualTo(1);

        Receiver.Hit hit = receiver.hits().getFirst();
        assertThat(hit.header("Content-Type")).isEqualTo("application/json");
        assertThat(hit.header("User-Agent")).isEqualTo("Cantila-Webhooks/1");
        assertThat(hit.header("Cantila-Event-Id")).isEqualTo(event.id());
        assertThat(hit.header("Cantila-Event-Type")).isEqualTo("sms.inbound");
        String t = hit.header("Cantila-Signature").split(",")[0].substring(2);
        Mac mac = Mac.getInstance("HmacSHA256");
        mac.init(new SecretKeySpec(secret.getBytes(StandardCharsets.UTF_8), "HmacSHA256"));
        String expected = HexFormat.of().formatHex(mac.doFinal((t + "." + hit.text()).getBytes(StandardCharsets.UTF_8)));
        assertThat(hit.header("Cantila-Signature")).isEqualTo("t=" + t + ",v1=" + expected);
        new SignatureVerifier(clock).verify(hit.header("Cantila-Signature"), hit.body(), List.of(secret));
        JsonNode body = new ObjectMapper().readTree(hit.body());
        assertThat(body.get("id").asText()).isEqualTo(event.id());
        assertThat(body.get("type").asText()).isEqualTo("sms.inbound");
        assertThat(body.get("projectId").asText()).isEqualTo(PROJECT);
        assertThat(body.get("resourceId").asText()).isEqualTo("msg_1");
        assertThat(body.get("sequence").asLong()).isEqualTo(1);
        assertThat(Instant.parse(body.get("createdAt").asText())).isEqualTo(Instant.ofEpochMilli(clock.millis()));
        assertThat(body.get("data").get("body").asText()).isEqualTo("hi");
        assertThat(only(w, event).status()).isEqualTo(DeliveryStatus.SUCCEEDED);
    }

    @Test
    void failuresAreRetriedWithGrowingDelaysAndLogged() {
        Webhooks w = webhooks(SETTINGS);
        endpoint(w);
        AtomicInteger calls = new AtomicInteger();
        receiver.respond(hit -> calls.incrementAndGet() <= 2 ? 500 : 200);
        Event event = w.emit(PROJECT, "sms.status", "msg_1", Map.of("status", "sent"));

        assertThat(w.runOnce()).isEqualTo(1);
        Delivery first = only(w, event);
        assertThat(first.status()).isEqualTo(DeliveryStatus.FAILED);
        assertThat(first.nextAttemptAt()).isEqualTo(clock.instant().plusSeconds(2));
        assertThat(first.lastStatusCode()).isEqualTo(500);
        assertThat(first.lastError()).startsWith("HTTP 500: status 500");
        clock.advance(Duration.ofMillis(1999));
        assertThat(w.runOnce()).as("not due before the backoff").isZero();
        clock.advance(Duration.ofMillis(1));
        assertThat(w.runOnce()).isEqualTo(1);
        assertThat(only(w, event).nextAttemptAt()).isEqualTo(clock.instant().plusSeconds(4));
        clock.advance(Duration.ofSeconds(4));
        assertThat(w.runOnce()).isEqualTo(1);

        Delivery done = only(w, event);
        assertThat(done.status()).isEqualTo(DeliveryStatus.SUCCEEDED);
        assertThat(done.attempts()).isEqualTo(3);
        assertThat(done.attemptLog()).extracting(Attempt::statusCode).containsExactly(500, 500, 200);
        assertThat(done.attemptLog().get(1).at()).isEqualTo(done.attemptLog().get(0).at().plusSeconds(2));
        assertThat(done.attemptLog().get(2).at()).isEqualTo(done.attemptLog().get(1).at().plusSeconds(4));
        assertThat(receiver.hits()).hasSize(3);
        assertThat(receiver.hits()).extracting(h -> h.header("Cantila-Event-Id")).containsOnly(event.id());
    }

    @Test
    void alwaysFailingGoesDeadThenRedeliverySucceeds() {
        Webhooks w = webhooks(SETTINGS);
        endpoint(w);
        receiver.respond(hit -> 503);
        Event event = w.emit(PROJECT, "sms.status", "msg_1", Map.of());
        for (int i = 0; i < SETTINGS.maxAttempts(); i++) {
            assertThat(w.runOnce()).isEqualTo(1);
            clock.advance(Duration.ofMinutes(10));
        }
        assertThat(w.runOnce()).isZero();
        Delivery dead = only(w, event);
        assertThat(dead.status()).isEqualTo(DeliveryStatus.DEAD);
        assertThat(dead.nextAttemptAt()).isNull();
        assertThatThrownBy(() -> w.deliveries().redeliver(PROJECT, w.emit(PROJECT, "sms.inbound", "msg_2", Map.of())
                .deliveryIds().getFirst()))
                .isInstanceOfSatisfying(WebhookException.class, e -> assertThat(e.code()).isEqualTo("not_redeliverable"));

        receiver.respond(hit -> 200);
        assertThat(w.deliveries().redeliver(PROJECT, dead.id()).status()).isEqualTo(DeliveryStatus.PENDING);
        w.runOnce();

        Delivery redelivered = only(w, event);
        assertThat(redelivered.status()).isEqualTo(DeliveryStatus.SUCCEEDED);
        assertThat(redelivered.attemptLog()).hasSize(SETTINGS.maxAttempts() + 1);
        assertThat(redelivered.attemptLog().getLast().redelivery()).isTrue();
        assertThat(redelivered.attemptLog().getLast().statusCode()).isEqualTo(200);
        assertThatThrownBy(() -> w.deliveries().redeliver("prj_other", dead.id()))
                .isInstanceOfSatisfying(WebhookException.class, e -> assertThat(e.kind()).isEqualTo(WebhookException.Kind.NOT_FOUND));
    }

    @Test
    void laterEventsOfAResourceWaitForEarlierOnes() {
        Webhooks w = webhooks(SETTINGS);
        endpoint(w);
        Event first = w.emit(PROJECT, "sms.status", "msg_1", Map.of("status", "sent"));
        Event second = w.emit(PROJECT, "sms.status", "msg_1", Map.of("status", "delivered"));
        Event other = w.emit(PROJECT, "sms.status", "msg_2", Map.of("status", "sent"));
        assertThat(second.sequence()).isEqualTo(2);
        java.util.concurrent.atomic.AtomicBoolean failedOnce = new java.util.concurrent.atomic.AtomicBoolean();
        receiver.respond(hit -> hit.header("Cantila-Event-Id").equals(first.id()) && failedOnce.compareAndSet(false, true)
                ? 500 : 200);

        assertThat(w.runOnce()).as("msg_1 #1 and msg_2 #1; msg_1 #2 waits").isEqualTo(2);
        assertThat(only(w, second).status()).isEqualTo(DeliveryStatus.PENDING);
        assertThat(only(w, other).status()).isEqualTo(DeliveryStatus.SUCCEEDED);
        assertThat(w.runOnce()).as("msg_1 #2 is due but #1 is failed, awaiting retry").isZero();
        clock.advance(Duration.ofSeconds(2));
        assertThat(w.runOnce()).isEqualTo(1);
        assertThat(w.runOnce()).isEqualTo(1);

        List<String> order = receiver.hits().stream().map(h -> h.header("Cantila-Event-Id"))
                .filter(id -> !id.equals(other.id())).toList();
        assertThat(order).containsExactly(first.id(), first.id(), second.id());
    }

    @Test
    void aNameThatResolvesToAPrivateAddressIsRefusedAtConnectTime() {
        // registered while it resolved elsewhere (or never checked): the check that counts is the one per attempt
        TargetPolicy strict = TargetPolicy.strict().withResolver(host -> host.equals("rebind.example")
                ? new java.net.InetAddress[]{java.net.InetAddress.getLoopbackAddress()} : new java.net.InetAddress[0]);
        Webhooks w = webhooks(SETTINGS.withTargets(strict));
        String url = receiver.url("/hook").replace("127.0.0.1", "rebind.example");
        w.endpoints().create(PROJECT, new NewEndpoint(url, List.of("sms.*"), null));
        Event event = w.emit(PROJECT, "sms.inbound", "msg_1", Map.of());

        assertThat(w.runOnce()).isEqualTo(1);

        assertThat(receiver.hits()).isEmpty();
        assertThat(only(w, event).attemptLog()).singleElement().satisfies(a -> {
            assertThat(a.statusCode()).isNull();
            assertThat(a.error()).startsWith("refused: rebind.example resolves to a loopback address (127.0.0.1)");
        });
    }

    @Test
    void aRedirectIsAFailedAttemptAndTheAnswerIsLoggedAsAShortCleanExcerpt() {
        Webhooks w = webhooks(SETTINGS);
        endpoint(w);
        receiver.respond(hit -> 302);
        receiver.answer("moved\r\n\u001b[2J" + "x".repeat(5000));
        Event event = w.emit(PROJECT, "sms.inbound", "msg_1", Map.of());

        assertThat(w.runOnce()).isEqualTo(1);

        assertThat(receiver.hits()).hasSize(1);
        Delivery d = only(w, event);
        assertThat(d.status()).isEqualTo(DeliveryStatus.FAILED);
        assertThat(d.lastError()).startsWith("HTTP 302 (redirects are not followed): moved [2Jxxx")
                .doesNotContain("\r", "\n", "\u001b").endsWith("…");
        assertThat(d.lastError().length()).isLessThan(300);
    }

    @Test
    void aReceiverThatNeverAnswersIsAFailedAttempt() {
        WebhookSettings quick = new WebhookSettings(Duration.ofSeconds(1), Duration.ofMillis(300), 4,
                Duration.ofSeconds(2), Duration.ofMinutes(10), 2, Duration.ofMillis(50), Duration.ofSeconds(5),
                WebhookSettings.DEFAULT_EVENT_TYPES, LOCAL_RECEIVERS);
        Webhooks w = webhooks(quick);
        endpoint(w);
        receiver.respond(hit -> Receiver.HANG);
        Event event = w.emit(PROJECT, "sms.inbound", "msg_1", Map.of());

        assertThat(w.runOnce()).isEqualTo(1);

        Delivery failed = only(w, event);
        assertThat(failed.status()).isEqualTo(DeliveryStatus.FAILED);
        assertThat(failed.lastStatusCode()).isNull();
        assertThat(failed.attemptLog()).singleElement().satisfies(a -> {
            assertThat(a.statusCode()).isNull();
            assertThat(a.error()).startsWith("timeout");
            assertThat(a.duration()).isGreaterThanOrEqualTo(Duration.ofMillis(300));
        });
    }

    @Test
    void aNewInstanceResumesPendingWorkAndTakesOverExpiredLeases() throws Exception {
        Webhooks before = webhooks(SETTINGS);
        endpoint(before);
        Event pending = before.emit(PROJECT, "sms.inbound", "msg_1", Map.of());
        Event leased = before.emit(PROJECT, "sms.inbound", "msg_2", Map.of());
        try (Connection c = db.getConnection()) {
            // A worker that claimed this one and then crashed.
            c.createStatement().executeUpdate("UPDATE webhook_deliveries SET lease_token = 'lse_dead', lease_until = "
                    + (clock.millis() + SETTINGS.lease().toMillis()) + " WHERE id = '" + leased.deliveryIds().getFirst() + "'");
        }
        before.close();

        Webhooks after = webhooks(SETTINGS);
        assertThat(after.runOnce()).isEqualTo(1);
        assertThat(only(after, pending).status()).isEqualTo(DeliveryStatus.SUCCEEDED);
        clock.advance(SETTINGS.lease());
        assertThat(after.runOnce()).isEqualTo(1);
        assertThat(only(after, leased).status()).isEqualTo(DeliveryStatus.SUCCEEDED);
        assertThat(receiver.hits()).hasSize(2);
    }

    @Test
    void twoWorkersNeverDeliverTheSameDeliveryTwice() throws Exception {
        Webhooks a = webhooks(SETTINGS);
        Webhooks b = webhooks(SETTINGS);
        endpoint(a);
        List<String> ids = new ArrayList<>();
        for (int i = 0; i < 40; i++) {
            ids.add(a.emit(PROJECT, "sms.status", "msg_" + (i % 10), Map.of("n", i)).id());
        }
        var first = java.util.concurrent.CompletableFuture.supplyAsync(() -> drain(a));
        var second = java.util.concurrent.CompletableFuture.supplyAsync(() -> drain(b));

        assertThat(first.get() + second.get()).isEqualTo(40);
        assertThat(receiver.hits()).extracting(h -> h.header("Cantila-Event-Id"))
                .containsExactlyInAnyOrderElementsOf(ids);
    }

    /** Runs until nothing is left to claim anywhere; returns how many this worker delivered. */
    private int drain(Webhooks w) {
        int total = 0;
        while (w.deliveries().list(dev.cantila.webhooks.delivery.DeliveryQuery.project(PROJECT))
                .stream().anyMatch(d -> d.status() == DeliveryStatus.PENDING) || total == 0 && receiver.hits().isEmpty()) {
            total += w.runOnce();
        }
        return total;
    }

    @Test
    void aCallbackTargetIsSignedWithTheProjectSecret() {
        Webhooks w = webhooks(SETTINGS);
        Event event = w.emit(new NewEvent(PROJECT, "sms.status", "msg_1", Map.of("status", "delivered"),
                Optional.of(CallbackTarget.of(receiver.url("/status"), "whsec_project"))));

        assertThat(event.deliveryIds()).hasSize(1);
        w.runOnce();

        Receiver.Hit hit = receiver.hits().getFirst();
        new SignatureVerifier(clock).verify(hit.header("Cantila-Signature"), hit.body(), List.of("whsec_project"));
        assertThat(only(w, event).callbackUrl()).isEqualTo(receiver.url("/status"));
        assertThat(only(w, event).endpointId()).isNull();
    }

    @Test
    void badEmitsAreRejectedWithCodeAndField() {
        Webhooks w = webhooks(SETTINGS);
        assertThatThrownBy(() -> w.emit(PROJECT, "sms.sent", "msg_1", Map.of()))
                .isInstanceOfSatisfying(WebhookException.class, e -> {
                    assertThat(e.code()).isEqualTo("invalid_event_type");
                    assertThat(e.field()).isEqualTo("type");
                });
        assertThatThrownBy(() -> w.emit(new NewEvent(PROJECT, "sms.status", "msg_1", Map.of(),
                Optional.of(CallbackTarget.of("mailto:x@example.com", "whsec_p")))))
                .isInstanceOfSatisfying(WebhookException.class, e -> assertThat(e.field()).isEqualTo("statusCallback"));
    }
}
