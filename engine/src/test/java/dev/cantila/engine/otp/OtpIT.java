package dev.cantila.engine.otp;

import com.fasterxml.jackson.databind.JsonNode;
import dev.cantila.engine.testing.Api.Resp;
import dev.cantila.engine.testing.MutableClock;
import dev.cantila.engine.testing.TestServer;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Callable;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;

import static dev.cantila.engine.testing.Api.obj;
import static org.assertj.core.api.Assertions.assertThat;

/** Request, verify, re-send, expiry, cancel, idempotency and billing of one-time codes, over HTTP, fake clock. */
class OtpIT {
    private static final MutableClock CLOCK = MutableClock.at("2026-12-03T10:00:00Z");
    @RegisterExtension
    static final TestServer SERVER = TestServer.withClock(CLOCK);
    private OtpFixture f;

    @BeforeEach
    void project() {
        f = new OtpFixture(SERVER, CLOCK, "otp");
    }

    @Test
    void aCodeReadOnTheHandsetIsApprovedOnceAndChargedOnce() {
        Resp sent = f.api.post(f.path("/request"), obj("to", "(415) 555-0101", "appName", "Acme"));
        assertThat(sent.status()).as(sent.toString()).isEqualTo(201);
        JsonNode v = sent.json();
        assertThat(v.get("id").asText()).startsWith("otp_");
        assertThat(v.get("to").asText()).isEqualTo("+14155550101");
        assertThat(v.get("status").asText()).isEqualTo("pending");
        assertThat(v.get("sends").asInt()).isEqualTo(1);
        assertThat(v.get("checksLeft").asInt()).isEqualTo(5);
        assertThat(v.get("channel").asText()).isEqualTo("sms");
        assertThat(java.time.Instant.parse(v.get("expiresAt").asText()))
                .isEqualTo(java.time.Instant.parse(v.get("createdAt").asText()).plusSeconds(600));

        String code = f.code("+14155550101");
        assertThat(code).hasSize(6);
        assertThat(f.handset("+14155550101").get(0)).startsWith("Your Acme code is " + code);
        JsonNode stored = f.api.get("/v1/projects/" + f.project + "/sms/messages/" + v.get("messageId").asText()).json();
        assertThat(stored.get("body").asText()).startsWith("Your Acme code is ••••••.").doesNotContain(code);

        String wrong = code.equals("000000") ? "111111" : "000000";
        Resp miss = f.verify("+14155550101", wrong);
        assertThat(miss.status()).isEqualTo(200);
        assertThat(miss.text("/status")).isEqualTo("pending");
        assertThat(miss.json().get("checksLeft").asInt()).isEqualTo(4);

        Resp ok = f.verify("(415) 555-0101", code);
        assertThat(ok.status()).as(ok.toString()).isEqualTo(200);
        assertThat(ok.text("/status")).isEqualTo("approved");
        assertThat(f.verify("+14155550101", code).errorCode()).isEqualTo("already_approved");
        assertThat(f.api.get(f.path("/" + v.get("id").asText())).text("/status")).isEqualTo("approved");

        JsonNode charges = f.api.get("/v1/projects/" + f.project + "/billing/charges").json().get("data");
        List<JsonNode> otpCharges = new ArrayList<>();
        charges.forEach(c -> {
            if (c.get("kind").asText().equals("otp")) {
                otpCharges.add(c);
            }
        });
        assertThat(otpCharges).hasSize(1);
        assertThat(otpCharges.get(0).get("amount").get("amount").asLong()).isEqualTo(5);
        assertThat(f.events("otp.requested")).hasSize(1);
        assertThat(f.events("otp.approved")).hasSize(1);
        assertThat(f.events("otp.approved").get(0).get("data").get("verificationId").asText())
                .isEqualTo(v.get("id").asText());
    }

