/**
 * Voice: calls, their state machine and timeline, call sessions that run {@code onCall} handlers, voicemail,
 * outbound calls. Everything here talks to the network only through {@link dev.cantila.engine.voice.VoiceSwitch}
 * (FreeSWITCH over ESL in {@code dev.cantila.engine.freeswitch}, or the simulated carrier), so the same call-session
 * code runs on both.
 */
package dev.cantila.engine.voice;
