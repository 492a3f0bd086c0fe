package dev.cantila.engine.otp;

import com.fasterxml.jackson.databind.JsonNode;
import dev.cantila.engine.testing.Api.Resp;
import dev.cantila.engine.testing.MutableClock;
import dev.cantila.engine.testing.TestServer;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

import java.time.Duration;

import static dev.cantila.engine.testing.Api.obj;
import static org.assertj.core.api.Assertions.assertThat;

/**
 * Every limit under the fake clock (429 with the limit's code and retryAfter; served again once the window passed),
 * geo permissions, and a simulated SMS-pumping attack beside normal users who keep being served.
 */
class OtpAbuseIT {
    private static final MutableClock CLOCK = MutableClock.at("2026-12-03T10:00:00Z");
    @RegisterExtension
    static final TestServer SERVER = TestServer.withClock(CLOCK);
    private OtpFixture f;

    @BeforeEach
    void project() {
        f = new OtpFixture(SERVER, CLOCK, "abuse");
    }

    private void policy(Object... kv) {
        Resp r = f.api.put(f.path("/policy"), obj(kv));
        assertThat(r.status()).as(r.toString()).isEqualTo(200);
    }

    private static void limited(Resp r, String code, long minRetry, long maxRetry) {
        assertThat(r.status()).as(r.toString()).isEqualTo(429);
        assertThat(r.errorCode()).isEqualTo(code);
        assertThat(r.json().get("error").get("retryAfter").asLong()).isBetween(minRetry, maxRetry);
    }

    @Test
    void perDestinationPerHour() {
        policy("perDestination", 2);
        assertThat(f.request("+14155550201").status()).isEqualTo(201);
        assertThat(f.request("+14155550201").status()).isEqualTo(201); // the re-send counts too
        limited(f.request("+14155550201"), "destination_rate_limited", 3590, 3600);
        assertThat(f.request("+14155550202").status()).as("another number").isEqualTo(201);
        CLOCK.advance(Duration.ofMinutes(61));
        assertThat(f.request("+14155550201").status()).isEqualTo(201);
    }

    @Test
    void perClientIpPerHour() {
        policy("perClientIp", 2);
        for (int i = 0; i < 2; i++) {
            assertThat(f.api.post(f.path("/request"), obj("to", "+1415555021" + i, "clientIp", "203.0.113.9"))
                    .status()).isEqualTo(201);
        }
        limited(f.api.post(f.path("/request"), obj("to", "+14155550219", "clientIp", "203.0.113.9")),
                "client_ip_rate_limited", 3590, 3600);
        assertThat(f.api.post(f.path("/request"), obj("to", "+14155550219", "clientIp", "2001:db8::1")).status())
                .isEqualTo(201);
        CLOCK.advance(Duration.ofHours(1));
        assertThat(f.api.post(f.path("/request"), obj("to", "+14155550218", "clientIp", "203.0.113.9")).status())
                .isEqualTo(201);
    }

    @Test
    void perProjectPerMinuteAndPerDay() {
        policy("perMinute", 3, "perDay", 5);
        for (int i = 0; i < 3; i++) {
            assertThat(f.request("+1415555022" + i).status()).isEqualTo(201);
        }
        limited(f.request("+14155550229"), "project_minute_rate_limited", 50, 60);
        CLOCK.advance(Duration.ofSeconds(61));
        assertThat(f.request("+14155550225").status()).isEqualTo(201);
        assertThat(f.request("+14155550226").status()).isEqualTo(201);
        CLOCK.advance(Duration.ofSeconds(61));
        limited(f.request("+14155550227"), "project_day_rate_limited", 86_000, 86_400);
        CLOCK.advance(Duration.ofDays(1));
        assertThat(f.request("+14155550227").status()).isEqualTo(201);
    }

