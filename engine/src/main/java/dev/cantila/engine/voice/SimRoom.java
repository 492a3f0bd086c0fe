package dev.cantila.engine.voice;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Consumer;

/**
 * A conference room on the {@link SimulatedSwitch}, with the audio rules of mod_conference: until a startOnEnter
 * member is in, members hear wait audio and nobody hears anybody; after that every member hears every other member
 * who is not muted. An endOnExit member leaving takes everyone out. What each member hears is written to its leg's
 * transcript: {@code conference}, {@code wait}, {@code conference-start}, {@code beep}, {@code hears} ("call_…:
 * words"), {@code muted}/{@code unmuted}, {@code conference-left} (with the reason).
 *
 * <p>Threading: the members' legs each run in their own inbox; the room is shared, so its methods are synchronized.
 * A member's operation is completed through its {@code out} callback, which posts to that member's own inbox.
 */
final class SimRoom {
    private final SimulatedSwitch sw;
    private final String name;
    private final Map<String, InRoom> members = new LinkedHashMap<>();
    private boolean started;

    private static final class InRoom {
        final SimLeg leg;
        final Leg.Member member;
        final Consumer<String> out;
        boolean muted;

        InRoom(SimLeg leg, Leg.Member member, Consumer<String> out) {
            this.leg = leg;
            this.member = member;
            this.out = out;
            this.muted = member.muted();
        }
    }

    SimRoom(SimulatedSwitch sw, String name) {
        this.sw = sw;
        this.name = name;
    }

    /** {@code out} is told why the member left (kicked, conference-ended), unless it left by hanging up. */
    synchronized void enter(SimLeg leg, Leg.Member member, Consumer<String> out) {
        InRoom me = new InRoom(leg, member, out);
        members.put(leg.uuid, me);
        leg.room = this;
        boolean starts = !started && member.startOnEnter();
        sw.heard(leg, "conference", name + (started || starts ? "" : " (waiting)") + (me.muted ? " (muted)" : ""));
        if (starts) {
            started = true;
            others(me).forEach(o -> sw.heard(o.leg, "conference-start", member.label()));
        }
        if (!started) {
            sw.heard(leg, "wait", member.waitUrl() == null ? "hold music" : member.waitUrl());
        } else if (member.beep()) {
            others(me).forEach(o -> sw.heard(o.leg, "beep", member.label() + " joined"));
        }
    }

    /** The member's leg hung up. */
    synchronized void hungUp(SimLeg leg) {
        InRoom me = members.remove(leg.uuid);
        if (me != null) {
            out(me, "hangup", false);
        }
    }

    synchronized void kick(String uuid) {
        InRoom me = members.remove(uuid);
        if (me != null) {
            out(me, "kicked", true);
        }
    }

    synchronized void mute(String uuid, boolean muted) {
        InRoom me = members.get(uuid);
        if (me != null && me.muted != muted) {
            me.muted = muted;
            sw.heard(me.leg, muted ? "muted" : "unmuted", null);
        }
    }

    /** The member on {@code leg} says {@code text}: every other member hears it, unless muted or not started. */
    synchronized void speech(SimLeg leg, String text) {
        InRoom me = members.get(leg.uuid);
        if (me == null) {
            return;
        }
        if (!started || me.muted) {
            sw.heard(leg, "unheard", !started ? "the conference has not started" : "muted");
            return;
        }
        others(me).forEach(o -> sw.heard(o.leg, "hears", me.member.label() + ": " + text));
    }

    private void out(InRoom me, String reason, boolean tell) {
        me.leg.room = null;
        sw.heard(me.leg, "conference-left", reason);
        if (tell) {
            me.out.accept(reason);
        }
        if (started && me.member.beep()) {
            members.values().forEach(o -> sw.heard(o.leg, "beep", me.member.label() + " left"));
        }
        if (me.member.endOnExit()) {
            for (InRoom o : new ArrayList<>(members.values())) {
                members.remove(o.leg.uuid);
                o.leg.room = null;
                sw.heard(o.leg, "conference-left", "conference-ended");
                o.out.accept("conference-ended");
            }
        }
        if (members.isEmpty()) {
            sw.roomEmpty(name, this);
        }
    }

    private List<InRoom> others(InRoom me) {
        return members.values().stream().filter(o -> o != me).toList();
    }
}
