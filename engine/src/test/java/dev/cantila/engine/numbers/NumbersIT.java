package dev.cantila.engine.numbers;

import com.fasterxml.jackson.databind.JsonNode;
import com.google.i18n.phonenumbers.PhoneNumberUtil;
import dev.cantila.engine.storage.Database;
import dev.cantila.engine.testing.Api;
import dev.cantila.engine.testing.Api.Resp;
import dev.cantila.engine.testing.MutableClock;
import dev.cantila.engine.testing.TestApps;
import dev.cantila.engine.testing.TestServer;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;

import static dev.cantila.engine.testing.Api.obj;
import static org.assertj.core.api.Assertions.assertThat;

/** The catalog, purchase and release over HTTP, the billing ledger under a fake clock, and the purchase race. */
class NumbersIT {
    private static final MutableClock CLOCK = MutableClock.at("2026-01-31T12:00:00Z");
    @RegisterExtension
    static final TestServer SERVER = TestServer.withClock(CLOCK);
    private final Api operator = SERVER.operator();
    private String project;
    private Api api;

    @BeforeEach
    void newProject() {
        var created = SERVER.newProject("numbers");
        project = created.id();
        api = created.api();
    }

    @Test
    void catalogIsLargeValidAndPriced() {
        PhoneNumberUtil util = PhoneNumberUtil.getInstance();
        List<Map.Entry<String, String>> rows = Database.list(SERVER.app().database().exec(),
                "SELECT e164, country FROM numbers", r -> Map.entry(Database.str(r, "e164"), Database.str(r, "country")));
        assertThat(rows.size()).isGreaterThanOrEqualTo(2000);
        for (var row : rows) {
            try {
                assertThat(util.isValidNumber(util.parse(row.getKey(), null))).as(row.getKey()).isTrue();
            } catch (com.google.i18n.phonenumbers.NumberParseException e) {
                throw new AssertionError(row.getKey(), e);
            }
        }
        assertThat(rows).extracting(Map.Entry::getValue).contains("US", "CA", "GB");
        for (String ac : List.of("212", "312", "415", "512", "646")) {
            JsonNode page = api.get("/v1/numbers/catalog?country=US&areaCode=" + ac + "&limit=3").json().get("data");
            assertThat(page).as(ac).hasSize(3);
            assertThat(page.get(0).get("e164").asText()).startsWith("+1" + ac);
            assertThat(page.get(0).at("/setupFee/amount").isIntegralNumber()).isTrue();
            assertThat(page.get(0).at("/monthlyFee/currency").asText()).isEqualTo("USD");
        }
        for (String type : List.of("local", "mobile", "tollfree")) {
            assertThat(api.get("/v1/numbers/catalog?type=" + type).json().get("data")).as(type).isNotEmpty();
        }
        assertThat(api.get("/v1/numbers/catalog?country=GB&type=local&capability=sms").json().get("data"))
                .as("UK landlines take no SMS").isEmpty();
        assertThat(api.get("/v1/numbers/catalog?country=GB&type=mobile").json().at("/data/0/monthlyFee/currency")
                .asText()).isEqualTo("GBP");
    }

    @Test
    void catalogFiltersPageAndValidate() {
        JsonNode p1 = api.get("/v1/numbers/catalog?country=US&type=tollfree&limit=5").json();
        assertThat(p1.get("data")).hasSize(5);
        JsonNode p2 = api.get("/v1/numbers/catalog?country=US&type=tollfree&limit=5&cursor="
                + p1.get("nextCursor").asText().replace("+", "%2B")).json();
        assertThat(p2.get("data").get(0).get("e164").asText()).isGreaterThan(p1.get("nextCursor").asText());
        String some = p1.at("/data/0/e164").asText();
        String digits = some.substring(some.length() - 4);
        assertThat(api.get("/v1/numbers/catalog?contains=" + digits).json().get("data").toString()).contains(digits);
        for (String bad : List.of("country=FR", "type=fax", "capability=telex", "contains=abc", "areaCode=x",
                "limit=0", "limit=x")) {
            Resp r = api.get("/v1/numbers/catalog?" + bad);
            assertThat(r.status()).as(bad).isEqualTo(400);
            assertThat(r.text("/error/field")).as(bad).isEqualTo(bad.substring(0, bad.indexOf('=')));
        }
    }

