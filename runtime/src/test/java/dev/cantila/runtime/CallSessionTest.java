package dev.cantila.runtime;

import static org.assertj.core.api.Assertions.assertThat;

import dev.cantila.runtime.host.CallChannel;
import dev.cantila.runtime.host.CallEvent;
import dev.cantila.runtime.host.HostActionException;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/**
 * The call inbox: channel operations complete on a foreign "switch" thread, the script resumes on a worker,
 * turn by turn, each under its own limits.
 */
class CallSessionTest {
    private static final ScriptRuntime RUNTIME = Scripts.runtime();
    private static final CallEvent CALL = new CallEvent("call-1", "+14155550123", "+14155550199", "inbound");
    private static final String IVR = """
            export async function onCall(call, ctx) {
              await call.say('Thanks for calling. Press 1 for sales, 2 to leave a message.');
              const digits = await call.gather({ numDigits: 1, timeoutSeconds: 5 });
              ctx.log.info('caller ' + call.from + ' pressed ' + digits);
              if (digits === '1') return call.forward('+14155550101', { timeoutSeconds: 20 });
              return call.voicemail({ greeting: 'Leave a message after the tone.', maxSeconds: 120 });
            }
            """;

    private final ExecutorService switchThread = Executors.newSingleThreadExecutor();

    @AfterEach
    void stopSwitch() {
        switchThread.shutdownNow();
    }

    @AfterAll
    static void close() {
        RUNTIME.close();
    }

    private Execution call(String source, CallChannel channel, Limits limits) throws Exception {
        CompiledScript script = RUNTIME.compile("ivr-" + source.hashCode(), "ivr.mjs", source);
        return RUNTIME.startCall(script, CALL, channel, new FakeSmsHost(), limits).get(10, TimeUnit.SECONDS);
    }

    @Test
    void theProductIvrResumesOnWorkersWhenTheSwitchCompletes() throws Exception {
        SwitchChannel channel = new SwitchChannel("1");

        Execution execution = call(IVR, channel, Scripts.FAST);

        assertThat(execution.outcome()).as("%s", execution).isEqualTo(Outcome.OK);
        assertThat(execution.actions()).extracting(Action::name).containsExactly("say", "gather", "forward");
        assertThat(execution.logs()).extracting(LogLine::text).containsExactly("caller +14155550123 pressed 1");
        assertThat(channel.operations).containsExactly("say", "gather 1 # PT5S PT5S null",
                "forward [+14155550101] PT20S null false");
    }

    @Test
    void aCompletionWhileTheTurnIsStillRunningWaitsInTheInbox() throws Exception {
        SwitchChannel channel = new SwitchChannel("2");

        Execution execution = call("""
                export async function onCall(call, ctx) {
                  const said = call.say('hello');
                  let x = 0;
                  for (let i = 0; i < 200000; i++) x += i % 3;
                  await said;
                  const digits = await call.gather({ numDigits: 1 });
                  if (digits === '2') await call.voicemail({ maxSeconds: 60 });
                }
                """, channel, Limits.SMS_DEFAULTS.withWallClock(Duration.ofSeconds(10)));
        // (a wall clock of 10 s: the loop is there to keep the turn busy, and on a loaded 2-core machine it took
        // more than FAST's 1 s — this test is about the order of completions, not speed)

        assertThat(execution.outcome()).as("%s", execution).isEqualTo(Outcome.OK);
        assertThat(channel.operations).containsExactly("say", "gather 1 # PT5S PT5S null", "voicemail PT1M true");
    }

    @Test
    void aHangupRejectsThePendingHelperWithItsCode() throws Exception {
        CallChannel hungUp = new SwitchChannel("") {
            @Override
            public CompletableFuture<String> gather(CallChannel.Gather gather) {
                return CompletableFuture.supplyAsync(() -> {
                    throw new HostActionException("hangup", "the caller hung up");
                }, switchThread);
            }
        };

        Execution execution = call(IVR, hungUp, Scripts.FAST);

        assertThat(execution.outcome()).isEqualTo(Outcome.ERROR);
        assertThat(execution.error().message()).isEqualTo("Error: the caller hung up");
    }

    @Test
    void eachTurnHasItsOwnWallClock() throws Exception {
        Execution execution = call("""
                export async function onCall(call, ctx) {
                  await call.say('one');
                  while (true) {}
                }
                """, new SwitchChannel(""), Scripts.FAST.withWallClock(Duration.ofMillis(200)).withStatements(Long.MAX_VALUE));

        assertThat(execution.outcome()).isEqualTo(Outcome.TIMEOUT);
        assertThat(execution.actions()).extracting(Action::name).containsExactly("say");
    }

    @Test
    void aPromiseNothingCanResolveEndsTheCall() throws Exception {
        Execution execution = call("export async function onCall(call) { await new Promise(() => {}); }",
                new SwitchChannel(""), Scripts.FAST);

        assertThat(execution.outcome()).isEqualTo(Outcome.ERROR);
        assertThat(execution.error().message()).isEqualTo("handler did not finish: a promise never resolved");
    }

    @Test
    void theCallObjectWalksOnlyToJsBuiltins() throws Exception {
        Execution execution = call("""
                export async function onCall(call, ctx) {
                  const bad = [call, call.say, call.gather, ctx, ctx.kv].filter((h) =>
                    h.getClass !== undefined || h.constructor.constructor('return this')() !== globalThis
                    || ![Object.prototype, Function.prototype].includes(Object.getPrototypeOf(h)));
                  try { call.id = 'x'; } catch (e) { ctx.log.info(e.name); }
                  ctx.log.info(bad.length === 0 ? 'clean' : 'leak', call.id, call.direction);
                  try { call.gather({ numDigits: 'x' }); } catch (e) { ctx.log.info(String(e)); }
                }
                """, new SwitchChannel(""), Scripts.FAST);

        assertThat(execution.logs()).extracting(LogLine::text).containsExactly("TypeError", "clean call-1 inbound",
                "TypeError: call.gather: numDigits must be 1-64");
    }

