package dev.cantila.engine.voice;

import dev.cantila.runtime.host.CallChannel;

import java.io.IOException;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayDeque;
import java.util.Deque;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.function.Consumer;

/**
 * One simulated leg. Operations queue and run one after another, like FreeSWITCH's {@code event-lock}; media
 * takes the configured time on the switch's {@link Timers}; {@code stopMedia}, {@code hangup} and {@code reject}
 * act at once (they are API commands, not queued applications). Everything runs in the leg's own inbox, which is
 * "the switch's event thread" of the seam: events and completions for the leg come from there, in order.
 */
final class SimLeg implements Leg {
    final String uuid;
    final Inbox inbox;
    final String direction;
    private final SimulatedSwitch sw;
    private final Deque<Step> queue = new ArrayDeque<>();
    private Step current;
    boolean alive = true;
    boolean answered;
    boolean stallNext;
    /** The conference room the leg is in (set and cleared under the room's lock). */
    volatile SimRoom room;
    /** The phone at the far end: the caller of an inbound leg, the number an outbound leg dialled. */
    volatile String number;
    /** How long the far end of an outbound leg talks once connected ({@link #connect}), then hangs up. */
    volatile Duration talk = Duration.ZERO;
    /** The leg this one is connected to ({@link #connect}); in the inbox. */
    private SimLeg partner;
    private Timers.Cancellable talking;

    /** One queued operation; {@code finish} (when set) completes it early: barge-in, far-end or caller hangup. */
    private static final class Step {
        final CompletableFuture<Object> done = new CompletableFuture<>();
        final Consumer<Step> start;
        final boolean media;
        boolean conference;
        /** A bridge the caller ends by pressing {@code *} ({@code <Dial hangupOnStar>}). */
        boolean starEnds;
        Timers.Cancellable timer;
        Runnable finish;

        Step(boolean media, Consumer<Step> start) {
            this.media = media;
            this.start = start;
        }
    }

    SimLeg(SimulatedSwitch sw, String uuid, Inbox inbox, String direction) {
        this.sw = sw;
        this.uuid = uuid;
        this.inbox = inbox;
        this.direction = direction;
    }

    @Override
    public String uuid() {
        return uuid;
    }

    @Override
    public CompletableFuture<Void> answer() {
        return queued(false, s -> {
            if (!answered) {
                answered = true;
                sw.heard(this, "answered", null);
                sw.events().answered(uuid);
            }
            s.done.complete(null);
        });
    }

    @Override
    public CompletableFuture<Void> speak(String text, String voice) {
        return queued(true, s -> media(s, "say", text, sw.mediaTime()));
    }

    @Override
    public CompletableFuture<Void> play(String url) {
        return queued(true, s -> media(s, "play", url, sw.mediaTime()));
    }

    @Override
    public CompletableFuture<Void> pause(Duration duration) {
        return queued(true, s -> media(s, "pause", duration.toMillis() + " ms", duration));
    }

    /** Transcript lines are written once the leg waits (timer armed), so an observer may advance time at once. */
    private void media(Step s, String kind, String what, Duration length) {
        s.finish = () -> s.done.complete(null);
        s.timer = sw.timers().schedule(length, () -> inbox.execute(() -> s.done.complete(null)));
        sw.heard(this, kind, what);
    }

    @Override
    public CompletableFuture<Void> stopMedia() {
        CompletableFuture<Void> accepted = new CompletableFuture<>();
        inbox.execute(() -> {
            if (current != null && current.media && !current.done.isDone()) {
                sw.heard(this, "stopped", null);
                current.timer.cancel();
                current.finish.run();
            }
            accepted.complete(null);
        });
        return accepted;
    }

    @Override
    public CompletableFuture<BridgeResult> bridge(List<String> targets, Duration timeout, String callerId,
                                                  String recordPath, CallChannel.DialOptions options) {
        return queued(false, s -> dial(s, new Dialling(targets, timeout, recordPath, options), 0,
                VoiceSwitch.OriginateOutcome.FAILED));
    }

    @Override
    public CompletableFuture<BridgeResult> ringAll(List<String> targets, Duration timeout, String callerId,
                                                   String recordPath, CallChannel.DialOptions options) {
        return queued(false, s -> ringAll(s, new Dialling(targets, timeout, recordPath, options)));
    }

    /** One bridge attempt's settings. */
    private record Dialling(List<String> targets, Duration timeout, String recordPath,
                            CallChannel.DialOptions options) {
    }

