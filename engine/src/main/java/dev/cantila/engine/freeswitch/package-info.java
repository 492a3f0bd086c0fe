/**
 * FreeSWITCH over the event socket (inbound ESL mode): our own small client on plain sockets and the
 * {@link dev.cantila.engine.voice.VoiceSwitch} built on it.
 *
 * <p>Start reading at {@link dev.cantila.engine.freeswitch.FreeSwitchSwitch} (the seam the voice domain uses: events
 * to {@code SwitchEvents}, leg operations to {@code sendmsg} executes) and {@link dev.cantila.engine.freeswitch.FreeSwitchSettings}.
 * {@code FreeSwitchLeg} builds each operation, {@code LegState} runs a leg's operations one at a time,
 * {@code Legs} tracks legs and ends each exactly once, {@code DialStrings} builds validated dial strings,
 * {@code FreeSwitchConferences} drives mod_conference (member ids from {@code conference::maintenance}).
 * Underneath: {@code EslClient} (one node: connect, auth, subscribe, reconnect with backoff, deadlines, correlation
 * of {@code bgapi} by {@code Job-UUID} and of executes by {@code Event-UUID}), {@code EslConnection} (one socket: one
 * reader thread, replies matched strictly in order) and {@code EslCodec} (framing and URL coding, tested with canned
 * frames from {@code reference/freeswitch-esl.md}). Tests run against {@code FakeFreeSwitch}, a TCP server that
 * speaks the same protocol.
 */
package dev.cantila.engine.freeswitch;
