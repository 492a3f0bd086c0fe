package dev.cantila.scripts.scenario;

import dev.cantila.runtime.CompiledScript;
import dev.cantila.runtime.Limits;
import dev.cantila.runtime.RuntimeOptions;
import dev.cantila.runtime.ScriptRuntime;
import dev.cantila.runtime.host.CallEvent;
import dev.cantila.runtime.host.SmsEvent;
import dev.cantila.scripts.call.OfflineCall;
import dev.cantila.scripts.call.VirtualTimers;
import dev.cantila.scripts.Keywords;
import dev.cantila.scripts.world.Effect;
import dev.cantila.scripts.world.World;
import java.time.Instant;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.function.Consumer;

/**
 * Runs scenarios against one handler (or Functions project, {@link Subject}) on the production runtime. Stimuli go through the same
 * pre-processing as the engine (STOP/START/HELP never reach the script); expectations read the world's effects.
 *
 * <p>Matching: expectations match effects in order: {@code expect: {say: …}} finds the first matching say after
 * the previous match (other effects in between are allowed), or the scenario fails there, listing what happened
 * since the previous match. {@code expect: nothing} checks that nothing but logs happened after it. A script error that no
 * {@code expect: error} consumed fails the scenario at the end (except the {@code CallEnded} a handler gets when the
 * caller hung up, which is how calls normally end).
 *
 * <p>Calls run deterministically: the call's turns go to a queue this thread drains after every stimulus, so when
 * the queue is empty the handler is waiting on the world (a digit, a forward's answer, the clock). A call's logs
 * and error are known when its handler finishes.
 */
public final class ScenarioRunner {
    public static final String PROJECT_NAME = "Cantila test";
    /**
     * The production limits with a longer wall clock: offline runs start cold (the first invocation interprets
     * code nothing has warmed), often on a busy laptop or CI box. CPU and memory stay bounded exactly as deployed
     * (statement and allocation budgets), so a runaway loop still fails here as it would in production.
     */
    public static final Limits OFFLINE_LIMITS = Limits.SMS_DEFAULTS.withWallClock(java.time.Duration.ofSeconds(10));
    /** In an sms step's body: the code last sent to the sender ({@code ctx.otp.request}). */
    static final String OTP = "{{otp}}";
    private final Subject subject;

    /** The clock handlers read ({@code Date}): the world of the scenario running now. */
    private static final WorldClock CLOCK = new WorldClock();

    /**
     * A runtime for scenarios: production options, one worker (SMS events run one at a time; call turns run on the
     * runner's thread), and {@code Date} reading the running scenario's fake clock.
     */
    public static ScriptRuntime createRuntime() {
        return ScriptRuntime.create(RuntimeOptions.defaults().withWorkers(1).withClock(CLOCK));
    }

    /** Runs scenarios against an ES-module handler. */
    public ScenarioRunner(ScriptRuntime runtime, CompiledScript script, Limits smsLimits) {
        this(new ModuleSubject(runtime, script, smsLimits));
    }

    /** Runs scenarios against {@code subject} (a Functions project: {@code dev.cantila.scripts.functions}). */
    public ScenarioRunner(Subject subject) {
        this.subject = subject;
    }

    /** A failed expectation: the step, and a diff-style explanation. */
    public record Failure(Step step, String message) {
    }

    public record Result(Scenario scenario, List<Effect> effects, Failure failure, long millis) {
        public boolean passed() {
            return failure == null;
        }
    }

    /** Runs one scenario; {@code live} sees each effect as it happens (for step-by-step output), may be null. */
    public Result run(Scenario scenario, Consumer<Effect> live) {
        long t0 = System.nanoTime();
        World world = new World(PROJECT_NAME, scenario.env(), scenario.kvJson(), scenario.templates(),
                scenario.optedOut(), scenario.time() != null ? scenario.time() : Instant.now());
        world.seedOtp(scenario.name().hashCode());
        Run run = new Run(scenario, world, live);
        CLOCK.world = world;
        Failure failure = run.all();
        return new Result(scenario, world.effects(), failure, (System.nanoTime() - t0) / 1_000_000);
    }

    private final class Run {
        private final Scenario scenario;
        private final World world;
        private final Consumer<Effect> live;
        private final VirtualTimers timers;
        private final ArrayDeque<Runnable> turns = new ArrayDeque<>();
        private int cursor;
        /** Effects an {@code expect: error} matched. */
        private final java.util.Set<Integer> expectedErrors = new java.util.HashSet<>();
        private int shown;
        private int sms;
        private int calls;
        private OfflineCall call;
        /** The call's handler; completes true when it failed. */
        private CompletableFuture<Boolean> session;