    /**
     * Every target rings at once. Simulated targets answer at once or never, so the first answering one in the list
     * wins and the others are cancelled; with none answering, the attempt is no-answer after {@code timeout} when
     * one of them rang, else busy (or failed) at once.
     */
    private void ringAll(Step s, Dialling d) {
        List<String> targets = d.targets();
        targets.forEach(t -> sw.heard(this, "ringing", t));
        String winner = targets.stream().filter(t -> sw.target(t).answer().equals("answered")).findFirst()
                .orElse(null);
        if (winner != null) {
            targets.stream().filter(t -> !t.equals(winner)).forEach(t -> sw.heard(this, "cancelled", t));
            dial(s, new Dialling(List.of(winner), d.timeout(), d.recordPath(), d.options()), 0,
                    VoiceSwitch.OriginateOutcome.FAILED);
            return;
        }
        if (targets.stream().anyMatch(t -> sw.target(t).answer().equals("no-answer"))) {
            BridgeResult none = new BridgeResult(VoiceSwitch.OriginateOutcome.NO_ANSWER, null, 0);
            s.finish = () -> s.done.complete(none);
            s.timer = sw.timers().schedule(d.timeout(), () -> inbox.execute(() -> {
                sw.heard(this, "bridge", "no-answer");
                s.done.complete(none);
            }));
            return;
        }
        boolean busy = targets.stream().anyMatch(t -> sw.target(t).answer().equals("busy"));
        sw.heard(this, "bridge", busy ? "busy" : "failed");
        s.done.complete(new BridgeResult(busy ? VoiceSwitch.OriginateOutcome.BUSY : VoiceSwitch.OriginateOutcome.FAILED,
                null, 0));
    }

    /** Tries {@code targets[i]}; a target that does not answer passes to the next. */
    private void dial(Step s, Dialling d, int i, VoiceSwitch.OriginateOutcome last) {
        List<String> targets = d.targets();
        if (i >= targets.size()) {
            s.done.complete(new BridgeResult(last, null, 0));
            return;
        }
        String target = targets.get(i);
        SimulatedSwitch.Target t = sw.target(target);
        VoiceSwitch.OriginateOutcome outcome = VoiceSwitch.OriginateOutcome.fromCause(switch (t.answer()) {
            case "answered" -> "SUCCESS";
            case "busy" -> "USER_BUSY";
            case "no-answer" -> "NO_ANSWER";
            default -> "DESTINATION_OUT_OF_ORDER";
        });
        if (outcome == VoiceSwitch.OriginateOutcome.NO_ANSWER) {
            s.finish = () -> s.done.complete(new BridgeResult(VoiceSwitch.OriginateOutcome.NO_ANSWER, null, 0));
            s.timer = sw.timers().schedule(d.timeout(), () -> inbox.execute(() -> {
                sw.heard(this, "bridge", target + " no-answer");
                dial(s, d, i + 1, outcome);
            }));
            sw.heard(this, "ringing", target);
            return;
        }
        if (outcome != VoiceSwitch.OriginateOutcome.ANSWERED) {
            sw.heard(this, "bridge", target + " " + outcome.wire());
            dial(s, d, i + 1, outcome);
            return;
        }
        if (!answered) {
            answered = true;
            sw.events().answered(uuid);
        }
        String digits = d.options().sendDigits().get(target);
        if (digits != null) {
            sw.heard(this, "sent-digits", target + " " + digits);
        }
        long start = sw.clock().millis();
        s.finish = () -> {
            long talked = sw.clock().millis() - start;
            write(d.recordPath(), talked);
            sw.heard(this, "unbridged", target);
            s.done.complete(new BridgeResult(outcome, target, talked / 1000));
        };
        Duration limit = d.options().timeLimit();
        if (limit != null && limit.compareTo(t.talk()) < 0) {
            s.timer = sw.timers().schedule(limit, () -> inbox.execute(() -> {
                sw.heard(this, "time-limit", target);
                s.finish.run();
            }));
        } else {
            s.timer = sw.timers().schedule(t.talk(), () -> inbox.execute(s.finish));
        }
        s.starEnds = d.options().hangupOnStar();
        sw.heard(this, "bridged", target);
    }

    /**
     * Connects this leg to {@code otherUuid} (an answered outbound leg): both transcripts say {@code bridged}; the
     * other leg's phone hangs up after its talk time, or when this side's far end is told to hang up.
     */
    @Override
    public CompletableFuture<Void> connect(String otherUuid) {
        CompletableFuture<Void> done = new CompletableFuture<>();
        inbox.execute(() -> {
            SimLeg other = sw.liveLeg(otherUuid);
            if (!alive || other == null) {
                done.completeExceptionally(new IllegalStateException("-ERR No such channel " + (alive ? otherUuid
                        : uuid)));
                return;
            }
            partner = other;
            sw.heard(this, "bridged", other.number);
            other.inbox.execute(() -> other.connectedTo(this));
            done.complete(null);
        });
        return done;
    }

    /** In this (the called) leg's inbox: connected to {@code caller}; its phone talks, then hangs up. */
    private void connectedTo(SimLeg caller) {
        if (!alive) {
            caller.inbox.execute(() -> caller.unbridged(this));
            return;
        }
        partner = caller;
        sw.heard(this, "bridged", caller.number);
        talking = sw.timers().schedule(talk, () -> inbox.execute(() -> gone("NORMAL_CLEARING")));
    }

