package dev.cantila.scripts.scenario;

import dev.cantila.runtime.CompiledScript;
import dev.cantila.runtime.Execution;
import dev.cantila.runtime.Limits;
import dev.cantila.runtime.LogLine;
import dev.cantila.runtime.ScriptRuntime;
import dev.cantila.runtime.host.SmsEvent;
import dev.cantila.scripts.Keywords;
import dev.cantila.scripts.world.Effect;
import dev.cantila.scripts.world.World;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.function.Consumer;

/**
 * Runs scenarios against one compiled handler on the production runtime. Stimuli go through the same
 * pre-processing as the engine (STOP/START/HELP never reach the script); expectations read the world's effects.
 *
 * <p>Matching: {@code expect: {reply: …}} looks at the next reply not yet matched, skipping effects of other
 * kinds; it must match, or the scenario fails there with the effects seen. A script error that no
 * {@code expect: error} consumed fails the scenario at the end.
 */
public final class ScenarioRunner {
    public static final String PROJECT_NAME = "Cantila test";
    /**
     * The production limits with a longer wall clock: offline runs start cold (the first invocation interprets
     * code nothing has warmed), often on a busy laptop or CI box. CPU and memory stay bounded exactly as deployed
     * (statement and allocation budgets), so a runaway loop still fails here as it would in production.
     */
    public static final Limits OFFLINE_LIMITS = Limits.SMS_DEFAULTS.withWallClock(java.time.Duration.ofSeconds(10));
    private final ScriptRuntime runtime;
    private final CompiledScript script;
    private final Limits smsLimits;

    public ScenarioRunner(ScriptRuntime runtime, CompiledScript script, Limits smsLimits) {
        this.runtime = runtime;
        this.script = script;
        this.smsLimits = smsLimits;
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
        Run run = new Run(scenario, world, live);
        Failure failure = run.all();
        return new Result(scenario, world.effects(), failure, (System.nanoTime() - t0) / 1_000_000);
    }

    private final class Run {
        private final Scenario scenario;
        private final World world;
        private final Consumer<Effect> live;
        private int cursor;
        private int shown;
        private int sms;

        Run(Scenario scenario, World world, Consumer<Effect> live) {
            this.scenario = scenario;
            this.world = world;
            this.live = live;
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
                case Step.Sms s -> {
                    inboundSms(s);
                    yield null;
                }
                case Step.Expect e -> expect(e);
                case Step.Advance a -> {
                    world.advance(a.by());
                    yield null;
                }
                default -> new Failure(step, step.describe() + ": calls are not supported by this runner yet");
            };
        }

        private void inboundSms(Step.Sms s) {
            Optional<Keywords> keyword = Keywords.of(s.body());
            if (keyword.isPresent()) {
                Keywords k = keyword.get();
                if (k != Keywords.HELP) {
                    world.optOut(s.from(), k == Keywords.OPT_OUT);
                }
                world.effect("reply", k.reply(PROJECT_NAME, null), Map.of("from", s.to(), "to", s.from(),
                        "keyword", k.name()));
                return;
            }
            String id = "sms_sim" + (++sms);
            SmsEvent event = new SmsEvent(id, s.from(), s.to(), s.body(), "thr_" + s.to() + "_" + s.from(),
                    world.now().toString(), List.of());
            record(runtime.runSms(script, event, world.host(s.to(), s.from(), s.body()), smsLimits));
        }

        private void record(Execution ex) {
            for (LogLine line : ex.logs()) {
                world.effect("log", line.text(), Map.of("level", line.level()));
            }
            if (ex.error() != null) {
                Map<String, String> f = new LinkedHashMap<>();
                f.put("outcome", ex.outcome().name().toLowerCase(java.util.Locale.ROOT));
                f.put("location", ex.error().location());
                if (ex.error().stack() != null) {
                    f.put("stack", ex.error().stack());
                }
                world.effect("error", ex.error().message(), f);
            }
        }

        private Failure expect(Step.Expect e) {
            List<Effect> all = world.effects();
            return switch (e.kind()) {
                case "nothing" -> {
                    List<Effect> rest = all.subList(Math.min(cursor, all.size()), all.size()).stream()
                            .filter(x -> !x.kind().equals("log")).toList();
                    yield rest.isEmpty() ? null : new Failure(e, "expected nothing more to happen, but:\n"
                            + seen(rest));
                }
                case "kv" -> expectKv(e);
                default -> {
                    for (int i = cursor; i < all.size(); i++) {
                        Effect x = all.get(i);
                        if (!x.kind().equals(e.kind())) {
                            continue;
                        }
                        String mismatch = mismatch(e.fields(), x);
                        if (mismatch != null) {
                            yield new Failure(e, "- expected: " + e.kind() + " " + describe(e.fields()) + "\n"
                                    + "+ actual:   " + x.render() + "\n  (" + mismatch + ")");
                        }
                        cursor = i + 1;
                        yield null;
                    }
                    List<Effect> rest = all.subList(Math.min(cursor, all.size()), all.size());
                    yield new Failure(e, "- expected: " + e.kind() + " " + describe(e.fields()) + "\n+ actual:   no "
                            + e.kind() + (rest.isEmpty() ? "; nothing happened since the last match"
                            : "; what happened since the last match:\n" + seen(rest)));
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
            for (int i = cursor; i < all.size(); i++) {
                if (all.get(i).kind().equals("error")) {
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
}
