package dev.cantila.engine.scripts;

import com.fasterxml.jackson.databind.JsonNode;
import dev.cantila.engine.testing.Api;
import dev.cantila.engine.testing.Api.Resp;
import dev.cantila.engine.testing.TestServer;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.locks.LockSupport;
import java.util.function.Supplier;

import static dev.cantila.engine.testing.Api.obj;
import static org.assertj.core.api.Assertions.assertThat;

/**
 * Hostile handlers through the real engine (upload, deploy, route, {@code /v1/sim/inbound-sms}, execution log),
 * each beside another project's healthy handler: the runtime's own escape and limit tests (runtime module) prove
 * the sandbox; these prove the engine runs every event in it and keeps serving everybody else.
 *
 * <p>Memory: the engine's per-invocation budget is {@code Limits.SMS_DEFAULTS} (64 MB allocated per event, stopped
 * by the runtime's per-thread allocation watchdog). This JVM's heap is the failsafe default (a quarter of the
 * machine's memory), so a bomb stopped at 64 MB cannot starve a neighbour here whether or not the guard works; the
 * starvation proof is the runtime's {@code MemoryBombTest} in a -Xmx512m fork. Here we check what the engine adds:
 * the bomb is recorded as a memory-limit failure and the neighbour's reply goes out.
 */
class SandboxIT {
    private static final String NEIGHBOUR = """
            export function onSms(sms, ctx) { ctx.reply('neighbour got ' + sms.body); }
            """;
    /** Reports what a fresh context should never see: anything left behind by an earlier event or project. */
    private static final String CHECK = """
            function leftovers() {
              const found = [];
              if (typeof globalThis.stash !== 'undefined') found.push('global');
              if (({}).pwned !== undefined) found.push('Object.prototype');
              if ('abc'.toUpperCase() !== 'ABC') found.push('String.prototype');
              if (JSON.stringify({ a: 1 }) !== '{"a":1}') found.push('JSON.stringify');
              if ([1].map((x) => x + 1)[0] !== 2) found.push('Array.prototype');
              return found.length === 0 ? 'clean' : 'dirty: ' + found.join(',');
            }
            """;

    @RegisterExtension
    static final TestServer SERVER = TestServer.create();

    /** A project with an activated number whose SMS routing is a script with {@code source}. */
    private record Tenant(TestServer.TestProject project, String number, String scriptId) {
        static Tenant of(String name, String fileName, String source) {
            TestServer.TestProject p = SERVER.newProject(name);
            Api api = p.api();
            String number = api.post(p.path("/sms/activate"), obj("country", "US", "numberType", "local")).text("/e164");
            Resp script = api.post(p.path("/scripts"), obj("name", fileName, "source", source));
            assertThat(script.status()).as(script.body()).isEqualTo(201);
            String sid = script.text("/id");
            Resp routed = api.put("/v1/numbers/" + number.substring(1) + "/routing", obj("sms", Map.of("script", sid)));
            assertThat(routed.status()).as(routed.body()).isEqualTo(200);
            return new Tenant(p, number, sid);
        }

        Resp text(String from, String body) {
            return project.api().post("/v1/sim/inbound-sms", obj("from", from, "to", number, "body", body));
        }

        List<String> outbound() {
            List<String> out = new ArrayList<>();
            project.api().get(project.path("/sms/messages?direction=outbound")).json().get("data")
                    .forEach(m -> out.add(m.get("body").asText()));
            return out;
        }

        JsonNode executions() {
            return project.api().get(project.path("/scripts/" + scriptId + "/executions")).json().get("data");
        }
    }