    @Test
    void helpersPassTwilioDefaultsAndForwardAnswersWithAnObject() throws Exception {
        SwitchChannel channel = new SwitchChannel("42");

        Execution execution = call("""
                export async function onCall(call, ctx) {
                  const pin = await call.gather({ numDigits: 2, interDigitTimeoutSeconds: 2,
                    prompt: { say: 'Your pin?', voice: 'en-US' } });
                  const result = await call.forward(['+14155550101', '+14155550102'], { callerId: '+14155550199', record: true });
                  ctx.log.info(pin, result.status, result.durationSeconds);
                  await call.pause();
                  await call.record();
                  await call.voicemail({ greeting: 'Bye', beep: false });
                  await call.reject('busy');
                  await call.hangup('NORMAL_CLEARING');
                  try { call.reject('maybe'); } catch (e) { ctx.log.info(String(e)); }
                }
                """, channel, Scripts.FAST);

        assertThat(execution.outcome()).as("%s", execution).isEqualTo(Outcome.OK);
        assertThat(execution.logs()).extracting(LogLine::text).containsExactly("42 answered 12",
                "TypeError: call.reject expects 'busy' or 'rejected'");
        assertThat(channel.operations).containsExactly(
                "gather 2 # PT5S PT2S Prompt[say=Your pin?, voice=en-US, play=null]",
                "forward [+14155550101, +14155550102] PT30S +14155550199 true", "pause PT1S", "record PT2M true",
                "voicemail PT2M false", "reject busy", "hangup NORMAL_CLEARING");
    }

    @Test
    void afterTheCallEndedEveryHelperRejectsWithCallEnded() throws Exception {
        CallChannel hungUp = new SwitchChannel("") {
            @Override
            public CompletableFuture<String> gather(CallChannel.Gather gather) {
                operations.add("gather");
                return CompletableFuture.supplyAsync(() -> {
                    throw new HostActionException(CallChannel.CALL_ENDED, "the caller hung up");
                }, switchThread);
            }
        };

        Execution execution = call("""
                export async function onCall(call, ctx) {
                  try { await call.gather({ numDigits: 1 }); } catch (e) { ctx.log.info(e.name, e.code, e.message); }
                  try { await call.say('still there?'); } catch (e) { ctx.log.info('later:', e.name); }
                  ctx.kv.set('missed', call.from);
                }
                """, hungUp, Scripts.FAST);

        assertThat(execution.outcome()).as("%s", execution).isEqualTo(Outcome.OK);
        assertThat(execution.logs()).extracting(LogLine::text).containsExactly(
                "CallEnded call_ended the caller hung up", "later: CallEnded");
        assertThat(((SwitchChannel) hungUp).operations).containsExactly("gather");
    }

    @Test
    void cancellingTheSessionStopsAScriptThatOutlivedItsCall() throws Exception {
        CompletableFuture<String> never = new CompletableFuture<>();
        SwitchChannel channel = new SwitchChannel("") {
            @Override
            public CompletableFuture<String> gather(CallChannel.Gather gather) {
                operations.add("gather");
                return never;
            }
        };
        CompiledScript script = RUNTIME.compile("stuck", "stuck.mjs", """
                export async function onCall(call, ctx) {
                  await call.gather();
                  await call.say('too late');
                }
                """);
        CompletableFuture<Execution> session = RUNTIME.startCall(script, CALL, channel, new FakeSmsHost(), Scripts.FAST);
        while (channel.operations.isEmpty()) {
            Thread.onSpinWait();
        }

        assertThat(session.cancel(false)).isTrue();
        never.complete("1");

        assertThat(session).isCancelled();
        assertThat(channel.operations).containsExactly("gather");
    }

    /** A fake switch: every operation completes on the switch thread, never on the script's worker. */
    private class SwitchChannel implements CallChannel {
        final List<String> operations = new CopyOnWriteArrayList<>();
        private final String digits;

        SwitchChannel(String digits) {
            this.digits = digits;
        }

        private <T> CompletableFuture<T> later(String operation, T value) {
            operations.add(operation);
            return CompletableFuture.supplyAsync(() -> value, switchThread);
        }

        @Override public CompletableFuture<Void> say(String text, String voice) { return later("say", null); }
        @Override public CompletableFuture<Void> play(String url) { return later("play " + url, null); }
        @Override public CompletableFuture<Void> pause(Duration duration) { return later("pause " + duration, null); }
        @Override public CompletableFuture<String> gather(Gather g) {
            return later("gather " + g.numDigits() + " " + g.finishOnKey() + " " + g.timeout() + " "
                    + g.interDigitTimeout() + " " + g.prompt(), digits);
        }
        @Override public CompletableFuture<Forwarded> forward(List<String> to, Duration timeout, String callerId,
                                                             boolean record) {
            return later("forward " + to + " " + timeout + " " + callerId + " " + record, new Forwarded("answered", 12));
        }
        @Override public CompletableFuture<String> voicemail(String greeting, Duration maxLength, boolean beep) {
            return later("voicemail " + maxLength + " " + beep, "vm-1");
        }
        @Override public CompletableFuture<String> record(Duration maxLength, boolean beep) {
            return later("record " + maxLength + " " + beep, "rec-2");
        }
        @Override public CompletableFuture<Void> hangup(String cause) { return later("hangup " + cause, null); }
        @Override public CompletableFuture<Void> reject(String reason) { return later("reject " + reason, null); }
    }
}
