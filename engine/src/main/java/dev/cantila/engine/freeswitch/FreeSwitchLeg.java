package dev.cantila.engine.freeswitch;

import dev.cantila.runtime.host.CallChannel;
import dev.cantila.engine.voice.Leg;
import dev.cantila.engine.voice.VoiceSwitch.OriginateOutcome;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;
import java.util.concurrent.CompletableFuture;
import java.util.function.Function;

/**
 * {@link Leg} over FreeSWITCH: each operation is a {@code sendmsg} execute (see {@link EslClient#execute}) run in
 * turn on the leg's {@link LegState}. A cheap view; the state is found (or learned) when an operation starts.
 *
 * <p>Deadlines: {@code answer}, {@code hangup}: the command deadline. {@code speak}: the command deadline plus
 * 200 ms per character. {@code play}: {@value #MEDIA_DEADLINE_MINUTES} minutes (a file's length is unknown).
 * {@code pause}, {@code record}: their own length plus the command deadline. {@code bridge}: every target's ring
 * time plus the command deadline, lifted once a target answers.
 *
 * <p>{@code stopMedia} ({@code uuid_break <uuid> all}) ends the media now playing and skips the leg's media
 * operations ({@code speak}, {@code play}, {@code pause}) that had not started; those complete normally, as an
 * interrupted prompt does. Other queued operations still run. After the leg hangs up, operations that had not
 * completed fail with {@link EslException.Kind#LEG_GONE}.
 *
 * <p>{@code hangup} does not queue behind the leg's operations: with one running or waiting it kills the channel
 * at once ({@code uuid_kill}), and so it does after an operation missed its deadline (the stalled app still holds
 * the channel); otherwise it sends {@code sendmsg} {@code call-command: hangup}. Either way it completes when
 * {@code CHANNEL_HANGUP_COMPLETE} arrives (at once for a leg already gone).
 */
final class FreeSwitchLeg implements Leg {
    static final long MEDIA_DEADLINE_MINUTES = 10;
    private static final String BEEP = "tone_stream://%(500,0,800)";
    /** record: silence threshold (energy) and how many seconds of silence end the recording. */
    private static final String SILENCE = "200 5";

    private final FreeSwitchSwitch sw;
    private final String uuid;

    FreeSwitchLeg(FreeSwitchSwitch sw, String uuid) {
        this.sw = sw;
        this.uuid = uuid;
    }

    @Override
    public String uuid() {
        return uuid;
    }

    @Override
    public CompletableFuture<Void> answer() {
        return app("answer", false, "answer", null, sw.deadline());
    }

    @Override
    public CompletableFuture<Void> speak(String text, String voice) {
        String v = voice == null || voice.isBlank() ? sw.settings().ttsVoice() : voice;
        Duration deadline = sw.deadline().plusMillis(200L * text.length());
        return app("speak", true, "speak", sw.settings().ttsEngine() + "|" + v + "|" + text, deadline);
    }

    @Override
    public CompletableFuture<Void> play(String url) {
        return app("play", true, "playback", url, Duration.ofMinutes(MEDIA_DEADLINE_MINUTES));
    }

    @Override
    public CompletableFuture<Void> pause(Duration duration) {
        return app("pause", true, "sleep", Long.toString(duration.toMillis()), sw.deadline().plus(duration));
    }

    @Override
    public CompletableFuture<Void> stopMedia() {
        return sw.state(uuid).thenCompose(st -> {
            st.dropQueuedMedia();
            return st.node.api("uuid_break " + uuid + " all").handle((body, e) -> {
                // uuid_break writes nothing on success, which the event socket turns into "-ERR no reply"
                if (e == null || e instanceof EslException ee && "-ERR no reply".equals(ee.switchText())) {
                    return null;
                }
                throw FreeSwitchSwitch.unchecked(e);
            });
        });
    }

    @Override
    public CompletableFuture<BridgeResult> bridge(List<String> targets, Duration timeout, String callerId,
                                                  String recordPath, CallChannel.DialOptions options) {
        return bridge(targets, timeout, callerId, recordPath, false, options);
    }

    @Override
    public CompletableFuture<BridgeResult> ringAll(List<String> targets, Duration timeout, String callerId,
                                                   String recordPath, CallChannel.DialOptions options) {
        return bridge(targets, timeout, callerId, recordPath, true, options);
    }

