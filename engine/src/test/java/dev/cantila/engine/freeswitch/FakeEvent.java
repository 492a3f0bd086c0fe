package dev.cantila.engine.freeswitch;

import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.LinkedHashMap;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.atomic.AtomicLong;

/**
 * One event the fake FreeSWITCH fires, serialized as {@code switch_event_serialize} does (reference §5.3): every
 * header {@code Name: <url-encoded value>}, an empty value as {@code _undef_}, then either {@code Content-Length} +
 * empty line + body, or one more empty line. The outer frame puts {@code Content-Length} before
 * {@code Content-Type}, as {@code mod_event_socket} does for events. The bytes are built once and shared by every
 * connection the event goes to.
 */
final class FakeEvent {
    private static final DateTimeFormatter LOCAL = DateTimeFormatter.ofPattern("yyyy-MM-dd HH:mm:ss");
    private static final DateTimeFormatter GMT = DateTimeFormatter.ofPattern("EEE, dd MMM yyyy HH:mm:ss 'GMT'",
            Locale.ROOT);
    private static final AtomicLong SEQUENCE = new AtomicLong(400);

    /** Where FreeSWITCH fires each event from ({@code Event-Calling-*}). */
    private static final Map<String, String[]> ORIGIN = Map.ofEntries(
            Map.entry("CHANNEL_PARK", new String[]{"switch_ivr.c", "switch_ivr_park", "1002"}),
            Map.entry("CHANNEL_ANSWER", new String[]{"switch_channel.c", "switch_channel_perform_mark_answered", "3858"}),
            Map.entry("CHANNEL_PROGRESS", new String[]{"switch_channel.c", "switch_channel_perform_mark_ring_ready_value", "3593"}),
            Map.entry("CHANNEL_PROGRESS_MEDIA", new String[]{"switch_channel.c", "switch_channel_perform_mark_pre_answered", "3704"}),
            Map.entry("CHANNEL_EXECUTE", new String[]{"switch_core_session.c", "switch_core_session_exec", "2923"}),
            Map.entry("CHANNEL_EXECUTE_COMPLETE", new String[]{"switch_core_session.c", "switch_core_session_exec", "2963"}),
            Map.entry("CHANNEL_BRIDGE", new String[]{"switch_ivr_bridge.c", "switch_ivr_multi_threaded_bridge", "1637"}),
            Map.entry("CHANNEL_UNBRIDGE", new String[]{"switch_ivr_bridge.c", "switch_ivr_multi_threaded_bridge", "1797"}),
            Map.entry("CHANNEL_HANGUP", new String[]{"switch_channel.c", "switch_channel_perform_hangup", "3349"}),
            Map.entry("CHANNEL_HANGUP_COMPLETE", new String[]{"switch_core_state_machine.c", "switch_core_session_reporting_state", "946"}),
            Map.entry("DTMF", new String[]{"switch_channel.c", "switch_channel_dequeue_dtmf", "684"}),
            Map.entry("RECORD_STOP", new String[]{"switch_ivr_play_say.c", "switch_ivr_record_file_event", "1015"}),
            Map.entry("BACKGROUND_JOB", new String[]{"mod_event_socket.c", "api_exec", "1578"}),
            Map.entry("MESSAGE", new String[]{"switch_loadable_module.c", "chat_process_event", "921"}));

    final String name;
    final Map<String, String> headers;
    final String body;
    private byte[] frame;

    FakeEvent(Map<String, String> headers, String body) {
        this.headers = headers;
        this.name = headers.get("Event-Name");
        this.body = body;
    }

    /** The standard first headers ({@code switch_event_prep_for_delivery_detailed}), in FreeSWITCH's order. */
    static Map<String, String> standard(String eventName, String coreUuid, String hostname) {
        Map<String, String> h = new LinkedHashMap<>();
        Instant now = Instant.now();
        String[] origin = ORIGIN.getOrDefault(eventName, new String[]{"switch_event.c", "switch_event_fire_detailed", "2000"});
        h.put("Event-Name", eventName);
        h.put("Core-UUID", coreUuid);
        h.put("FreeSWITCH-Hostname", hostname);
        h.put("FreeSWITCH-Switchname", hostname);
        h.put("FreeSWITCH-IPv4", "127.0.0.1");
        h.put("FreeSWITCH-IPv6", "::1");
        h.put("Event-Date-Local", LOCAL.format(now.atZone(ZoneOffset.UTC)));
        h.put("Event-Date-GMT", GMT.format(now.atZone(ZoneOffset.UTC)));
        h.put("Event-Date-Timestamp", Long.toString(now.getEpochSecond() * 1_000_000 + now.getNano() / 1000));
        h.put("Event-Calling-File", origin[0]);
        h.put("Event-Calling-Function", origin[1]);
        h.put("Event-Calling-Line-Number", origin[2]);
        h.put("Event-Sequence", Long.toString(SEQUENCE.incrementAndGet()));
        return h;
    }

    /** The serialized event (what goes after the outer header block). */
    static String serialize(Map<String, String> headers, String body) {
        StringBuilder sb = new StringBuilder(headers.size() * 48);
        headers.forEach((k, v) -> sb.append(k).append(": ")
                .append(v == null || v.isEmpty() ? EslCodec.UNDEF : EslCodec.urlEncode(v)).append('\n'));
        if (body != null && !body.isEmpty()) {
            sb.append("Content-Length: ").append(body.getBytes(StandardCharsets.UTF_8).length).append("\n\n").append(body);
        } else {
            sb.append('\n');
        }
        return sb.toString();
    }

    /** The whole frame as written to a connection. */
    synchronized byte[] frame() {
        if (frame == null) {
            byte[] serialized = serialize(headers, body).getBytes(StandardCharsets.UTF_8);
            byte[] head = ("Content-Length: " + serialized.length + "\nContent-Type: text/event-plain\n\n")
                    .getBytes(StandardCharsets.UTF_8);
            frame = new byte[head.length + serialized.length];
            System.arraycopy(head, 0, frame, 0, head.length);
            System.arraycopy(serialized, 0, frame, head.length, serialized.length);
        }
        return frame;
    }
}