    @Test
    void aNewRequestWhilePendingResendsTheSameCodeAtMostFiveTimes() {
        String id = f.request("+14155550102").text("/id");
        for (int sends = 2; sends <= 5; sends++) {
            Resp again = f.request("+14155550102");
            assertThat(again.status()).isEqualTo(201);
            assertThat(again.text("/id")).isEqualTo(id);
            assertThat(again.json().get("sends").asInt()).isEqualTo(sends);
        }
        List<String> bodies = f.handset("+14155550102");
        assertThat(bodies).hasSize(5);
        String code = f.code("+14155550102");
        assertThat(bodies).allMatch(b -> b.contains(code));
        Resp sixth = f.request("+14155550102");
        assertThat(sixth.status()).isEqualTo(429);
        assertThat(sixth.errorCode()).isEqualTo("max_sends_reached");
        assertThat(sixth.json().get("error").get("retryAfter").asLong()).isBetween(500L, 600L);
        assertThat(f.events("otp.requested")).hasSize(5);
        assertThat(f.verify("+14155550102", code).text("/status")).isEqualTo("approved");
    }

    @Test
    void theFifthWrongCheckClosesItAndTheSixthIsA429() {
        f.request("+14155550103");
        String code = f.code("+14155550103");
        String wrong = code.equals("999999") ? "888888" : "999999";
        for (int i = 1; i <= 4; i++) {
            Resp r = f.verify("+14155550103", wrong);
            assertThat(r.text("/status")).isEqualTo("pending");
            assertThat(r.json().get("checksLeft").asInt()).isEqualTo(5 - i);
        }
        Resp fifth = f.verify("+14155550103", wrong);
        assertThat(fifth.status()).isEqualTo(200);
        assertThat(fifth.text("/status")).isEqualTo("max_attempts_reached");
        Resp sixth = f.verify("+14155550103", code);
        assertThat(sixth.status()).isEqualTo(429);
        assertThat(sixth.errorCode()).isEqualTo("max_attempts_reached");
        assertThat(f.events("otp.failed")).singleElement()
                .satisfies(e -> assertThat(e.get("data").get("reason").asText()).isEqualTo("max_attempts_reached"));
    }

    @Test
    void afterItsTtlACodeIsGoneAndTheSweepTellsOnce() {
        String id = f.api.post(f.path("/request"), obj("to", "+14155550104", "ttlSeconds", 120)).text("/id");
        String code = f.code("+14155550104");
        CLOCK.advance(Duration.ofSeconds(121));
        assertThat(SERVER.app().otp().otp().expireDue()).isGreaterThanOrEqualTo(1);
        Resp late = f.verify("+14155550104", code);
        assertThat(late.status()).isEqualTo(410);
        assertThat(late.errorCode()).isEqualTo("expired");
        assertThat(f.api.get(f.path("/" + id)).text("/status")).isEqualTo("expired");
        assertThat(f.events("otp.failed")).hasSize(1);
        Resp fresh = f.request("+14155550104");
        assertThat(fresh.status()).isEqualTo(201);
        assertThat(fresh.text("/id")).isNotEqualTo(id);
    }

    @Test
    void tenConcurrentRightChecksApproveExactlyOnce() throws Exception {
        f.request("+14155550105");
        String code = f.code("+14155550105");
        ExecutorService pool = Executors.newFixedThreadPool(10);
        CountDownLatch go = new CountDownLatch(1);
        List<Future<Resp>> answers = new ArrayList<>();
        for (int i = 0; i < 10; i++) {
            Callable<Resp> check = () -> {
                go.await();
                return f.verify("+14155550105", code);
            };
            answers.add(pool.submit(check));
        }
        go.countDown();
        int approved = 0;
        for (Future<Resp> a : answers) {
            Resp r = a.get();
            if (r.status() == 200) {
                assertThat(r.text("/status")).isEqualTo("approved");
                approved++;
            } else {
                assertThat(r.errorCode()).as(r.toString()).isEqualTo("already_approved");
            }
        }
        pool.shutdown();
        assertThat(approved).isEqualTo(1);
        assertThat(f.events("otp.approved")).hasSize(1);
    }

