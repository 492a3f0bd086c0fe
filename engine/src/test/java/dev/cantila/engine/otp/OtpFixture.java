package dev.cantila.engine.otp;

import com.fasterxml.jackson.databind.JsonNode;
import dev.cantila.engine.storage.Database;
import dev.cantila.engine.telephony.SimulatedCarrier;
import dev.cantila.engine.testing.Api;
import dev.cantila.engine.testing.MutableClock;
import dev.cantila.engine.testing.TestServer;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * One project with SMS active, and the moves OTP tests make: request, read the code from the simulated handset (as
 * a phone would: never from the database), verify. The clock is the test's; the dispatcher runs when asked.
 */
final class OtpFixture {
    private static final Pattern CODE = Pattern.compile("(\\d{4,10})");
    final TestServer server;
    final MutableClock clock;
    final String project;
    final Api api;
    final String sender;

    OtpFixture(TestServer server, MutableClock clock, String name) {
        this.server = server;
        this.clock = clock;
        var p = server.newProject(name);
        this.project = p.id();
        this.api = p.api();
        this.sender = server.app().smsActivation().activate(project, "US", "local", null).e164();
    }

    String path(String rest) {
        return "/v1/projects/" + project + "/sms/otp" + rest;
    }

    Api.Resp request(String to) {
        return api.post(path("/request"), Api.obj("to", to));
    }

    Api.Resp verify(String to, String code) {
        return api.post(path("/verify"), Api.obj("to", to, "code", code));
    }

    /** Hands every queued message to the simulated carrier (a second on the clock per pass, as pacing wants). */
    void dispatch() {
        for (int i = 0; i < 100; i++) {
            clock.advance(Duration.ofSeconds(1));
            if (server.app().sms().dispatchOnce() == 0 && i > 0) {
                return;
            }
        }
    }

    /** What the handset {@code to} shows, oldest first, as this project's key reads it. */
    List<String> handset(String to) {
        dispatch();
        Api.Resp r = api.get("/v1/sim/handsets/" + to.substring(1) + "/messages");
        assertThat(r.status()).as(r.toString()).isEqualTo(200);
        List<String> bodies = new ArrayList<>();
        r.json().get("data").forEach(m -> bodies.add(m.get("body").asText()));
        return bodies;
    }

    /** The code in the newest message on the handset. */
    String code(String to) {
        List<String> bodies = handset(to);
        assertThat(bodies).as("messages on " + to).isNotEmpty();
        Matcher m = CODE.matcher(bodies.get(bodies.size() - 1));
        assertThat(m.find()).as(bodies.get(bodies.size() - 1)).isTrue();
        return m.group(1);
    }

    /** The otp.* events of the project, oldest first: type and payload. */
    List<JsonNode> events(String type) {
        return Database.list(server.app().database().exec(), "SELECT payload FROM webhook_events WHERE project_id = ?"
                        + " AND event_type = ? ORDER BY created_at, id", r -> Api.JSON.valueToTree(
                        parse(Database.str(r, "payload"))), project, type);
    }

    private static JsonNode parse(String json) {
        try {
            return Api.JSON.readTree(json);
        } catch (java.io.IOException e) {
            throw new IllegalStateException(e);
        }
    }

    SimulatedCarrier carrier() {
        return (SimulatedCarrier) server.app().carrier();
    }
}