        Run(Scenario scenario, World world, Consumer<Effect> live) {
            this.scenario = scenario;
            this.world = world;
            this.live = live;
            this.timers = new VirtualTimers(world);
        }

        Failure all() {
            for (Step step : scenario.steps()) {
                Failure f = step(step);
                show();
                if (f != null) {
                    return f;
                }
            }
            return unexpectedError();
        }

        private void show() {
            if (live == null) {
                return;
            }
            List<Effect> all = world.effects();
            for (; shown < all.size(); shown++) {
                live.accept(all.get(shown));
            }
        }

        private Failure step(Step step) {
            return switch (step) {
                case Step.Sms s -> inboundSms(s);
                case Step.Expect e -> expect(e);
                case Step.Advance a -> {
                    timers.advance(a.by(), this::settle);
                    yield null;
                }
                case Step.Call c -> startCall(c);
                case Step.Press p -> {
                    if (call == null) {
                        yield new Failure(step, "press: there is no call (add a '- call: {}' step first)");
                    }
                    for (char d : p.digits().toCharArray()) {
                        call.press(d);
                        settle();
                    }
                    yield null;
                }
                case Step.Speak sp -> {
                    if (call == null || !call.speak(sp.words(), sp.confidence())) {
                        yield new Failure(step, "speak: no gather is listening for speech (TwiML <Gather"
                                + " input=\"speech\">)\n" + seen(world.effects().subList(Math.min(cursor,
                                world.effects().size()), world.effects().size())));
                    }
                    settle();
                    yield null;
                }
                case Step.ForwardAnswers f -> {
                    if (call == null || !call.forwardAnswers(f.outcome(), f.talkSeconds())) {
                        yield new Failure(step, "forward-answers: no forward is waiting for an answer\n"
                                + seen(world.effects().subList(Math.min(cursor, world.effects().size()),
                                world.effects().size())));
                    }
                    settle();
                    yield null;
                }
                case Step.RunToEnd r -> {
                    runToEnd(r);
                    yield null;
                }
                case Step.Hangup h -> {
                    if (call == null) {
                        yield new Failure(step, "hangup: there is no call");
                    }
                    call.callerHangsUp();
                    settle();
                    yield null;
                }
            };
        }

        private Failure startCall(Step.Call c) {
            if (call != null && !call.ended()) {
                return new Failure(c, "a call is still in progress: hang it up first");
            }
            boolean inbound = c.direction().equals("inbound");
            CallEvent event = new CallEvent("call_sim" + (++calls), inbound ? c.remote() : c.local(),
                    inbound ? c.local() : c.remote(), c.direction(), c.params());
            call = new OfflineCall(world, timers, c.direction());
            session = subject.call(scenario, event, call, world, turns::add);
            settle();
            return null;
        }

        private void runToEnd(Step.RunToEnd r) {
            long limit = world.elapsedMillis() + java.time.Duration.ofHours(1).toMillis();
            while (call != null && !call.ended() && world.elapsedMillis() < limit) {
                if (call.forwardPending()) {
                    call.forwardAnswers(r.forwardOutcome(), r.forwardOutcome().equals("answered") ? 60 : 0);
                    settle();
                    continue;
                }
                java.time.Duration next = timers.untilNext();
                if (next == null) {
                    break;
                }
                timers.advance(next, this::settle);
            }
            if (call != null && !call.ended()) {
                call.callerHangsUp();
                settle();
            }
        }

        /** Runs the call's turns until the handler waits on the world; then, if it finished, ends the call. */
        private void settle() {
            Runnable turn;
            while ((turn = turns.poll()) != null) {
                turn.run();
            }
            if (session != null && session.isDone()) {
                boolean failed = session.join();
                session = null;
                call.handlerFinished(failed && !call.ended());
            }
        }

        /** {@code {{otp}}} in the body is the newest code the world sent to the sender. */
        private Failure inboundSms(Step.Sms step) {
            Step.Sms s = step;
            if (s.body().contains(OTP)) {
                String code = world.otpCodeFor(s.from());
                if (code == null) {
                    return new Failure(step, "the body uses " + OTP + " but no code was sent to " + s.from());
                }
                s = new Step.Sms(s.line(), s.from(), s.to(), s.body().replace(OTP, code));
            }
            Optional<Keywords> keyword = Keywords.of(s.body());
            if (keyword.isPresent()) {
                Keywords k = keyword.get();
                if (k != Keywords.HELP) {
                    world.optOut(s.from(), k == Keywords.OPT_OUT);
                }
                world.effect("reply", k.reply(world.projectName(), null), Map.of("from", s.to(), "to", s.from(),
                        "keyword", k.name()));
                return null;
            }
            String id = "sms_sim" + (++sms);
            SmsEvent event = new SmsEvent(id, s.from(), s.to(), s.body(), "thr_" + s.to() + "_" + s.from(),
                    world.now().toString(), List.of());
            subject.sms(scenario, event, world);
            return null;
        }

