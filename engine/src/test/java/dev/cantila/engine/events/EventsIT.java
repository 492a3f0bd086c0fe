package dev.cantila.engine.events;

import com.fasterxml.jackson.databind.JsonNode;
import dev.cantila.engine.testing.Api;
import dev.cantila.engine.testing.MutableClock;
import dev.cantila.engine.testing.SseClient;
import dev.cantila.engine.testing.TestServer;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

import java.time.Duration;
import java.util.Map;

import static dev.cantila.engine.testing.Api.obj;
import static org.assertj.core.api.Assertions.assertThat;

/**
 * The public event stream and event page over HTTP: the payload is the webhook body, resume after Last-Event-ID,
 * type filters, the per-project bound, heartbeats and the stream's end by the fake clock; and the ETags of the lists
 * the Console polls. Runs on H2 and, in CI, PostgreSQL.
 */
class EventsIT {
    private static final MutableClock CLOCK = MutableClock.at("2026-12-03T10:00:00Z");
    @RegisterExtension
    static final TestServer SERVER = TestServer.withClock(CLOCK, Map.of(
            "cantila.events.max-streams-per-project", "2", "cantila.events.poll", "20ms",
            "cantila.events.heartbeat", "15s", "cantila.events.max-duration", "30m"));

    private String project;
    private Api api;
    private String number;

    @BeforeEach
    void newProject() {
        var created = SERVER.newProject("events");
        project = created.id();
        api = created.api();
        number = api.post(path("/sms/activate"), obj("country", "US", "numberType", "local")).text("/e164");
    }

    private String path(String rest) {
        return "/v1/projects/" + project + rest;
    }

    private void inbound(String from, String body) {
        assertThat(api.post("/v1/sim/inbound-sms", obj("from", from, "to", number, "body", body)).status()).isEqualTo(201);
    }

    private SseClient open(String query, String lastEventId) {
        return SseClient.open(api.base().resolve(path("/events/stream") + query), api.key(), lastEventId);
    }

    @Test
    void aLiveStreamCarriesTheWebhookPayloadOfEachNewEvent() {
        try (SseClient stream = open("?types=sms.inbound", null)) {
            stream.awaitComment("stream of " + project);
            inbound("+14155550123", "hello stream");
            SseClient.Frame frame = stream.next();
            assertThat(frame.event()).isEqualTo("sms.inbound");
            JsonNode payload = frame.json();
            assertThat(payload.path("id").asText()).isEqualTo(frame.id());
            assertThat(payload.path("type").asText()).isEqualTo("sms.inbound");
            assertThat(payload.path("projectId").asText()).isEqualTo(project);
            assertThat(payload.path("data").path("body").asText()).isEqualTo("hello stream");
            // the page of events shows the same event, byte for byte the same payload
            JsonNode page = api.get(path("/events?types=sms.inbound")).json();
            assertThat(page.path("data").get(page.path("data").size() - 1)).isEqualTo(payload);
        }
    }

    @Test
    void aStreamResumesStrictlyAfterLastEventId() {
        inbound("+14155550124", "first");
        CLOCK.advance(Duration.ofMillis(1)); // ids order by the millisecond; within one, by chance
        inbound("+14155550124", "second");
        JsonNode events = api.get(path("/events?types=sms.inbound")).json().path("data");
        assertThat(events).hasSize(2);
        String first = events.get(0).path("id").asText();
        try (SseClient stream = open("?types=sms.inbound", first)) {
            SseClient.Frame frame = stream.next();
            assertThat(frame.id()).isEqualTo(events.get(1).path("id").asText());
            assertThat(frame.json().path("data").path("body").asText()).isEqualTo("second");
        }
    }

    @Test
    void typesFilterWithTheWebhookPatternsAndAreChecked() {
        try (SseClient stream = open("?types=otp.*", null)) {
            stream.awaitComment("stream of " + project);
            inbound("+14155550125", "not wanted");
            assertThat(api.post(path("/sms/otp/request"), obj("to", "+14155550125")).status()).isEqualTo(201);
            assertThat(stream.next().event()).isEqualTo("otp.requested");
        }
        var bad = api.get(path("/events/stream?types=sms.nothing"));
        assertThat(bad.status()).isEqualTo(400);
        assertThat(bad.json().path("error").path("field").asText()).isEqualTo("types");
    }

    @Test
    void aBadLastEventIdIsA400NamingIt() {
        var bad = api.send("GET", path("/events/stream"), null, Map.of("Last-Event-ID", "42"));
        assertThat(bad.status()).isEqualTo(400);
        assertThat(bad.json().path("error").path("field").asText()).isEqualTo("Last-Event-ID");
    }

    @Test
    void anotherProjectsKeyIsRefused() {
        String other = SERVER.newProject("other").id();
        assertThat(api.get("/v1/projects/" + other + "/events/stream").status()).isEqualTo(403);
        assertThat(api.get("/v1/projects/" + other + "/events").status()).isEqualTo(403);
    }

    @Test
    void aProjectHoldsAtMostItsBoundOfStreams() {
        try (SseClient a = open("", null); SseClient b = open("", null)) {
            a.awaitComment("stream of");
            b.awaitComment("stream of");
            var third = api.get(path("/events/stream"));
            assertThat(third.status()).isEqualTo(429);
            assertThat(third.errorCode()).isEqualTo("too_many_streams");
            assertThat(third.json().path("error").path("retryAfter").asInt()).isPositive();
        }
    }

    @Test
    void anIdleStreamHeartbeatsAndEndsAfterItsMaximumDuration() {
        try (SseClient stream = open("", null)) {
            stream.awaitComment("stream of");
            CLOCK.advance(Duration.ofSeconds(16));
            stream.awaitComment("heartbeat");
            CLOCK.advance(Duration.ofMinutes(31));
            stream.awaitEnd();
        }
    }

    @Test
    void theListsTheConsolePollsAnswer304WhileUnchanged() {
        inbound("+14155550126", "tagged");
        for (String list : new String[]{"/sms/threads", "/sms/threads/14155550126", "/sms/messages", "/sms/inbound"}) {
            var first = api.get(path(list));
            String tag = first.header("ETag");
            assertThat(tag).as(list).startsWith("\"");
            var again = api.send("GET", path(list), null, Map.of("If-None-Match", tag));
            assertThat(again.status()).as(list).isEqualTo(304);
            assertThat(again.body()).isEmpty();
        }
        String threadTag = api.get(path("/sms/threads/14155550126")).header("ETag");
        inbound("+14155550126", "changed");
        var changed = api.send("GET", path("/sms/threads/14155550126"), null, Map.of("If-None-Match", threadTag));
        assertThat(changed.status()).isEqualTo(200);
        assertThat(changed.header("ETag")).isNotEqualTo(threadTag);
    }
}
