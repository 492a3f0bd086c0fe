package dev.cantila.engine.freeswitch;

import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.UUID;

/**
 * What the fake's dialplan apps do while a channel runs them. Each returns the {@code Application-Response}; the
 * channel fires {@code CHANNEL_EXECUTE_COMPLETE} after, with whatever channel variables the app set (bridge:
 * {@code originate_disposition}, {@code DIALSTATUS}, {@code bridge_hangup_cause}, {@code last_bridge_to}; record:
 * {@code record_ms}, {@code record_seconds}).
 */
final class FakeApps {
    private FakeApps() {
    }

    static String run(FakeChannel ch, FakeFreeSwitch fs, String app, String arg) {
        return switch (app) {
            case "answer" -> {
                ch.answer();
                yield "_none_";
            }
            case "speak" -> {
                ch.await(fs.mediaDuration());
                yield "_none_";
            }
            case "playback" -> {
                ch.await(fs.mediaDuration());
                yield "FILE PLAYED";
            }
            case "sleep" -> {
                ch.await(Duration.ofMillis(Long.parseLong(arg.trim())));
                yield "_none_";
            }
            case "set" -> {
                int eq = arg.indexOf('=');
                ch.var(arg.substring(0, eq), arg.substring(eq + 1));
                yield "_none_";
            }
            case "unset" -> {
                ch.unset(arg.trim());
                yield "_none_";
            }
            case "record" -> record(ch, fs, arg);
            case "conference" -> fs.conferences().join(ch, arg);
            case "bridge" -> bridge(ch, fs, arg);
            case "hangup" -> {
                ch.kill(arg == null || arg.isBlank() ? "NORMAL_CLEARING" : arg.trim());
                yield "_none_";
            }
            default -> "_none_";
        };
    }

    /** {@code record <path> [<max secs> <silence thresh> <silence hits>]}: ends on time, a terminator, break or hangup. */
    private static String record(FakeChannel ch, FakeFreeSwitch fs, String arg) {
        String path = arg.trim().split(" ")[0];
        String stop = ch.await(fs.recordTime());
        long ms = fs.recordedMillis();
        ch.var("record_ms", Long.toString(ms));
        ch.var("record_seconds", Long.toString(ms / 1000));
        if (stop != null && stop.startsWith("terminator:")) {
            ch.var("playback_terminator_used", stop.substring("terminator:".length()));
        }
        ch.fire("RECORD_STOP", Map.of("Record-File-Path", path));
        return "_none_";
    }

    /** {@code bridge <dial string>}: each target in turn, as scripted with {@link FakeFreeSwitch#bridgeOutcome}. */
    private static String bridge(FakeChannel ch, FakeFreeSwitch fs, String arg) {
        FakeDialString dial = FakeDialString.parse(arg);
        for (FakeDialString.Leg leg : dial.legs()) {
            FakeFreeSwitch.Outcome o = fs.bridgeOutcome(leg.number());
            Duration limit = Duration.ofSeconds(Long.parseLong(orDefault(leg.var("leg_timeout", dial.globals()),
                    orDefault(dial.globals().get("originate_timeout"), "60"))));
            boolean tooLate = o.after().compareTo(limit) > 0;
            if (ch.await(tooLate ? limit : o.after()) != null) {
                setDisposition(ch, "ORIGINATOR_CANCEL", "CANCEL");
                return "_none_";
            }
            if (o.kind() == FakeFreeSwitch.Outcome.Kind.ANSWERED && !tooLate) {
                talk(ch, dial, leg, o);
                return "_none_";
            }
            switch (tooLate ? FakeFreeSwitch.Outcome.Kind.NO_ANSWER : o.kind()) {
                case BUSY -> setDisposition(ch, "USER_BUSY", "BUSY");
                case NO_ANSWER -> setDisposition(ch, "NO_ANSWER", "NOANSWER");
                default -> setDisposition(ch, "NO_ROUTE_DESTINATION", "CHANUNAVAIL");
            }
        }
        return "_none_";
    }

    private static void talk(FakeChannel ch, FakeDialString dial, FakeDialString.Leg leg, FakeFreeSwitch.Outcome o) {
        String other = orDefault(leg.var("origination_uuid", dial.globals()), UUID.randomUUID().toString());
        String onAnswer = leg.var("execute_on_answer", dial.globals());
        if (onAnswer != null) {
            int space = onAnswer.indexOf(' ');
            ch.log.add(new FakeFreeSwitch.Executed(space < 0 ? onAnswer : onAnswer.substring(0, space),
                    space < 0 ? null : onAnswer.substring(space + 1)));
        }
        String dtmf = leg.var("execute_on_answer_dtmf", dial.globals());
        if (dtmf != null && dtmf.startsWith("send_dtmf ")) {
            ch.log.add(new FakeFreeSwitch.Executed("send_dtmf", dtmf.substring("send_dtmf ".length())));
        }
        Map<String, String> bridge = new LinkedHashMap<>();
        bridge.put("Bridge-A-Unique-ID", ch.uuid);
        bridge.put("Bridge-B-Unique-ID", other);
        bridge.put("Other-Type", "originatee");
        bridge.put("Other-Leg-Unique-ID", other);
        bridge.put("Other-Leg-Destination-Number", leg.number());
        ch.var("originate_disposition", "SUCCESS");
        ch.var("DIALSTATUS", "SUCCESS");
        ch.var("last_bridge_to", other);
        ch.var("bridge_channel", leg.endpoint());
        ch.fire("CHANNEL_BRIDGE", bridge);
        // api_on_answer='sched_hangup +N <uuid>' (a <Dial timeLimit>): the called party is hung up after N seconds
        String onAnswerApi = leg.var("api_on_answer", dial.globals());
        Duration talk = o.talk();
        if (onAnswerApi != null && onAnswerApi.startsWith("sched_hangup +")) {
            String n = onAnswerApi.substring("sched_hangup +".length()).split(" ")[0];
            Duration limit = Duration.ofSeconds(Long.parseLong(n));
            talk = talk.compareTo(limit) > 0 ? limit : talk;
        }
        boolean callerLeft = ch.await(talk) != null;
        ch.var("bridge_hangup_cause", callerLeft ? "ORIGINATOR_CANCEL" : "NORMAL_CLEARING");
        ch.fire("CHANNEL_UNBRIDGE", bridge);
    }

    private static void setDisposition(FakeChannel ch, String cause, String dialStatus) {
        ch.var("originate_disposition", cause);
        ch.var("DIALSTATUS", dialStatus);
        ch.var("originate_failed_cause", cause);
    }

    private static String orDefault(String v, String dflt) {
        return v == null || v.isBlank() ? dflt : v;
    }
}