    @Test
    void buyListReleaseWithTenancy() {
        String e164 = api.get("/v1/numbers/catalog?country=US&areaCode=415&limit=1").text("/data/0/e164");
        Resp bought = api.post("/v1/numbers", obj("e164", e164));
        assertThat(bought.status()).isEqualTo(201);
        assertThat(bought.text("/projectId")).isEqualTo(project);
        assertThat(bought.text("/status")).isEqualTo("held");
        assertThat(api.post("/v1/numbers", obj("e164", e164)).status()).isEqualTo(409);
        assertThat(api.get("/v1/numbers").json().get("data")).hasSize(1);
        assertThat(api.get("/v1/numbers/" + e164.substring(1)).text("/e164")).isEqualTo(e164);
        assertThat(api.get("/v1/numbers/%2B" + e164.substring(1)).text("/e164")).isEqualTo(e164);

        Api other = operator.as(operator.post("/v1/projects", obj("name", "other")).text("/apiKey"));
        assertThat(other.get("/v1/numbers/" + e164.substring(1)).status()).isEqualTo(403);
        assertThat(other.delete("/v1/numbers/" + e164.substring(1)).status()).isEqualTo(403);
        assertThat(other.get("/v1/numbers").json().get("data")).isEmpty();
        assertThat(other.post("/v1/numbers", obj("projectId", project, "e164", e164)).status()).isEqualTo(403);
        assertThat(operator.get("/v1/numbers?projectId=" + project).json().get("data")).hasSize(1);

        assertThat(api.delete("/v1/numbers/" + e164.substring(1)).status()).isEqualTo(204);
        assertThat(api.delete("/v1/numbers/" + e164.substring(1)).status()).isEqualTo(404);
        assertThat(api.get("/v1/numbers/catalog?contains=" + e164.substring(2)).json().get("data"))
                .as("a released number ages before it returns to the catalog").isEmpty();
        assertThat(api.get("/v1/numbers/" + e164.substring(1)).text("/status")).isEqualTo("aging");

        Resp first = api.post("/v1/numbers", obj("country", "US", "type", "tollfree"));
        assertThat(first.status()).isEqualTo(201);
        assertThat(first.text("/type")).isEqualTo("tollfree");
        assertThat(api.post("/v1/numbers", obj("country", "US", "areaCode", "999")).errorCode())
                .isEqualTo("no_numbers_available");
        assertThat(api.post("/v1/numbers", obj("e164", "+14155550000")).status()).isEqualTo(404);
        assertThat(api.post("/v1/numbers", obj("e164", "12")).status()).isEqualTo(400);
        assertThat(api.post("/v1/numbers", "{").status()).isEqualTo(400);
        assertThat(api.post("/v1/numbers", "{}").text("/error/field")).isEqualTo("e164");
        assertThat(operator.post("/v1/numbers", obj("e164", e164)).text("/error/field")).isEqualTo("projectId");
        assertThat(api.as(null).get("/v1/numbers").status()).isEqualTo(401);
    }

    @Test
    void concurrentPurchasesOfOneNumberHaveExactlyOneWinner() throws Exception {
        String e164 = api.get("/v1/numbers/catalog?country=US&areaCode=512&limit=1").text("/data/0/e164");
        List<Api> buyers = new ArrayList<>();
        for (int i = 0; i < 8; i++) {
            buyers.add(operator.as(operator.post("/v1/projects", obj("name", "buyer" + i)).text("/apiKey")));
        }
        CountDownLatch start = new CountDownLatch(1);
        ExecutorService pool = Executors.newFixedThreadPool(8);
        List<Future<Integer>> results = new ArrayList<>();
        for (Api buyer : buyers) {
            results.add(pool.submit(() -> {
                start.await();
                return buyer.post("/v1/numbers", obj("e164", e164)).status();
            }));
        }
        start.countDown();
        List<Integer> statuses = new ArrayList<>();
        for (Future<Integer> f : results) {
            statuses.add(f.get());
        }
        pool.shutdown();
        assertThat(statuses).containsOnlyOnce(201).filteredOn(s -> s != 201).containsOnly(409);
        long setups = Database.one(SERVER.app().database().exec(), "SELECT COUNT(*) AS n FROM charges WHERE e164 = ?"
                + " AND kind = 'setup'", r -> Database.lng(r, "n"), e164).orElseThrow();
        assertThat(setups).isEqualTo(1);
    }

    @Test
    void ledgerChargesSetupAndEachStartedMonthUntilRelease() {
        String e164 = api.post("/v1/numbers", obj("country", "US", "areaCode", "646")).text("/e164");
        JsonNode charges = api.get("/v1/projects/" + project + "/billing/charges").json();
        assertThat(charges.get("data")).hasSize(2);
        assertThat(charges.at("/totals/USD").asLong()).isEqualTo(100 + 115);

        CLOCK.advance(Duration.ofDays(31 + 28 + 1)); // past Feb 28 and Mar 31 (month ends of a Jan 31 purchase)
        charges = api.get("/v1/projects/" + project + "/billing/charges").json();
        assertThat(charges.get("data")).hasSize(4);
        assertThat(charges.at("/data/0/periodStart").asText()).isEqualTo("2026-03-31T12:00:00Z");
        assertThat(charges.at("/data/1/periodStart").asText()).isEqualTo("2026-02-28T12:00:00Z");
        assertThat(SERVER.app().billing().accrue(project)).as("accrual is idempotent").isZero();

        assertThat(api.delete("/v1/numbers/" + e164.substring(1)).status()).isEqualTo(204);
        CLOCK.advance(Duration.ofDays(90));
        assertThat(SERVER.app().billing().accrue(project)).isZero();
        charges = api.get("/v1/projects/" + project + "/billing/charges").json();
        assertThat(charges.get("data")).hasSize(4);
        assertThat(charges.at("/totals/USD").asLong()).isEqualTo(100 + 3 * 115);
        Api other = operator.as(operator.post("/v1/projects", obj("name", "x")).text("/apiKey"));
        assertThat(other.get("/v1/projects/" + project + "/billing/charges").status()).isEqualTo(403);
    }
}