        private Failure expect(Step.Expect e) {
            List<Effect> all = world.effects();
            return switch (e.kind()) {
                case "nothing" -> {
                    List<Effect> rest = all.subList(Math.min(cursor, all.size()), all.size()).stream()
                            .filter(x -> !x.kind().equals("log") && !x.fields().containsKey("callEnded")).toList();
                    yield rest.isEmpty() ? null : new Failure(e, "expected nothing more to happen, but:\n"
                            + seen(rest));
                }
                case "kv" -> expectKv(e);
                default -> {
                    String closest = null;
                    for (int i = cursor; i < all.size(); i++) {
                        Effect x = all.get(i);
                        if (!x.kind().equals(e.kind())) {
                            continue;
                        }
                        String mismatch = mismatch(e.fields(), x);
                        if (mismatch == null) {
                            cursor = i + 1;
                            if (x.kind().equals("error")) {
                                expectedErrors.add(i);
                            }
                            yield null;
                        }
                        closest = closest == null ? mismatch : closest;
                    }
                    List<Effect> rest = all.subList(Math.min(cursor, all.size()), all.size());
                    yield new Failure(e, "- expected: " + e.kind() + " " + describe(e.fields()) + "\n+ actual:   "
                            + (closest == null ? "no " + e.kind() : "no matching " + e.kind() + " (first: " + closest + ")")
                            + (rest.isEmpty() ? "; nothing happened since the last match"
                            : "; since the last match:\n" + seen(rest)));
                }
            };
        }

        private Failure expectKv(Step.Expect e) {
            Map<String, String> kv = world.kv();
            List<String> diffs = new ArrayList<>();
            e.fields().forEach((key, want) -> {
                String have = kv.get(key);
                if (!want.matchesExactly(have)) {
                    diffs.add("- kv." + key + " = " + want.source() + "\n+ kv." + key + " = "
                            + (have == null ? "(absent)" : have));
                }
            });
            return diffs.isEmpty() ? null : new Failure(e, String.join("\n", diffs));
        }

        private Failure unexpectedError() {
            List<Effect> all = world.effects();
            // every error counts, also one a later expectation stepped over: only 'expect: error' consumes one
            for (int i = 0; i < all.size(); i++) {
                if (all.get(i).kind().equals("error") && !all.get(i).fields().containsKey("callEnded")
                        && !expectedErrors.contains(i)) {
                    Step last = scenario.steps().get(scenario.steps().size() - 1);
                    return new Failure(last, "the script failed and no 'expect: error' step expected it:\n"
                            + seen(List.of(all.get(i))));
                }
            }
            return null;
        }

        private static String mismatch(Map<String, TextPattern> want, Effect x) {
            for (var w : want.entrySet()) {
                String actual = x.field(w.getKey());
                if (!w.getValue().matches(actual)) {
                    return (w.getKey().isEmpty() ? "text" : w.getKey()) + " " + (actual == null ? "is absent"
                            : "\"" + actual + "\" does not match " + w.getValue());
                }
            }
            return null;
        }

        private static String describe(Map<String, TextPattern> fields) {
            if (fields.isEmpty()) {
                return "(anything)";
            }
            if (fields.size() == 1 && fields.containsKey("")) {
                return fields.get("").toString();
            }
            return fields.toString();
        }

        private static String seen(List<Effect> effects) {
            StringBuilder b = new StringBuilder();
            for (Effect x : effects) {
                b.append("    ").append(x.render()).append('\n');
            }
            return b.toString().stripTrailing();
        }
    }

    /** A clock that reads the current scenario's world (the system clock between scenarios). */
    private static final class WorldClock extends java.time.Clock {
        volatile World world;

        @Override
        public java.time.ZoneId getZone() {
            return java.time.ZoneOffset.UTC;
        }

        @Override
        public java.time.Clock withZone(java.time.ZoneId zone) {
            return this;
        }

        @Override
        public Instant instant() {
            World w = world;
            return w == null ? Instant.now() : w.now();
        }
    }
}