    /** In the inbox: {@code other} left the connection (it hung up). */
    private void unbridged(SimLeg other) {
        if (partner == other) {
            partner = null;
            if (talking != null) {
                talking.cancel();
            }
            if (alive) {
                sw.heard(this, "unbridged", other.number);
            }
        }
    }

    @Override
    public CompletableFuture<ConferenceResult> conference(String roomName, Member member) {
        return queued(false, s -> {
            s.conference = true;
            SimRoom r = sw.room(roomName);
            s.finish = () -> {
                r.hungUp(this);
                s.done.complete(new ConferenceResult("hangup"));
            };
            r.enter(this, member, reason -> inbox.execute(() -> s.done.complete(new ConferenceResult(reason))));
        });
    }

    @Override
    public CompletableFuture<RecordResult> record(String path, Duration maxLength, boolean beep) {
        return queued(false, s -> {
            if (beep) {
                sw.heard(this, "beep", null);
            }
            long start = sw.clock().millis();
            Duration speech = sw.speechTime().compareTo(maxLength) < 0 ? sw.speechTime() : maxLength;
            s.finish = () -> {
                long ms = Math.min(sw.clock().millis() - start, maxLength.toMillis());
                write(ms > 0 ? path : null, ms);
                s.done.complete(new RecordResult(path, ms));
            };
            s.timer = sw.timers().schedule(speech, () -> inbox.execute(() -> {
                long ms = speech.toMillis();
                write(path, ms);
                s.done.complete(new RecordResult(path, ms));
            }));
            sw.heard(this, "record", Path.of(path).getFileName().toString());
        });
    }

    @Override
    public CompletableFuture<Void> hangup(String cause) {
        CompletableFuture<Void> done = new CompletableFuture<>();
        inbox.execute(() -> {
            gone(cause == null ? "NORMAL_CLEARING" : cause);
            done.complete(null);
        });
        return done;
    }

    @Override
    public CompletableFuture<Void> reject(String reason) {
        return hangup("busy".equals(reason) ? "USER_BUSY" : "CALL_REJECTED");
    }

    // ---- what the simulated caller (or the far end) does; in the inbox ----

    void dtmf(char digit) {
        if (alive) {
            sw.heard(this, "dtmf", String.valueOf(digit));
            if (digit == '*' && current != null && current.starEnds && !current.done.isDone()) {
                // <Dial hangupOnStar>: the switch hangs the called party up; the key is not passed on
                current.timer.cancel();
                sw.heard(this, "hangup-on-star", null);
                current.finish.run();
                return;
            }
            sw.events().dtmf(uuid, digit);
        }
    }

    /** The far end of an answered bridge hangs up now; false when no bridge is up. */
    boolean farEndHangup() {
        if (partner != null) {
            SimLeg far = partner;
            far.inbox.execute(() -> far.gone("NORMAL_CLEARING"));
            return true;
        }
        if (current != null && current.finish != null && !current.media && !current.conference
                && !current.done.isDone()) {
            current.timer.cancel();
            current.finish.run();
            return true;
        }
        return false;
    }

    /** The leg is gone: a recording in progress keeps what was said; other operations never complete. */
    void gone(String cause) {
        if (!alive) {
            return;
        }
        alive = false;
        if (partner != null) {
            SimLeg other = partner;
            unbridged(other);
            other.inbox.execute(() -> other.unbridged(this));
        }
        if (current != null && !current.done.isDone()) {
            if (current.timer != null) {
                current.timer.cancel();
            }
            if (!current.media && current.finish != null) {
                current.finish.run();
            }
        }
        queue.clear();
        sw.heard(this, "hangup", cause);
        sw.events().hungUp(uuid, cause);
        sw.gone(this);
    }

    // ---- the queue ----

    @SuppressWarnings("unchecked")
    private <T> CompletableFuture<T> queued(boolean media, Consumer<Step> start) {
        Step step = new Step(media, start);
        inbox.execute(() -> {
            if (!alive) {
                step.done.completeExceptionally(new IllegalStateException("-ERR No such channel " + uuid));
                return;
            }
            queue.add(step);
            next();
        });
        return (CompletableFuture<T>) step.done;
    }

    private void next() {
        if ((current != null && !current.done.isDone()) || queue.isEmpty() || !alive) {
            return;
        }
        current = queue.poll();
        current.done.whenComplete((v, e) -> inbox.execute(this::next));
        if (stallNext) {
            stallNext = false;
            sw.heard(this, "stalled", null);
            return;
        }
        current.start.accept(current);
    }

    private void write(String path, long millis) {
        if (path == null) {
            return;
        }
        try {
            Wav.write(Path.of(path), millis);
        } catch (IOException e) {
            sw.heard(this, "error", "cannot write " + path + ": " + e.getMessage());
        }
    }

    Map<String, Object> state() {
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("legId", uuid);
        m.put("direction", direction);
        m.put("alive", alive);
        m.put("answered", answered);
        return m;
    }
}
