package dev.cantila.engine.freeswitch;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * mod_conference as the fake plays it: the {@code conference} app ({@code <room>@<profile>[+<pin>][+flags{a|b}]})
 * adds the channel as a member with the next member id and fires {@code CUSTOM conference::maintenance}
 * {@code add-member}; the app runs until the member is kicked, an {@code endconf} member leaves (everyone is let go)
 * or the channel hangs up, then fires {@code del-member}. {@code api conference <room> mute|unmute|kick <id>}
 * answers as mod_conference does ({@code OK mute 3}, {@code OK kicked 3}, {@code -ERR Conference <room> not found},
 * {@code Non-Existant ID 9}). Every member's flags and mute state are kept for the test to read.
 */
final class FakeConferences {
    /** A member: its channel, member id, flags as given, and whether it is muted now. */
    static final class Member {
        final FakeChannel channel;
        final String id;
        final List<String> flags;
        volatile boolean muted;

        Member(FakeChannel channel, String id, List<String> flags) {
            this.channel = channel;
            this.id = id;
            this.flags = flags;
            this.muted = flags.contains("mute");
        }
    }

    private final AtomicInteger ids = new AtomicInteger();
    private final Map<String, Map<String, Member>> rooms = new LinkedHashMap<>(); // guarded by this

    String join(FakeChannel ch, String arg) {
        String room = arg.substring(0, arg.indexOf('@') < 0 ? arg.length() : arg.indexOf('@'));
        int f = arg.indexOf("flags{");
        List<String> flags = f < 0 ? List.of() : List.of(arg.substring(f + 6, arg.indexOf('}', f)).split("\\|"));
        Member m = new Member(ch, Integer.toString(ids.incrementAndGet()), flags);
        synchronized (this) {
            rooms.computeIfAbsent(room, r -> new LinkedHashMap<>()).put(m.id, m);
        }
        maintenance(ch, room, m, "add-member");
        ch.await(null);
        List<Member> letGo = List.of();
        synchronized (this) {
            Map<String, Member> members = rooms.get(room);
            if (members != null) {
                members.remove(m.id);
                if (flags.contains("endconf")) {
                    letGo = List.copyOf(members.values());
                    members.clear();
                }
                if (members.isEmpty()) {
                    rooms.remove(room);
                }
            }
        }
        maintenance(ch, room, m, "del-member");
        letGo.forEach(o -> o.channel.stopApp("conference-ended"));
        return "_none_";
    }

    String api(String args) {
        String[] a = args.split(" +");
        if (a.length < 3) {
            return "-ERR Usage: conference <room> mute|unmute|kick <member-id>\n";
        }
        Member m;
        synchronized (this) {
            Map<String, Member> members = rooms.get(a[0]);
            if (members == null) {
                return "-ERR Conference " + a[0] + " not found\n";
            }
            m = members.get(a[2]);
        }
        if (m == null) {
            return "Non-Existant ID " + a[2] + "\n";
        }
        return switch (a[1]) {
            case "mute" -> {
                m.muted = true;
                yield "OK mute " + m.id + "\n";
            }
            case "unmute" -> {
                m.muted = false;
                yield "OK unmute " + m.id + "\n";
            }
            case "kick" -> {
                m.channel.stopApp("kicked");
                yield "OK kicked " + m.id + "\n";
            }
            default -> "-ERR Unknown command " + a[1] + "\n";
        };
    }

    /** The member on channel {@code uuid} of {@code room}, if in. */
    synchronized Member member(String room, String uuid) {
        Map<String, Member> members = rooms.getOrDefault(room, Map.of());
        return members.values().stream().filter(m -> m.channel.uuid.equals(uuid)).findFirst().orElse(null);
    }

    private static void maintenance(FakeChannel ch, String room, Member m, String action) {
        Map<String, String> h = new LinkedHashMap<>();
        h.put("Event-Subclass", FreeSwitchConferences.SUBCLASS);
        h.put("Conference-Name", room);
        h.put("Conference-Profile-Name", "default");
        h.put("Member-ID", m.id);
        h.put("Member-Type", m.flags.contains("moderator") ? "moderator" : "member");
        h.put("Action", action);
        ch.fire("CUSTOM", h);
    }
}
