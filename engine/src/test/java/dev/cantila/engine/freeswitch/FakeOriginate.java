package dev.cantila.engine.freeswitch;

import java.time.Duration;
import java.util.UUID;

/**
 * {@code originate <dial string> <exten|&app()>} in the fake, with {@code mod_commands}' machine-readable answers:
 * {@code +OK <uuid>\n} once answered (the leg then parks), {@code -ERR <CAUSE>\n} otherwise. The new leg sends
 * {@code CHANNEL_PROGRESS} while it rings (not when it fails at once), honours {@code origination_uuid},
 * {@code origination_caller_id_number} and {@code originate_timeout}, and can be killed while ringing.
 */
final class FakeOriginate {
    private FakeOriginate() {
    }

    static String run(FakeFreeSwitch fs, String args) {
        String[] a = args.trim().split(" +");
        FakeDialString dial = FakeDialString.parse(a[0]);
        if (dial.legs().isEmpty()) {
            return "-USAGE: <call url> <exten>|&<application_name>(<app_args>)\n";
        }
        FakeDialString.Leg leg = dial.legs().get(0);
        String uuid = or(leg.var("origination_uuid", dial.globals()), UUID.randomUUID().toString());
        String from = or(leg.var("origination_caller_id_number", dial.globals()), "0000000000");
        Duration timeout = Duration.ofSeconds(Long.parseLong(or(leg.var("originate_timeout", dial.globals()), "60")));
        FakeFreeSwitch.Outcome o = fs.originateOutcome(leg.number());
        FakeChannel ch = fs.channel(uuid, false, from, leg.number(), leg.endpoint());
        if (o.kind() != FakeFreeSwitch.Outcome.Kind.FAILED) {
            ch.progress();
        }
        boolean tooLate = o.after().compareTo(timeout) > 0;
        String stop = ch.await(tooLate ? timeout : o.after());
        String cause;
        if (stop != null) {
            cause = "ORIGINATOR_CANCEL";
        } else if (tooLate) {
            cause = "NO_ANSWER";
        } else {
            cause = switch (o.kind()) {
                case ANSWERED -> null;
                case BUSY -> "USER_BUSY";
                case NO_ANSWER -> "NO_ANSWER";
                case FAILED -> "NO_ROUTE_DESTINATION";
            };
        }
        if (cause == null) {
            ch.answer();
            ch.park();
            if (!o.talk().isZero() && o.talk().toSeconds() < 3600) {
                Thread.ofVirtual().start(() -> {
                    FakeFreeSwitch.pause(o.talk());
                    ch.kill("NORMAL_CLEARING");
                });
            }
            return "+OK " + uuid + "\n";
        }
        ch.finish(cause);
        return "-ERR " + cause + "\n";
    }

    private static String or(String v, String dflt) {
        return v == null || v.isBlank() ? dflt : v;
    }
}