    @Test
    void concurrentFirstRequestsToOneNumberMakeOnePendingVerification() throws Exception {
        for (int round = 0; round < 3; round++) {
            String to = "+1415555017" + round;
            ExecutorService pool = Executors.newFixedThreadPool(5);
            CountDownLatch go = new CountDownLatch(1);
            List<Future<Resp>> answers = new ArrayList<>();
            for (int i = 0; i < 5; i++) {
                answers.add(pool.submit(() -> {
                    go.await();
                    return f.request(to);
                }));
            }
            go.countDown();
            java.util.Set<String> ids = new java.util.HashSet<>();
            for (Future<Resp> a : answers) {
                Resp r = a.get();
                if (r.status() == 201) {
                    ids.add(r.text("/id"));
                } else {
                    // two re-sends of the one verification raced: the loser is told to try again
                    assertThat(r.errorCode()).as(r.toString()).isEqualTo("concurrent_request");
                }
            }
            pool.shutdown();
            assertThat(ids).as("verifications of " + to).hasSize(1);
            JsonNode listed = f.api.get(f.path("?to=" + to.substring(1))).json().get("data");
            assertThat(listed).hasSize(1);
            assertThat(listed.get(0).get("sends").asInt()).isBetween(1, 5);
            // the code of every send is the one code
            assertThat(f.handset(to).stream().map(b -> b.replaceAll("(?s)^\\D*(\\d{6}).*", "$1")).distinct())
                    .hasSize(1);
        }
    }

    @Test
    void anIdempotencyKeyReplaysWithoutSendingAgain() {
        Map<String, String> key = Map.of("Idempotency-Key", "login-7");
        Resp first = f.api.post(f.path("/request"), obj("to", "+14155550106"), key);
        Resp again = f.api.post(f.path("/request"), obj("to", "+14155550106"), key);
        assertThat(first.status()).isEqualTo(201);
        assertThat(again.status()).isEqualTo(200);
        assertThat(again.text("/id")).isEqualTo(first.text("/id"));
        assertThat(again.json().get("sends").asInt()).isEqualTo(1);
        assertThat(f.handset("+14155550106")).hasSize(1);
        Resp other = f.api.post(f.path("/request"), obj("to", "+14155550107"), key);
        assertThat(other.status()).isEqualTo(409);
        assertThat(other.errorCode()).isEqualTo("idempotency_key_reused");
    }

    @Test
    void cancelEndsAPendingVerificationOnly() {
        String id = f.request("+14155550108").text("/id");
        String code = f.code("+14155550108");
        Resp canceled = f.api.post(f.path("/" + id + "/cancel"), "{}");
        assertThat(canceled.text("/status")).isEqualTo("canceled");
        assertThat(f.api.post(f.path("/" + id + "/cancel"), "{}").status()).isEqualTo(409);
        assertThat(f.verify("+14155550108", code).errorCode()).isEqualTo("canceled");
        Resp list = f.api.get(f.path("?status=canceled"));
        assertThat(list.json().get("data")).singleElement()
                .satisfies(v -> assertThat(v.get("id").asText()).isEqualTo(id));
        assertThat(list.body()).doesNotContain(code);
    }

