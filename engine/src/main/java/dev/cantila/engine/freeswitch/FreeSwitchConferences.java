package dev.cantila.engine.freeswitch;

import dev.cantila.engine.voice.Leg;
import dev.cantila.engine.voice.VoiceSwitch;

import java.util.Map;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.regex.Pattern;

/**
 * Conferences over mod_conference. A leg joins with the {@code conference} application,
 * {@code <room>@default++flags{moderator|endconf|mute}}: {@code moderator} for a startOnEnter member, with the
 * conference flag {@code wait-mod} (channel variable {@code conference_flags}, read when the conference is created)
 * so the others hear hold music ({@code conference_moh_sound}: the waitUrl) until one is in; {@code endconf} for
 * endOnExit (mod_conference then ends the conference, and every member's application returns). Mute, unmute and
 * kick are {@code api conference <room> mute|unmute|kick <member-id>}; the member id of each leg comes from the
 * {@code CUSTOM conference::maintenance} events ({@code Action: add-member / del-member}, {@code Member-ID},
 * {@code Unique-ID}), kept here by leg UUID.
 *
 * <p>Why the application returned: a kick sent by us marks the leg first ({@code kicked}); otherwise the conference
 * ended under it ({@code conference-ended}). A leg that hung up fails its operation as every operation does.
 * Threading: maps are concurrent; events arrive on the ESL reader thread.
 */
final class FreeSwitchConferences {
    static final String SUBCLASS = "conference::maintenance";
    private static final Pattern ROOM = Pattern.compile("[A-Za-z0-9_.-]{1,64}");

    private final FreeSwitchSwitch sw;
    private final Map<String, String> memberIds = new ConcurrentHashMap<>();
    private final Set<String> kicked = ConcurrentHashMap.newKeySet();

    FreeSwitchConferences(FreeSwitchSwitch sw) {
        this.sw = sw;
    }

    /** The {@code conference} application's argument; the room is our conference id (no dial-string syntax). */
    static String appArg(String room, Leg.Member m) {
        if (!ROOM.matcher(room).matches()) {
            throw new IllegalArgumentException("conference room '" + room + "' is not a safe name");
        }
        StringBuilder flags = new StringBuilder();
        if (m.startOnEnter()) {
            flags.append("moderator");
        }
        if (m.endOnExit()) {
            flags.append(flags.isEmpty() ? "" : "|").append("endconf");
        }
        if (m.muted()) {
            flags.append(flags.isEmpty() ? "" : "|").append("mute");
        }
        return room + "@default" + (flags.isEmpty() ? "" : "++flags{" + flags + "}");
    }

    /** A {@code CUSTOM} event (reader thread). */
    void event(EslEvent e) {
        if (!SUBCLASS.equals(e.get("Event-Subclass")) || e.uuid() == null) {
            return;
        }
        String action = e.get("Action");
        if ("add-member".equals(action) && e.get("Member-ID") != null) {
            memberIds.put(e.uuid(), e.get("Member-ID"));
        } else if ("del-member".equals(action)) {
            memberIds.remove(e.uuid());
        }
    }

    /** The member id of the leg in its conference, or null. */
    String memberId(String uuid) {
        return memberIds.get(uuid);
    }

    /** How the leg's conference application ended (it returned while the leg is up). */
    Leg.ConferenceResult left(String uuid) {
        memberIds.remove(uuid);
        return new Leg.ConferenceResult(kicked.remove(uuid) ? "kicked" : "conference-ended");
    }

    CompletableFuture<Void> member(String room, String uuid, VoiceSwitch.MemberAction action) {
        String id = memberIds.get(uuid);
        if (id == null) {
            return CompletableFuture.completedFuture(null); // not (or no longer) in the room
        }
        if (!ROOM.matcher(room).matches()) {
            return CompletableFuture.failedFuture(new IllegalArgumentException("unsafe room " + room));
        }
        String verb = switch (action) {
            case MUTE -> "mute";
            case UNMUTE -> "unmute";
            case KICK -> "kick";
        };
        if (action == VoiceSwitch.MemberAction.KICK) {
            kicked.add(uuid);
        }
        // a refusal (-ERR, e.g. the member left meanwhile) fails the future with FreeSWITCH's text
        return sw.state(uuid).thenCompose(st -> st.node.api("conference " + room + " " + verb + " " + id))
                .whenComplete((body, e) -> {
                    if (e != null) {
                        kicked.remove(uuid);
                    }
                }).thenApply(body -> null);
    }
}
