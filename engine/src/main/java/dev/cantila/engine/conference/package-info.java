/**
 * Conferences: named rooms a project's calls join with {@code call.conference(name, ...)} or TwiML
 * {@code <Dial><Conference>}. The state lives here, in the database, so every engine instance and the API see the
 * same thing; the audio lives on the switch (mod_conference on FreeSWITCH, a room with real state on the
 * simulated switch), driven by the voice package through {@link dev.cantila.engine.conference.Conferences.Media}.
 *
 * <p>Where to start reading: {@link dev.cantila.engine.conference.Conferences} (join, leave, mute, kick: the
 * rules of startOnEnter/endOnExit/maxParticipants), {@code ConferenceStatus} and {@code ParticipantStatus} (the two
 * state machines), {@code ConferenceStore} (compare-and-set moves, {@code conference.*} webhook events in the same
 * transaction), {@code ConferencesHttp} (the API). {@code TwilioCallbacks}: a TwiML {@code <Conference
 * statusCallback>}'s posts, collected in each move's transaction and sent after its commit. {@link
 * dev.cantila.engine.conference.DialIn}: a participant added by dialling out, placed by the voice package.
 */
package dev.cantila.engine.conference;
