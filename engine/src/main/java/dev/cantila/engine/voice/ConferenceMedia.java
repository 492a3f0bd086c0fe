package dev.cantila.engine.voice;

import dev.cantila.engine.conference.Conferences;

import java.util.logging.Level;
import java.util.logging.Logger;

/**
 * The conference domain's hands on the switch: mute, unmute and kick a member by its leg. Fire and forget: the
 * database already holds the new state, and a leg that is gone (or out of the room) needs nothing; a refusal is
 * logged with the peer's text.
 */
final class ConferenceMedia implements Conferences.Media {
    private static final Logger LOG = Logger.getLogger(ConferenceMedia.class.getName());

    private final VoiceSwitch voiceSwitch;

    ConferenceMedia(VoiceSwitch voiceSwitch) {
        this.voiceSwitch = voiceSwitch;
    }

    @Override
    public void mute(String room, String legUuid, boolean muted) {
        act(room, legUuid, muted ? VoiceSwitch.MemberAction.MUTE : VoiceSwitch.MemberAction.UNMUTE);
    }

    @Override
    public void kick(String room, String legUuid) {
        act(room, legUuid, VoiceSwitch.MemberAction.KICK);
    }

    private void act(String room, String legUuid, VoiceSwitch.MemberAction action) {
        voiceSwitch.conferenceMember(room, legUuid, action).whenComplete((v, e) -> {
            if (e != null) {
                LOG.log(Level.WARNING, "conference " + room + ": " + action + " of leg " + legUuid + " failed", e);
            }
        });
    }
}