    @Test
    void badInputIsA400NamingTheFieldAndAnotherProjectsKeyA403() {
        assertField(f.api.post(f.path("/request"), obj("to", "12")), 400, "to");
        assertField(f.api.post(f.path("/request"), obj("to", "+14155550109", "codeLength", 3)), 400, "codeLength");
        assertField(f.api.post(f.path("/request"), obj("to", "+14155550109", "ttlSeconds", 60)), 400, "ttlSeconds");
        assertField(f.api.post(f.path("/request"), obj("to", "+14155550109", "locale", "xx")), 400, "locale");
        assertField(f.api.post(f.path("/request"), obj("to", "+14155550109", "template", "no code")), 400, "template");
        assertField(f.api.post(f.path("/request"), obj("to", "+14155550109", "appHash", "short")), 400, "appHash");
        assertField(f.api.post(f.path("/request"), obj("to", "+14155550109", "clientIp", "example.com")), 400,
                "clientIp");
        assertField(f.api.post(f.path("/request"), obj("to", "+14155550109", "codeLength", "six")), 400, "codeLength");
        assertField(f.api.post(f.path("/request"), obj("to", "+14155550109", "colour", "red")), 400, "colour");
        assertField(f.api.post(f.path("/verify"), obj("to", "+14155550109", "code", "12ab")), 400, "code");
        assertThat(f.api.get(f.path("/otp_nope")).status()).isEqualTo(404);
        assertThat(f.api.get(f.path("?status=odd")).status()).isEqualTo(400);
        OtpFixture other = new OtpFixture(SERVER, CLOCK, "other");
        assertThat(other.api.post(f.path("/request"), obj("to", "+14155550109")).status()).isEqualTo(403);
    }

    @Test
    void theTextIsLocalisedOrTheProjectsOwnWithAppHashAndWebOtpLines() {
        f.api.post(f.path("/request"), obj("to", "+14155550110", "locale", "pt-BR", "appName", "Acme",
                "appHash", "FA+9qCX9VSu", "webOtpDomain", "acme.example"));
        String code = f.code("+14155550110");
        assertThat(f.handset("+14155550110").get(0)).isEqualTo("Seu código Acme é " + code
                + ". Ele expira em 10 minutos. Não o compartilhe.\nFA+9qCX9VSu\n\n@acme.example #" + code);
        f.api.post(f.path("/request"), obj("to", "+14155550111", "template", "{app}: {code} ({minutes} min)",
                "appName", "Zed", "ttlSeconds", 300, "codeLength", 4));
        String short4 = f.code("+14155550111");
        assertThat(short4).hasSize(4);
        assertThat(f.handset("+14155550111").get(0)).isEqualTo("Zed: " + short4 + " (5 min)");
    }

    @Test
    void aHandsetShowsAProjectsKeyOnlyWhatItsProjectSent() {
        f.request("+14155550112");
        OtpFixture other = new OtpFixture(SERVER, CLOCK, "neighbour");
        other.api.post("/v1/projects/" + other.project + "/sms/send", obj("to", "+14155550112", "body", "hello"));
        f.dispatch();
        assertThat(f.handset("+14155550112")).singleElement().asString().contains("code is");
        assertThat(other.handset("+14155550112")).containsExactly("hello");
        Resp all = SERVER.operator().get("/v1/sim/handsets/14155550112/messages");
        assertThat(all.json().get("data")).hasSize(2);
    }

    @Test
    void aLimitAnswersRetryAfterInTheBodyAndTheHeader() throws Exception {
        f.api.put(f.path("/policy"), obj("perDestination", 1));
        f.request("+14155550113");
        var http = java.net.http.HttpClient.newHttpClient();
        var answer = http.send(java.net.http.HttpRequest.newBuilder(f.api.base().resolve(f.path("/request")))
                .header("Authorization", "Bearer " + SERVER.app().settings().operatorKey())
                .header("Content-Type", "application/json")
                .POST(java.net.http.HttpRequest.BodyPublishers.ofString(obj("to", "+14155550113"))).build(),
                java.net.http.HttpResponse.BodyHandlers.ofString());
        assertThat(answer.statusCode()).isEqualTo(429);
        long retryAfter = Long.parseLong(answer.headers().firstValue("Retry-After").orElseThrow());
        assertThat(retryAfter).isBetween(3500L, 3600L);
        assertThat(answer.body()).contains("\"retryAfter\":" + retryAfter, "destination_rate_limited");
    }

    static void assertField(Resp r, int status, String field) {
        assertThat(r.status()).as(r.toString()).isEqualTo(status);
        assertThat(r.json().get("error").get("field").asText()).as(r.toString()).isEqualTo(field);
    }
}
