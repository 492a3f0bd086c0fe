/**
 * Voice: calls, their state machine and timeline, call sessions that run {@code onCall} handlers, voicemail,
 * outbound calls. Everything here talks to the network only through {@link dev.cantila.engine.voice.VoiceSwitch}
 * (FreeSWITCH over ESL in {@code dev.cantila.engine.freeswitch}, or the {@link dev.cantila.engine.voice.SimulatedSwitch}),
 * so the same call-session code runs on both.
 *
 * <p>Where to start reading: {@link dev.cantila.engine.voice.VoiceModule} (the wiring),
 * {@link dev.cantila.engine.voice.VoiceCalls} (switch events in, admission, outbound, hangup, reconcile),
 * {@code LiveCall} (one call: its inbox, the helpers a handler awaits, how a call ends exactly once; its parts
 * {@code CallInput}, {@code CallRecordings}, {@code CallForwarding}, {@code CallConference}; {@code ScreenedDial}:
 * a TwiML {@code <Dial>} whose numbers hear a whisper, each a child call connected with {@code Leg#connect}),
 * {@link dev.cantila.engine.voice.CallStatus} (the state machine) and {@code CallStore} (CAS moves, the timeline,
 * {@code call.*} webhooks in the same transaction). Handlers: {@code CallRouter} (script, forward, voicemail) and
 * {@code UrlActions} (a URL's JSON actions). Threading: the switch's event thread only posts to a call's
 * {@code Inbox}; timers ({@link dev.cantila.engine.voice.Timers}) are injected, so tests advance them.
 *
 * <p>Conferences: the state is {@link dev.cantila.engine.conference.Conferences}' (its own package);
 * {@code CallConference} joins a call and puts its leg in the switch's room ({@link dev.cantila.engine.voice.Leg#conference};
 * on the simulated switch {@code SimRoom}: who hears whom), {@code ConferenceMedia} mutes and kicks for the API.
 *
 * <p>Several engine instances on one database and switch: {@code LegClaims} (which instance runs which leg, the
 * instances' leases) and {@code ForeignCalls} (hanging up another instance's call, ending a dead instance's calls).
 */
package dev.cantila.engine.voice;
