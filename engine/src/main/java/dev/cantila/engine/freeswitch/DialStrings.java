package dev.cantila.engine.freeswitch;

import java.time.Duration;
import java.util.List;
import java.util.regex.Pattern;

/**
 * Dial strings and app arguments built from domain values, validated so that nothing a script passes can inject
 * variables or extra legs ({@code { } [ ] | , '} and whitespace are refused in targets).
 *
 * <p>Targets: an E.164 number ({@code +14155550100}) or bare digits go out through the configured sofia gateway
 * as digits without the {@code +} ({@code sofia/gateway/carrier/14155550100}), which is what most SIP trunks
 * expect in the Request-URI; anything containing {@code /} is taken as a FreeSWITCH endpoint as is
 * ({@code user/1000}, {@code sofia/internal/1000@pbx.example}). Caller ids are digits, the {@code +} dropped too.
 */
final class DialStrings {
    private static final Pattern NUMBER = Pattern.compile("\\+?[0-9]{2,20}");
    private static final Pattern ENDPOINT = Pattern.compile("[A-Za-z0-9_.@:/%+*#=;-]+");
    private static final Pattern CAUSE = Pattern.compile("[A-Z][A-Z0-9_]{1,63}");
    private static final Pattern PATH = Pattern.compile("[^\\s',{}\\[\\]|\"]+");

    private DialStrings() {
    }

    static String endpoint(String target, String gateway) {
        String t = target == null ? "" : target.trim();
        if (NUMBER.matcher(t).matches()) {
            return "sofia/gateway/" + gateway + "/" + digits(t);
        }
        if (t.indexOf('/') > 0 && ENDPOINT.matcher(t).matches()) {
            return t;
        }
        throw new IllegalArgumentException("not a dialable target: '" + target + "' (an E.164 number like "
                + "+14155550100, or a FreeSWITCH endpoint like user/1000)");
    }

    static String callerId(String number) {
        String n = number == null ? "" : number.trim();
        if (!NUMBER.matcher(n).matches()) {
            throw new IllegalArgumentException("caller id must be an E.164 number or digits, got '" + number + "'");
        }
        return digits(n);
    }

    /** A path FreeSWITCH can record to, safe inside a quoted dial-string variable. */
    static String recordPath(String path) {
        if (path == null || !PATH.matcher(path).matches()) {
            throw new IllegalArgumentException("recording path must not contain spaces, quotes, commas, brackets "
                    + "or '|': '" + path + "'");
        }
        return path;
    }

    /**
     * The bridge argument: global variables in {@code {}} (caller id, recording started when a target answers),
     * then one {@code [leg_timeout=N,origination_uuid=U]endpoint} per target joined by {@code |} (sequential
     * failover: each target rings for the whole timeout). {@code legUuids} are ours, so the
     * {@code CHANNEL_BRIDGE}'s {@code Other-Leg-Unique-ID} tells which target answered.
     */
    static String bridge(List<String> endpoints, List<String> legUuids, Duration timeout, String callerId,
                         String recordPath) {
        return bridge(endpoints, legUuids, timeout, callerId, recordPath, false);
    }

    /** @param simultaneous targets separated by {@code ,} (ring at once) instead of {@code |} (in turn) */
    static String bridge(List<String> endpoints, List<String> legUuids, Duration timeout, String callerId,
                         String recordPath, boolean simultaneous) {
        return bridge(endpoints, legUuids, timeout, callerId, recordPath, simultaneous, null, null);
    }

    /**
     * @param timeLimit null, or how long an answered target may talk: {@code api_on_answer} schedules its hangup
     *                  ({@code sched_hangup +seconds <its uuid>}), which ends the bridge and leaves our leg up
     * @param digits    null, or per endpoint the DTMF it is sent once it answers (null entry: none), with
     *                  {@code execute_on_answer_dtmf='send_dtmf …'} (FreeSWITCH runs every variable that starts with
     *                  {@code execute_on_answer}, so a recording's own one still runs)
     */
    static String bridge(List<String> endpoints, List<String> legUuids, Duration timeout, String callerId,
                         String recordPath, boolean simultaneous, Duration timeLimit, List<String> digits) {
        StringBuilder sb = new StringBuilder();
        StringBuilder globals = new StringBuilder();
        if (callerId != null) {
            globals.append("origination_caller_id_number=").append(callerId);
        }
        if (recordPath != null) {
            globals.append(globals.isEmpty() ? "" : ",").append("execute_on_answer='record_session ")
                    .append(recordPath).append("'");
        }
        if (!globals.isEmpty()) {
            sb.append('{').append(globals).append('}');
        }
        long seconds = Math.max(1, timeout.toSeconds());
        for (int i = 0; i < endpoints.size(); i++) {
            sb.append(i == 0 ? "" : simultaneous ? "," : "|").append("[leg_timeout=").append(seconds).append(",origination_uuid=")
                    .append(legUuids.get(i));
            if (timeLimit != null) {
                sb.append(",api_on_answer='sched_hangup +").append(Math.max(1, timeLimit.toSeconds())).append(' ')
                        .append(legUuids.get(i)).append('\'');
            }
            String dtmf = digits == null ? null : digits.get(i);
            if (dtmf != null) {
                if (!dtmf.matches("[0-9*#wW]{1,64}")) {
                    throw new IllegalArgumentException("sendDigits may only have 0-9, *, # and w");
                }
                sb.append(",execute_on_answer_dtmf='send_dtmf ").append(dtmf).append('\'');
            }
            sb.append(']').append(endpoints.get(i));
        }
        return sb.toString();
    }

    /** {@code originate {vars}endpoint &park()}: answered legs wait parked for our sendmsg. */
    static String originate(String uuid, String callerId, String endpoint, Duration timeout) {
        return "originate {origination_uuid=" + uuid + ",origination_caller_id_number=" + callerId
                + ",originate_timeout=" + Math.max(1, timeout.toSeconds()) + "}" + endpoint + " &park()";
    }

    /** The hangup cause for {@link dev.cantila.engine.voice.Leg#reject}. */
    static String rejectCause(String reason) {
        return switch (reason == null ? "" : reason) {
            case "busy" -> "USER_BUSY";
            case "rejected" -> "CALL_REJECTED";
            default -> throw new IllegalArgumentException("reject reason must be 'busy' or 'rejected', got '"
                    + reason + "'");
        };
    }

    /** A hangup cause name ({@code NORMAL_CLEARING}); null means NORMAL_CLEARING. */
    static String cause(String cause) {
        String c = cause == null || cause.isBlank() ? "NORMAL_CLEARING" : cause.trim();
        if (!CAUSE.matcher(c).matches()) {
            throw new IllegalArgumentException("hangup cause must be a FreeSWITCH cause name like NORMAL_CLEARING, "
                    + "got '" + cause + "'");
        }
        return c;
    }

    private static String digits(String number) {
        return number.startsWith("+") ? number.substring(1) : number;
    }
}
