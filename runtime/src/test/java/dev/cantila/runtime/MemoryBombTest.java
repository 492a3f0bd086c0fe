package dev.cantila.runtime;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;

/**
 * A memory bomb in one project beside a well-behaved tenant, in a JVM with -Xmx512m (surefire execution
 * "isolated-heap"): without the allocation watchdog the bomb fills the shared heap and the victim's thread
 * gets the OutOfMemoryError (measured before the project started). With it, the bomb ends as MEMORY_LIMIT,
 * every victim invocation succeeds, and the runtime keeps serving.
 */
@Tag("isolated-heap")
class MemoryBombTest {
    private static final ScriptRuntime RUNTIME = Scripts.runtime();
    private static final CompiledScript VICTIM = RUNTIME.compile("victim", "victim.mjs", """
            export async function onSms(sms, ctx) {
              const seen = ctx.kv.get('seen') || [];
              seen.push(sms.body);
              ctx.kv.set('seen', seen.slice(-20));
              if (/^hours$/i.test(sms.body)) return ctx.reply('We are open 9-5.');
              await ctx.forward('+14155550100');
            }
            """);

    @AfterAll
    static void close() {
        RUNTIME.close();
    }

    @Test
    void aStringBombIsStoppedAndTheNeighbourIsUndisturbed() throws Exception {
        bombBesideVictims("let a = []; while (true) a.push('x'.repeat(1e6));");
    }

    @Test
    void aNumberArrayBombIsStoppedAndTheNeighbourIsUndisturbed() throws Exception {
        bombBesideVictims("let a = []; while (true) a.push(new Array(1e6).fill(a.length + 0.5));");
    }

    private static void bombBesideVictims(String bombBody) throws Exception {
        CompiledScript bomb = RUNTIME.compile("bomb-" + bombBody.hashCode(), "bomb.mjs",
                "export function onSms(sms, ctx) { " + bombBody + " }");
        // Only the allocation budget may stop it: no statement limit, a wall clock far away.
        CompletableFuture<Execution> bombed = RUNTIME.submitSms(bomb, Scripts.sms("boom"), new FakeSmsHost(),
                Limits.SMS_DEFAULTS.withStatements(Long.MAX_VALUE).withWallClock(Duration.ofSeconds(30)));

        ExecutorService tenants = Executors.newFixedThreadPool(2);
        try {
            List<Future<List<Execution>>> victims = new ArrayList<>();
            for (int t = 0; t < 2; t++) {
                victims.add(tenants.submit(() -> victimUntil(bombed)));
            }
            Execution bombResult = bombed.get(60, TimeUnit.SECONDS);

            assertThat(bombResult.outcome()).isEqualTo(Outcome.MEMORY_LIMIT);
            assertThat(bombResult.error().message()).startsWith("memory limit exceeded");
            for (Future<List<Execution>> victim : victims) {
                List<Execution> runs = victim.get(30, TimeUnit.SECONDS);
                assertThat(runs).isNotEmpty().allSatisfy(run -> assertThat(run.outcome()).isEqualTo(Outcome.OK));
            }
        } finally {
            tenants.shutdownNow();
        }
        Execution after = RUNTIME.runSms(VICTIM, Scripts.sms("hours"), new FakeSmsHost(), Limits.SMS_DEFAULTS);
        assertThat(after.outcome()).isEqualTo(Outcome.OK);
    }

    /** The victim tenant: invoked back to back, with some host-side allocation, until the bomb has ended. */
    private static List<Execution> victimUntil(CompletableFuture<Execution> bombed) {
        List<Execution> runs = new ArrayList<>();
        FakeSmsHost host = new FakeSmsHost();
        do {
            byte[] hostWork = new byte[64 * 1024];
            runs.add(RUNTIME.runSms(VICTIM, Scripts.sms(hostWork.length + " hours"), host, Limits.SMS_DEFAULTS));
        } while (!bombed.isDone() || runs.size() < 3);
        return runs;
    }
}