    private CompletableFuture<BridgeResult> bridge(List<String> targets, Duration timeout, String callerId,
                                                   String recordPath, boolean all, CallChannel.DialOptions options) {
        if (targets.isEmpty()) {
            return CompletableFuture.failedFuture(new IllegalArgumentException("bridge needs at least one target"));
        }
        List<String> endpoints = new ArrayList<>();
        List<String> legUuids = new ArrayList<>();
        String arg;
        try {
            for (String t : targets) {
                endpoints.add(DialStrings.endpoint(t, sw.settings().gateway()));
                legUuids.add(UUID.randomUUID().toString());
            }
            arg = DialStrings.bridge(endpoints, legUuids, timeout, callerId == null ? null
                    : DialStrings.callerId(callerId), recordPath == null ? null : DialStrings.recordPath(recordPath),
                    all, options.timeLimit(), targets.stream().map(t -> options.sendDigits().get(t)).toList());
        } catch (IllegalArgumentException e) {
            return CompletableFuture.failedFuture(e);
        }
        Duration untilAnswer = timeout.multipliedBy(all ? 1 : targets.size()).plus(sw.deadline());
        if (options.hangupOnStar()) {
            // <Dial hangupOnStar>: the bridge application ends the bridge when this leg presses bridge_terminate_key
            return submit("bridge", false, st -> run(st, "set", "bridge_terminate_key=*", sw.deadline())
                    .thenCompose(x -> bridging(st, arg, untilAnswer, targets, legUuids))
                    .thenCompose(r -> run(st, "unset", "bridge_terminate_key", sw.deadline()).thenApply(x -> r)));
        }
        return submit("bridge", false, st -> bridging(st, arg, untilAnswer, targets, legUuids));
    }

    private CompletableFuture<BridgeResult> bridging(LegState st, String arg, Duration untilAnswer,
                                                     List<String> targets, List<String> legUuids) {
        LegState.Bridge b = new LegState.Bridge();
        st.startBridge(b);
        b.execution = execute(st, "bridge", arg, untilAnswer);
        return completion(st, b.execution).whenComplete((v, e) -> st.endBridge(b))
                .thenApply(done -> bridgeResult(done, b, targets, legUuids));
    }

    private BridgeResult bridgeResult(EslEvent done, LegState.Bridge b, List<String> targets, List<String> legUuids) {
        if (b.bridgedAtMillis >= 0) {
            int i = legUuids.indexOf(b.otherLeg);
            long seconds = Math.max(0, Math.round((sw.clock().millis() - b.bridgedAtMillis) / 1000.0));
            return new BridgeResult(OriginateOutcome.ANSWERED, i >= 0 ? targets.get(i) : null, seconds);
        }
        for (String var : List.of("originate_disposition", "DIALSTATUS", "bridge_hangup_cause")) {
            String cause = done.variable(var);
            if (cause != null && !cause.isBlank()) {
                OriginateOutcome o = OriginateOutcome.fromCause(cause);
                // SUCCESS without a CHANNEL_BRIDGE seen: the event was lost; the answered target is in last_bridge_to
                int i = o == OriginateOutcome.ANSWERED ? legUuids.indexOf(done.variable("last_bridge_to")) : -1;
                return new BridgeResult(o, i >= 0 ? targets.get(i) : null, 0);
            }
        }
        return new BridgeResult(OriginateOutcome.FAILED, null, 0);
    }

    /**
     * The {@code conference} application (see {@link FreeSwitchConferences}), after the wait audio and conference
     * flags as channel variables. Its deadline is a day: a meeting lasts as long as it likes; the domain's own
     * deadline (the longest call) is the one that counts.
     */
    @Override
    public CompletableFuture<ConferenceResult> conference(String room, Member member) {
        String arg;
        try {
            arg = FreeSwitchConferences.appArg(room, member);
            if (member.waitUrl() != null && member.waitUrl().chars().anyMatch(ch -> ch < 0x20 || ch == ' ')) {
                throw new IllegalArgumentException("waitUrl has spaces or control characters");
            }
        } catch (IllegalArgumentException e) {
            return CompletableFuture.failedFuture(e);
        }
        return submit("conference", false, st -> {
            CompletableFuture<EslEvent> chain = run(st, "set", "conference_flags=wait-mod", sw.deadline());
            if (member.waitUrl() != null) {
                chain = chain.thenCompose(x -> run(st, "set", "conference_moh_sound=" + member.waitUrl(),
                        sw.deadline()));
            }
            return chain.thenCompose(x -> run(st, "conference", arg, Duration.ofDays(1)))
                    .thenApply(done -> sw.conferences().left(uuid));
        });
    }

