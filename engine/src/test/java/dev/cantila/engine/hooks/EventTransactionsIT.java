package dev.cantila.engine.hooks;

import dev.cantila.engine.sms.Message;
import dev.cantila.engine.sms.SmsListener;
import dev.cantila.engine.telephony.SimulatedCarrier;
import dev.cantila.engine.testing.Api;
import dev.cantila.engine.testing.MutableClock;
import dev.cantila.engine.testing.TestServer;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.atomic.AtomicReference;

import static dev.cantila.engine.testing.Api.obj;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/**
 * The webhook event of an SMS happening commits in the happening's own transaction: a failure after the status
 * move (or the inbound insert) but before the commit leaves neither the change nor the event, and a retried report
 * then produces exactly one event, numbered in order. A listener registered after the production ones fails on
 * demand, inside that transaction. Runs on H2 and, in CI, PostgreSQL.
 */
class EventTransactionsIT {
    private static final MutableClock CLOCK = MutableClock.at("2026-11-27T10:00:00Z");
    @RegisterExtension
    static final TestServer SERVER = TestServer.withClock(CLOCK);
    /** "message-id status" (or an inbound body) whose happening fails inside its transaction; null: none. */
    private static final AtomicReference<String> FAIL = new AtomicReference<>();

    private String project;
    private Api api;
    private String number;

    @BeforeAll
    static void failOnDemand() {
        SERVER.app().sms().onStatus(failing(m -> m.id() + " " + m.status()));
        SERVER.app().sms().onInboundStored(failing(r -> r.message().body()));
    }

    private static <T> SmsListener<T> failing(java.util.function.Function<T, String> key) {
        return (tx, happening) -> {
            if (key.apply(happening).equals(FAIL.get())) {
                throw new IllegalStateException("injected failure after the change, before the commit");
            }
        };
    }

    @BeforeEach
    void newProject() {
        var created = SERVER.newProject("tx");
        project = created.id();
        api = created.api();
        number = api.post(path("/sms/activate"), obj("country", "US", "numberType", "local")).text("/e164");
    }

    @AfterEach
    void disarm() {
        FAIL.set(null);
    }

    private String path(String rest) {
        return "/v1/projects/" + project + rest;
    }

    private SimulatedCarrier carrier() {
        return (SimulatedCarrier) SERVER.app().carrier();
    }

    @Test
    void aStatusMoveAndItsEventCommitTogether() throws Exception {
        String id = api.post(path("/sms/send"), obj("to", "+14155550191", "body", "hi")).text("/id");
        assertThat(SERVER.app().sms().dispatchOnce()).isEqualTo(1);
        CLOCK.advance(Duration.ofSeconds(1));

        FAIL.set(id + " sent");
        assertThatThrownBy(carrier()::reportDue).hasMessageContaining("injected failure");
        assertThat(status(id)).as("the move was rolled back").isEqualTo("sending");
        assertThat(events(id)).as("and so was its event").isEmpty();

        FAIL.set(id + " delivered");
        assertThatThrownBy(carrier()::reportDue).as("sent is reported again, then the receipt fails")
                .hasMessageContaining("injected failure");
        assertThat(status(id)).isEqualTo("sent");
        assertThat(events(id)).containsExactly("1 sms.status sent");

        FAIL.set(null);
        assertThat(carrier().reportDue()).as("the receipt is owed still, and made again").isEqualTo(1);
        assertThat(status(id)).isEqualTo("delivered");
        assertThat(events(id)).containsExactly("1 sms.status sent", "2 sms.status delivered");
    }

    @Test
    void anInboundMessageAndItsEventCommitTogether() throws Exception {
        FAIL.set("doomed");
        Api.Resp failed = api.post("/v1/sim/inbound-sms", obj("from", "+14155550192", "to", number, "body", "doomed"));
        assertThat(failed.status()).as("the carrier is told to retry").isEqualTo(500);
        assertThat(api.get(path("/sms/inbound")).json().get("data")).as("nothing stored").isEmpty();
        assertThat(eventCount()).isZero();

        FAIL.set(null);
        String id = api.post("/v1/sim/inbound-sms", obj("from", "+14155550192", "to", number, "body", "doomed"))
                .text("/message/id");
        assertThat(api.get(path("/sms/inbound")).json().get("data")).hasSize(1);
        assertThat(events(id)).containsExactly("1 sms.inbound received");
        assertThat(eventCount()).isEqualTo(1);
    }

    private String status(String id) {
        return api.get(path("/sms/messages/" + id)).text("/status");
    }

    /** The outbox rows of {@code id}: sequence, type and the status or kind they carry. */
    private List<String> events(String id) throws SQLException {
        List<String> out = new ArrayList<>();
        try (Connection c = SERVER.app().database().dataSource().getConnection();
             PreparedStatement ps = c.prepareStatement("SELECT seq, event_type, payload FROM webhook_events"
                     + " WHERE resource_id = ? ORDER BY seq")) {
            ps.setString(1, id);
            try (ResultSet rs = ps.executeQuery()) {
                while (rs.next()) {
                    var data = Api.JSON.readTree(rs.getString(3)).get("data");
                    out.add(rs.getLong(1) + " " + rs.getString(2) + " "
                            + (data.has("status") ? data.get("status").asText() : "received"));
                }
            }
        } catch (java.io.IOException e) {
            throw new IllegalStateException(e);
        }
        return out;
    }

    private long eventCount() throws SQLException {
        try (Connection c = SERVER.app().database().dataSource().getConnection();
             PreparedStatement ps = c.prepareStatement("SELECT COUNT(*) FROM webhook_events WHERE project_id = ?")) {
            ps.setString(1, project);
            try (ResultSet rs = ps.executeQuery()) {
                rs.next();
                return rs.getLong(1);
            }
        }
    }
}
