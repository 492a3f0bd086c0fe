package dev.cantila.webhooks.endpoints;

import dev.cantila.webhooks.WebhookException;
import dev.cantila.webhooks.WebhookSettings;
import dev.cantila.webhooks.outbound.TargetPolicy;
import dev.cantila.webhooks.events.EventTypes;
import dev.cantila.webhooks.storage.Ids;
import dev.cantila.webhooks.storage.Jdbc;
import dev.cantila.webhooks.testing.MutableClock;
import dev.cantila.webhooks.testing.TestDatabase;
import org.junit.jupiter.api.Test;

import javax.sql.DataSource;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Optional;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class EndpointsIT {
    private final MutableClock clock = new MutableClock(Instant.parse("2026-03-01T12:00:00Z"));
    private final DataSource db = TestDatabase.fresh();
    private final Endpoints endpoints = new Endpoints(new Jdbc(db), clock, new Ids(clock),
            new EventTypes(WebhookSettings.DEFAULT_EVENT_TYPES), TargetPolicy.strict());

    private EndpointWithSecret create(String project) {
        return endpoints.create(project, new NewEndpoint("https://example.com/hook", List.of("sms.*"), "main"));
    }

    @Test
    void createReturnsTheSecretOnceAndGetShowsOnlyAHint() {
        EndpointWithSecret created = create("prj_a");

        assertThat(created.secret()).matches("whsec_[0-9a-z]{32}");
        Endpoint got = endpoints.get("prj_a", created.endpoint().id());
        assertThat(got.id()).startsWith("whk_");
        assertThat(got.url()).isEqualTo("https://example.com/hook");
        assertThat(got.events()).containsExactly("sms.*");
        assertThat(got.active()).isTrue();
        assertThat(got.secrets()).singleElement().satisfies(s -> {
            assertThat(s.hint()).isEqualTo(created.secret().substring(0, 10) + "…");
            assertThat(s.expiresAt()).isNull();
        });
    }

    @Test
    void endpointsAreScopedToTheirProject() {
        String id = create("prj_a").endpoint().id();

        assertThat(endpoints.list("prj_b")).isEmpty();
        assertThatThrownBy(() -> endpoints.get("prj_b", id))
                .isInstanceOfSatisfying(WebhookException.class, e -> assertThat(e.kind()).isEqualTo(WebhookException.Kind.NOT_FOUND))
                .hasMessageContaining(id);
        assertThatThrownBy(() -> endpoints.delete("prj_b", id)).isInstanceOf(WebhookException.class);
        assertThat(endpoints.list("prj_a")).extracting(Endpoint::id).containsExactly(id);
    }

    @Test
    void updateChangesOnlyTheGivenFields() {
        String id = create("prj_a").endpoint().id();
        clock.advance(Duration.ofSeconds(5));

        Endpoint updated = endpoints.update("prj_a", id, new EndpointUpdate(Optional.empty(),
                Optional.of(List.of("sms.status", "sms.status")), Optional.empty(), Optional.of(false)));

        assertThat(updated.url()).isEqualTo("https://example.com/hook");
        assertThat(updated.events()).containsExactly("sms.status");
        assertThat(updated.description()).isEqualTo("main");
        assertThat(updated.active()).isFalse();
        assertThat(updated.updatedAt()).isEqualTo(clock.instant());
    }

    @Test
    void rotationKeepsThePreviousSecretUntilTheOverlapEnds() throws Exception {
        EndpointWithSecret created = create("prj_a");
        String id = created.endpoint().id();
        clock.advance(Duration.ofSeconds(1));

        EndpointWithSecret rotated = endpoints.rotateSecret("prj_a", id, Duration.ofHours(1));

        assertThat(rotated.secret()).isNotEqualTo(created.secret());
        assertThat(rotated.endpoint().secrets()).hasSize(2);
        assertThat(rotated.endpoint().secrets().get(1).expiresAt()).isEqualTo(clock.instant().plus(Duration.ofHours(1)));
        assertThat(activeSecrets(id)).containsExactly(rotated.secret(), created.secret());
        clock.advance(Duration.ofHours(1));
        assertThat(activeSecrets(id)).containsExactly(rotated.secret());
        assertThat(endpoints.get("prj_a", id).secrets()).hasSize(1);
    }

    private List<String> activeSecrets(String id) {
        return new Jdbc(db).inTransaction(c -> Endpoints.activeSecrets(c, id, clock.millis()));
    }

    @Test
    void badInputNamesTheFieldAndTheProblem() {
        assertInvalid(new NewEndpoint("ftp://example.com/x", List.of("sms.inbound"), null), "invalid_url", "url", "http");
        assertInvalid(new NewEndpoint("/relative", List.of("sms.inbound"), null), "invalid_url", "url", "absolute");
        assertInvalid(new NewEndpoint("https://u:p@example.com/", List.of("sms.inbound"), null), "invalid_url", "url", "credentials");
        assertInvalid(new NewEndpoint("https://example.com/ x", List.of("sms.inbound"), null), "invalid_url", "url", "not a URL");
        assertInvalid(new NewEndpoint(null, List.of("sms.inbound"), null), "invalid_url", "url", "required");
        assertInvalid(new NewEndpoint("https://example.com/", List.of("sms.sent"), null), "invalid_event_type", "events", "sms.sent");
        assertInvalid(new NewEndpoint("https://example.com/", List.of("fax.*"), null), "invalid_event_type", "events", "fax.*");
        assertInvalid(new NewEndpoint("https://example.com/", List.of(), null), "invalid_event_type", "events", "at least one");
        assertThatThrownBy(() -> endpoints.rotateSecret("prj_a", "whk_x", Duration.ofDays(8)))
                .isInstanceOfSatisfying(WebhookException.class, e -> assertThat(e.field()).isEqualTo("overlapSeconds"));
    }

    @Test
    void privateLoopbackAndMetadataTargetsAreRefusedOnCreateAndUpdate() {
        for (String url : List.of("http://127.0.0.1:8080/hook", "http://[::1]/", "http://169.254.169.254/latest",
                "http://10.0.0.5/", "http://192.168.1.1/", "http://172.16.0.1/", "http://[fd00::1]/", "http://[fe80::1]/",
                "http://[::ffff:127.0.0.1]/", "http://2130706433/", "http://0177.0.0.1/", "http://0.0.0.0/",
                "http://metadata.google.internal/", "http://localhost:9000/")) {
            assertInvalid(new NewEndpoint(url, List.of("sms.inbound"), null), "invalid_url", "url",
                    "only calls public internet addresses");
        }
        String id = create("prj_a").endpoint().id();
        assertThatThrownBy(() -> endpoints.update("prj_a", id, new EndpointUpdate(Optional.of("http://10.1.2.3/"),
                Optional.empty(), Optional.empty(), Optional.empty())))
                .isInstanceOfSatisfying(WebhookException.class, e -> assertThat(e.field()).isEqualTo("url"))
                .hasMessageContaining("private address (10/8)");
    }

    @Test
    void theOperatorsAllowListOpensAPrivateTarget() {
        Endpoints allowing = new Endpoints(new Jdbc(db), clock, new Ids(clock),
                new EventTypes(WebhookSettings.DEFAULT_EVENT_TYPES), TargetPolicy.allowing(List.of("10.0.0.0/8")));
        assertThat(allowing.create("prj_a", new NewEndpoint("http://10.0.0.5/hook", List.of("sms.*"), null))
                .endpoint().url()).isEqualTo("http://10.0.0.5/hook");
    }

    private void assertInvalid(NewEndpoint request, String code, String field, String message) {
        assertThatThrownBy(() -> endpoints.create("prj_a", request))
                .isInstanceOfSatisfying(WebhookException.class, e -> {
                    assertThat(e.kind()).isEqualTo(WebhookException.Kind.INVALID);
                    assertThat(e.code()).isEqualTo(code);
                    assertThat(e.field()).isEqualTo(field);
                })
                .hasMessageContaining(message);
    }

    @Test
    void wildcardsCoverTheirFamilyOnly() {
        assertThat(EventTypes.matches("sms.*", "sms.status")).isTrue();
        assertThat(EventTypes.matches("sms.*", "call.completed")).isFalse();
        assertThat(EventTypes.matches("*", "call.completed")).isTrue();
        assertThat(EventTypes.matches("sms.inbound", "sms.status")).isFalse();
    }
}