    /**
     * {@code park_after_bridge=true} on this leg (so it parks again, still ours, when the other hangs up), then
     * {@code api uuid_bridge <this> <other>}: both legs leave park and are bridged; done once FreeSWITCH says
     * {@code +OK}. The bridge's end is the other leg's {@code CHANNEL_HANGUP_COMPLETE}, which the domain hears.
     */
    @Override
    public CompletableFuture<Void> connect(String other) {
        try {
            UUID.fromString(other);
        } catch (IllegalArgumentException e) {
            return CompletableFuture.failedFuture(e);
        }
        return submit("connect", false, st -> run(st, "set", "park_after_bridge=true", sw.deadline())
                .thenCompose(x -> st.node.api("uuid_bridge " + uuid + " " + other)).thenApply(body -> null));
    }

    @Override
    public CompletableFuture<RecordResult> record(String path, Duration maxLength, boolean beep) {
        String safePath;
        try {
            safePath = DialStrings.recordPath(path);
        } catch (IllegalArgumentException e) {
            return CompletableFuture.failedFuture(e);
        }
        long seconds = Math.max(1, maxLength.toSeconds());
        return submit("record", false, st -> {
            // playback_terminators defaults to '*' in FreeSWITCH; Twilio-like recordings end on '#'
            CompletableFuture<EslEvent> chain = run(st, "set", "playback_terminators=#", sw.deadline());
            if (beep) {
                chain = chain.thenCompose(x -> run(st, "playback", BEEP, sw.deadline()));
            }
            return chain.thenCompose(x -> run(st, "record", safePath + " " + seconds + " " + SILENCE,
                    maxLength.plus(sw.deadline()))).thenApply(done -> new RecordResult(path, recordedMillis(done)));
        });
    }

    private static long recordedMillis(EslEvent done) {
        String ms = done.variable("record_ms");
        String s = done.variable("record_seconds");
        try {
            if (ms != null && !ms.isBlank()) {
                return Long.parseLong(ms.trim());
            }
            return s == null || s.isBlank() ? 0 : Long.parseLong(s.trim()) * 1000;
        } catch (NumberFormatException e) {
            return 0;
        }
    }

    @Override
    public CompletableFuture<Void> hangup(String cause) {
        String c;
        try {
            c = DialStrings.cause(cause);
        } catch (IllegalArgumentException e) {
            return CompletableFuture.failedFuture(e);
        }
        return sw.state(uuid).handle((st, e) -> {
            if (e != null) {
                Throwable why = e instanceof java.util.concurrent.CompletionException && e.getCause() != null
                        ? e.getCause() : e;
                if (why instanceof EslException ee && ee.kind() == EslException.Kind.LEG_GONE) {
                    return CompletableFuture.<Void>completedFuture(null); // already gone: nothing to hang up
                }
                return CompletableFuture.<Void>failedFuture(why);
            }
            return sw.hangup(st, c);
        }).thenCompose(f -> f);
    }

    @Override
    public CompletableFuture<Void> reject(String reason) {
        try {
            return hangup(DialStrings.rejectCause(reason));
        } catch (IllegalArgumentException e) {
            return CompletableFuture.failedFuture(e);
        }
    }

    private CompletableFuture<Void> app(String what, boolean media, String app, String arg, Duration deadline) {
        return submit(what, media, st -> run(st, app, arg, deadline).thenApply(done -> null));
    }

    private <T> CompletableFuture<T> submit(String what, boolean media,
                                            Function<LegState, CompletableFuture<T>> run) {
        return sw.state(uuid).thenCompose(st -> st.submit(new LegState.Op<>(what, media, () -> run.apply(st))));
    }

    /** One execute for the operation now running on {@code st}, remembered so a hangup can fail it. */
    private EslClient.Execution execute(LegState st, String app, String arg, Duration deadline) {
        EslClient.Execution ex = st.node.execute(uuid, app, arg, deadline);
        st.current(ex);
        return ex;
    }

    /**
     * The completion of {@code ex}, except when FreeSWITCH refused it because it no longer finds the leg: then it
     * never completes, and the operation fails with {@link EslException.Kind#LEG_GONE} once the leg is reported gone
     * (see {@link FreeSwitchSwitch#refusedAsUnknown}), so the domain hears of the hangup before the failure, as with
     * any other hangup.
     */
    private CompletableFuture<EslEvent> completion(LegState st, EslClient.Execution ex) {
        CompletableFuture<EslEvent> done = new CompletableFuture<>();
        ex.result.whenComplete((event, e) -> {
            if (e instanceof EslException ee && sw.isUnknownLeg(ee)) {
                sw.refusedAsUnknown(st);
            } else if (e != null) {
                done.completeExceptionally(e);
            } else {
                done.complete(event);
            }
        });
        return done;
    }

    private CompletableFuture<EslEvent> run(LegState st, String app, String arg, Duration deadline) {
        return completion(st, execute(st, app, arg, deadline));
    }
}
