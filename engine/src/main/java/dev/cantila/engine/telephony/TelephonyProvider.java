package dev.cantila.engine.telephony;

/**
 * How messages (and, from issue #4, calls) reach the network. Two implementations: the simulated carrier
 * ({@code stub}, the default and what tests use) and FreeSWITCH over ESL.
 *
 * <p>Contract for {@link #submitSms}: idempotent per message id. After a crash the engine may submit a message
 * again that the provider already accepted; the provider must then answer with the first submission and not
 * send it twice. Status reports arrive later through the {@link SmsStatusListener} given to {@link #listen}.
 */
public interface TelephonyProvider extends AutoCloseable {

    /** @throws CarrierException when the provider refuses the message (see {@link CarrierException#retryable()}) */
    SmsSubmission submitSms(OutboundSms sms);

    /** Names the receiver of status reports. Called once, at wiring time, before {@link #start()}. */
    void listen(SmsStatusListener listener);

    /** Starts the provider's background work: delivering reports, including those owed from before a restart. */
    void start();

    @Override
    void close();

    /** One outbound SMS as handed to the network. {@code senderType} is the sending number's type (pacing). */
    record OutboundSms(String messageId, String from, String to, String body, int segments, String senderType) {
    }

    /** The provider's receipt for an accepted message. */
    record SmsSubmission(String carrierId) {
    }

    /** Receives status reports: {@code sent}, then {@code delivered} or {@code undelivered} (with an error code). */
    interface SmsStatusListener {
        void onSmsStatus(String messageId, String status, String errorCode, String detail);
    }
}