    @Test
    void perDestinationCountryPerHour() {
        policy("perCountry", 2, "allowedCountries", java.util.List.of("US", "GB"));
        assertThat(f.request("+447400123401").status()).isEqualTo(201);
        assertThat(f.request("+447400123402").status()).isEqualTo(201);
        limited(f.request("+447400123403"), "country_rate_limited", 3590, 3600);
        assertThat(f.request("+14155550230").status()).as("another country").isEqualTo(201);
        CLOCK.advance(Duration.ofHours(1));
        assertThat(f.request("+447400123403").status()).isEqualTo(201);
    }

    @Test
    void codesGoOnlyToAllowedCountriesByDefaultThoseOfTheProjectsNumbers() {
        Resp gb = f.request("+447400123456");
        assertThat(gb.status()).isEqualTo(403);
        assertThat(gb.errorCode()).isEqualTo("country_not_allowed");
        assertThat(f.request("+14155550240").status()).isEqualTo(201);
        assertThat(f.api.get(f.path("/policy")).json().get("allowedCountries").isNull()).isTrue();
        policy("allowedCountries", java.util.List.of("GB"));
        assertThat(f.request("+447400123456").status()).isEqualTo(201);
        assertThat(f.request("+14155550241").errorCode()).isEqualTo("country_not_allowed");
        assertThat(f.api.put(f.path("/policy"), obj("allowedCountries", java.util.List.of("XX"))).status())
                .isEqualTo(400);
    }

    @Test
    void aPumpingAttackOnOnePrefixIsBlockedWhileNormalUsersKeepBeingServed() {
        policy("perMinute", 10_000, "perCountry", 10_000);
        // normal users: 25 sign-ins, nearly all verified (the project's baseline)
        for (int i = 0; i < 25; i++) {
            String to = String.format("+1415555%04d", 1000 + i);
            assertThat(f.request(to).status()).isEqualTo(201);
            if (i % 10 != 0) {
                assertThat(f.verify(to, f.code(to)).text("/status")).isEqualTo("approved");
            }
        }
        // the attack: sequential numbers in one prefix, never verified
        int served = 0;
        Resp refused = null;
        for (int i = 0; i < 60 && refused == null; i++) {
            Resp r = f.request(String.format("+1628555%04d", 2000 + i));
            if (r.status() == 201) {
                served++;
            } else {
                refused = r;
            }
            CLOCK.advance(Duration.ofSeconds(10)); // the attacker's earlier requests settle (2 minutes unverified)
        }
        assertThat(refused).as("the attack was never refused").isNotNull();
        assertThat(refused.status()).isEqualTo(403);
        assertThat(refused.errorCode()).isEqualTo("prefix_blocked");
        assertThat(served).isBetween(20, 45);
        assertThat(f.events("otp.blocked")).singleElement().satisfies(e -> {
            assertThat(e.get("data").get("prefix").asText()).isEqualTo("+16285");
            assertThat(e.get("data").get("approvals").asInt()).isZero();
        });
        assertThat(f.api.get(f.path("?status=blocked")).json().get("data").size()).isPositive();

        // normal users keep being served, and verify
        assertThat(f.request("+14155551100").status()).isEqualTo(201);
        assertThat(f.verify("+14155551100", f.code("+14155551100")).text("/status")).isEqualTo("approved");

        JsonNode stats = f.api.get(f.path("/stats")).json();
        assertThat(stats.get("blocked")).singleElement()
                .satisfies(b -> assertThat(b.get("prefix").asText()).isEqualTo("+16285"));
        JsonNode pumped = null;
        for (JsonNode p : stats.get("prefixes")) {
            if (p.get("prefix").asText().equals("+16285")) {
                pumped = p;
            }
        }
        assertThat(pumped).isNotNull();
        assertThat(pumped.get("blocked").asBoolean()).isTrue();
        assertThat(pumped.get("conversion").asDouble()).isZero();
        assertThat(stats.get("countries").get(0).get("country").asText()).isEqualTo("US");

        // the project lifts the block
        assertThat(f.api.delete(f.path("/blocked/16285")).status()).isEqualTo(200);
        assertThat(f.api.get(f.path("/stats")).json().get("blocked")).isEmpty();
    }
}
