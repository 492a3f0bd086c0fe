package dev.cantila.engine.voice;

/**
 * What the network tells the voice domain. Implemented by the domain, called by a {@link VoiceSwitch} in per-leg
 * order. Implementations return quickly: they post work to the call's own inbox, they never run a script here.
 */
public interface SwitchEvents {

    /**
     * A new inbound leg waits for us, parked (FreeSWITCH {@code CHANNEL_PARK} of an inbound channel we have not
     * seen). {@code to} is the dialled number as the switch carries it: {@code +14155550100}, {@code 14155550100}
     * or a national form; the domain normalises it.
     *
     * @param node which switch (FreeSWITCH node name, or {@code sim}) holds the leg
     */
    void parked(String uuid, String from, String to, String node);

    /** The far end of an outbound leg is ringing ({@code CHANNEL_PROGRESS}/{@code _MEDIA}). */
    void ringing(String uuid);

    /** The leg was answered ({@code CHANNEL_ANSWER}). */
    void answered(String uuid);

    /** One DTMF digit ({@code 0-9 * # A-D}) arrived on the leg. */
    void dtmf(String uuid, char digit);

    /** The leg is gone ({@code CHANNEL_HANGUP_COMPLETE}, or found dead when reconciling), with its hangup cause. */
    void hungUp(String uuid, String cause);

    /**
     * An SMS arrived through the switch (FreeSWITCH {@code MESSAGE} event): into the normal inbound SMS pipeline.
     *
     * @param eventKey names this event on the switch, the same for every engine instance connected to it
     *                 (FreeSWITCH: {@code Core-UUID/Event-Sequence}), so one instance takes it; null when unknown
     */
    void sms(String eventKey, String from, String to, String body);
}