    @Test
    void anInfiniteLoopTimesOutWhileOtherProjectsAndTheApiAreServed() throws Exception {
        // Each turn scans 4 MB for a value that is not there: few statements, so the wall clock (2 s) stops it
        // before the statement limit (5 M) does; a tight loop is the statement limit's (see below).
        Tenant looper = Tenant.of("looper", "loop.js", """
                export function onSms(sms, ctx) {
                  const hay = new Int32Array(1 << 20);
                  ctx.sms.send({ to: '+14155550180', body: 'about to spin' });
                  while (true) {
                    hay.indexOf(-1);
                  }
                }
                """);
        Tenant neighbour = Tenant.of("neighbour", "neighbour.js", NEIGHBOUR);

        CompletableFuture<Resp> spinning = CompletableFuture.supplyAsync(() -> looper.text("+14155550181", "spin"));
        // the handler's first action is visible through the API once it runs; from then on it spins
        long waitedMs = awaitTrue(() -> looper.outbound().contains("about to spin"), Duration.ofSeconds(20));

        long t0 = System.nanoTime();
        Resp served = neighbour.text("+14155550182", "hello");
        Resp listed = neighbour.project().api().get(neighbour.project().path("/sms/messages"));
        Resp project = SERVER.operator().get("/v1/projects/" + neighbour.project().id());
        long servedMs = (System.nanoTime() - t0) / 1_000_000;
        boolean stillSpinning = !spinning.isDone();

        assertThat(served.status()).as(served.body()).isEqualTo(201);
        assertThat(listed.status()).isEqualTo(200);
        assertThat(project.status()).isEqualTo(200);
        assertThat(neighbour.outbound()).containsExactly("neighbour got hello");
        assertThat(stillSpinning).as("the loop was still running when the others had been served (after %d ms)",
                servedMs).isTrue();
        assertThat(servedMs).as("three requests beside a spinning handler").isLessThan(1500);
        assertThat(waitedMs).isLessThan(20_000);

        assertThat(spinning.get(30, TimeUnit.SECONDS).status()).as("the carrier still gets its answer").isEqualTo(201);
        JsonNode ex = looper.executions().get(0);
        assertThat(ex.get("outcome").asText()).isEqualTo("timeout");
        assertThat(ex.get("durationMs").asLong()).isBetween(2_000L, 10_000L);
        assertThat(ex.at("/detail/error/message").asText()).isEqualTo("wall-clock limit exceeded");
        assertThat(ex.at("/detail/error/fileName").asText()).as(ex.toString()).isEqualTo("loop.js");
        assertThat(ex.at("/detail/error/line").asInt()).isBetween(4, 5);
        assertThat(ex.at("/detail/actions/0/name").asText()).isEqualTo("send");
    }

    @Test
    void aTightLoopIsStoppedByTheStatementLimitWithItsLocation() {
        Tenant looper = Tenant.of("tight", "tight.js", """
                export function onSms(sms, ctx) {
                  let i = 0;
                  for (;;) i = (i + 1) % 7;
                }
                """);

        assertThat(looper.text("+14155550188", "spin").status()).isEqualTo(201);

        JsonNode ex = looper.executions().get(0);
        assertThat(ex.get("outcome").asText()).isEqualTo("statement_limit");
        assertThat(ex.at("/detail/error/message").asText()).startsWith("statement limit exceeded");
        assertThat(ex.at("/detail/error/fileName").asText()).isEqualTo("tight.js");
        assertThat(ex.at("/detail/error/line").asInt()).isEqualTo(3);
    }

    @Test
    void globalPollutionIsInvisibleToOtherProjects() {
        Tenant polluter = Tenant.of("polluter", "polluter.js", CHECK + """
                export function onSms(sms, ctx) {
                  if (sms.body !== 'pollute') return ctx.reply('polluter sees ' + leftovers());
                  globalThis.stash = 'left behind';
                  Object.prototype.pwned = true;
                  String.prototype.toUpperCase = function () { return 'pwned'; };
                  JSON.stringify = function () { return '"pwned"'; };
                  Array.prototype.map = function () { return ['pwned']; };
                  ctx.reply('polluted, now ' + leftovers());
                }
                """);
        Tenant other = Tenant.of("bystander", "bystander.js", CHECK + """
                export function onSms(sms, ctx) { ctx.reply('bystander sees ' + leftovers()); }
                """);

        polluter.text("+14155550183", "pollute");
        polluter.text("+14155550183", "check");
        other.text("+14155550184", "check");

        // Warm contexts (README, "Module state between events"): the polluter's own next event of the same deployed
        // version may meet the context it polluted (same worker) or a fresh one (another worker); another project never.
        String dirty = "dirty: global,Object.prototype,String.prototype,JSON.stringify,Array.prototype";
        assertThat(polluter.outbound()).as("newest first").hasSize(2)
                .element(1).isEqualTo("polluted, now " + dirty);
        assertThat(polluter.outbound().get(0)).isIn("polluter sees clean", "polluter sees " + dirty);
        assertThat(other.outbound()).containsExactly("bystander sees clean");
    }

