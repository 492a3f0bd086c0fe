package dev.cantila.engine.billing;

import com.fasterxml.jackson.databind.JsonNode;
import dev.cantila.engine.core.Money;
import dev.cantila.engine.storage.Database;
import dev.cantila.engine.testing.Api;
import dev.cantila.engine.testing.MutableClock;
import dev.cantila.engine.testing.TestServer;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

import java.time.Duration;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;

import static dev.cantila.engine.testing.Api.obj;
import static org.assertj.core.api.Assertions.assertThat;

/**
 * Monthly invoices over HTTP: random months of activity (numbers bought and released, usage charges in two
 * currencies at random instants), then the sum of the ledger equals the sum of the invoices per currency, every
 * invoice but the current month's is final, and a month's CSV carries the same totals.
 */
class InvoicesIT {
    private static final MutableClock CLOCK = MutableClock.at("2025-01-15T08:00:00Z");
    @RegisterExtension
    static final TestServer SERVER = TestServer.withClock(CLOCK);

    @Test
    void theSumOfTheInvoicesIsTheSumOfTheLedger() {
        for (long seed : List.of(7L, 11L, 2026L)) {
            var p = SERVER.newProject("invoices-" + seed);
            Random random = new Random(seed);
            Billing billing = SERVER.app().billing();
            for (int step = 0; step < 12; step++) {
                if (random.nextInt(3) == 0) {
                    String n = p.api().post("/v1/numbers", obj("country", random.nextBoolean() ? "US" : "GB",
                            "type", "local")).text("/e164");
                    if (n != null && random.nextBoolean()) {
                        CLOCK.advance(Duration.ofDays(random.nextInt(40)));
                        p.api().delete("/v1/numbers/%2B" + n.substring(1));
                    }
                }
                int usages = random.nextInt(20);
                for (int i = 0; i < usages; i++) {
                    long at = CLOCK.millis() + random.nextInt(86_400_000);
                    String source = "msg_" + seed + "_" + step + "_" + i;
                    String currency = random.nextInt(4) == 0 ? "GBP" : "USD";
                    SERVER.app().database().inTx(tx -> {
                        billing.usage(tx, p.id(), source, "+14155550100", "sms_out", "SMS segment",
                                new Money(1 + random.nextInt(9), currency), at);
                        return null;
                    });
                }
                CLOCK.advance(Duration.ofDays(5 + random.nextInt(50)));
            }
            JsonNode invoices = p.api().get(p.path("/billing/invoices")).json().get("data");
            Map<String, Long> summed = new HashMap<>();
            for (JsonNode inv : invoices) {
                inv.get("totals").fields().forEachRemaining(e -> summed.merge(e.getKey(), e.getValue().asLong(), Long::sum));
                String month = inv.get("month").asText();
                boolean current = month.equals(CLOCK.instant().toString().substring(0, 7));
                assertThat(inv.get("status").asText()).as(month).isEqualTo(current ? "open" : "final");
            }
            Map<String, Long> ledger = new HashMap<>();
            Database.list(SERVER.app().database().exec(), "SELECT currency, SUM(amount) AS t FROM charges WHERE"
                    + " project_id = ? GROUP BY currency", r -> Map.entry(Database.str(r, "currency").trim(),
                    Database.lng(r, "t")), p.id()).forEach(e -> ledger.put(e.getKey(), e.getValue()));
            assertThat(summed).as("seed " + seed).isEqualTo(ledger);
            assertThat(invoices.size()).as("seed " + seed).isGreaterThan(3);

            String month = invoices.get(invoices.size() - 1).get("month").asText();
            Api.Resp csv = p.api().get(p.path("/billing/invoices/" + month + "?format=csv"));
            assertThat(csv.body()).startsWith("month,status,kind,e164,count,amount_minor,currency\n");
            JsonNode one = p.api().get(p.path("/billing/invoices/" + month)).json();
            one.get("totals").fields().forEachRemaining(e -> assertThat(csv.body())
                    .contains(month + ",final,total,,," + e.getValue().asLong() + "," + e.getKey()));
        }
    }

    @Test
    void badMonthsAndOtherProjects() {
        var p = SERVER.newProject("inv-errors");
        assertThat(p.api().get(p.path("/billing/invoices/2026-13")).text("/error/field")).isEqualTo("month");
        assertThat(p.api().get(p.path("/billing/invoices/1999-01")).status()).isEqualTo(404);
        assertThat(p.api().get(p.path("/billing/invoices")).json().get("data")).isEmpty();
        var other = SERVER.newProject("inv-other");
        assertThat(other.api().get(p.path("/billing/invoices")).status()).isEqualTo(403);
    }
}
