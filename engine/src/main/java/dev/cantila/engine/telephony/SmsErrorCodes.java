package dev.cantila.engine.telephony;

/**
 * Every error code the engine itself writes into a message's {@code errorCode} ({@code sms_messages.error_code}):
 * its own, and those of the carriers it drives. Codes a real carrier reports, and the ones configured for the
 * simulated carrier ({@code cantila.carrier.failures}, checked in {@code Settings}), must fit {@link #MAX_LENGTH}
 * too. {@code ColumnWidthsTest} checks every constant here against the migrated schema, so a code that would not fit
 * its column (and make the status write fail) cannot be added unnoticed.
 */
public final class SmsErrorCodes {
    /** The width of {@code sms_messages.error_code} and {@code sim_carrier_submissions.error_code} (V21). */
    public static final int MAX_LENGTH = 32;

    /** The recipient texted STOP after the message was queued (the API refuses new ones with the same code). */
    public static final String RECIPIENT_OPTED_OUT = "recipient_opted_out";
    /** The dispatcher could not record the message's progress, after a bounded number of attempts. */
    public static final String INTERNAL_ERROR = "internal_error";
    /** The carrier refused for throughput; retried, so only ever seen in an event's detail. */
    public static final String THROUGHPUT_EXCEEDED = "throughput_exceeded";
    /** FreeSWITCH refused the chat command. */
    public static final String SWITCH_REFUSED = "switch_refused";
    /** No FreeSWITCH node connected; retried. */
    public static final String SWITCH_UNAVAILABLE = "switch_unavailable";
    /** The chat command was interrupted: it may have been sent, so it is not sent again. */
    public static final String OUTCOME_UNKNOWN = "outcome_unknown";

    /** A2P: a US local number sent to a US number without a registered 10DLC campaign (enforcement on). */
    public static final String UNREGISTERED_10DLC = "unregistered_10dlc";
    /** A2P: a US local number registered to a campaign whose brand the registry suspended (enforcement on). */
    public static final String BRAND_SUSPENDED = "brand_suspended";
    /** A2P: a toll-free number sent to a US number without an approved toll-free verification. */
    public static final String UNVERIFIED_TOLLFREE = "unverified_tollfree";

    private SmsErrorCodes() {
    }
}