    @Test
    void aLogFloodIsCappedAndMarkedInTheExecutionRecord() {
        Tenant flooder = Tenant.of("flooder", "flood.js", """
                export function onSms(sms, ctx) {
                  for (let i = 0; i < 20000; i++) console.log('console line ' + i);
                  for (let i = 0; i < 20000; i++) ctx.log.info('ctx line ' + i);
                  ctx.log.error('x'.repeat(500000));
                  ctx.reply('flooded');
                }
                """);

        Resp r = flooder.text("+14155550185", "go");

        assertThat(r.status()).isEqualTo(201);
        assertThat(flooder.outbound()).containsExactly("flooded");
        JsonNode ex = flooder.executions().get(0);
        assertThat(ex.get("outcome").asText()).isEqualTo("ok");
        assertThat(ex.at("/detail/logTruncated").asBoolean()).isTrue();
        JsonNode logs = ex.at("/detail/logs");
        assertThat(logs.size()).isEqualTo(100);
        assertThat(logs.get(0).get("text").asText()).isEqualTo("console line 0");
        assertThat(logs.get(99).get("text").asText()).isEqualTo("console line 99");
        assertThat(ex.toString().length()).as("the record stays small").isLessThan(20_000);
    }

    @Test
    void aMemoryBombIsStoppedAndRecordedWhileTheNeighbourReplies() throws Exception {
        Tenant bomber = Tenant.of("bomber", "bomb.js", """
                export function onSms(sms, ctx) {
                  const hoard = [];
                  while (true) hoard.push('x'.repeat(1e6));
                }
                """);
        Tenant neighbour = Tenant.of("calm", "calm.js", NEIGHBOUR);

        CompletableFuture<Resp> bombing = CompletableFuture.supplyAsync(() -> bomber.text("+14155550186", "boom"));
        List<Resp> replies = new ArrayList<>();
        for (int i = 0; i < 5; i++) {
            replies.add(neighbour.text("+14155550187", "n" + i));
        }

        assertThat(bombing.get(30, TimeUnit.SECONDS).status()).isEqualTo(201);
        assertThat(replies).allSatisfy(r -> assertThat(r.status()).isEqualTo(201));
        assertThat(neighbour.outbound()).containsExactly("neighbour got n4", "neighbour got n3", "neighbour got n2",
                "neighbour got n1", "neighbour got n0");
        assertThat(neighbour.executions()).allSatisfy(e -> assertThat(e.get("outcome").asText()).isEqualTo("ok"));
        JsonNode ex = bomber.executions().get(0);
        assertThat(ex.get("outcome").asText()).isEqualTo("memory_limit");
        assertThat(ex.at("/detail/error/message").asText()).startsWith("memory limit exceeded");
        assertThat(bomber.outbound()).isEmpty();
    }

    /** Polls {@code condition} until it holds (fails after {@code limit}); returns the milliseconds it took. */
    private static long awaitTrue(Supplier<Boolean> condition, Duration limit) {
        long start = System.nanoTime();
        while (!condition.get()) {
            assertThat(System.nanoTime() - start).as("waited too long").isLessThan(limit.toNanos());
            LockSupport.parkNanos(Duration.ofMillis(10).toNanos());
        }
        return (System.nanoTime() - start) / 1_000_000;
    }
}
