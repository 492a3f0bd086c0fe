package dev.cantila.runtime.host;

/**
 * What a handler's {@code ctx.otp} does: one-time codes to a phone, implemented by the engine (the project's OTP
 * service: the same limits, billing and webhook events as {@code POST …/sms/otp/request}) and by the scripts
 * module's offline world. The code itself never crosses this seam towards the script: a request answers with the
 * verification, a check with its new state. Called on the invocation's worker thread only.
 *
 * <p>A refusal (rate limit, blocked prefix, expired, too many attempts, no pending code) is a
 * {@link HostActionException} whose code is the HTTP API's machine code; the script sees an {@code Error} with it.
 */
public interface OtpHost {

    /** {@code ctx.otp.request(to, opts)}; a null option takes the project's default. */
    record Request(String to, String channel, Integer codeLength, Integer ttlSeconds, String locale, String appName) {
    }

    /** The verification as the script sees it ({@code expiresAt} as ISO-8601 text). */
    record Sent(String id, String to, String channel, String status, String expiresAt, int sends, int checksLeft) {
    }

    /** The state after one check: {@code approved}, {@code pending} (wrong code), or how it ended. */
    record Checked(String status, int checksLeft) {
    }

    Sent request(Request request);

    /** Checks {@code code} against the newest verification sent to {@code to}. */
    Checked verify(String to, String code);

    /** For hosts that offer no codes (compile time, a host that predates them). */
    OtpHost NONE = new OtpHost() {
        @Override
        public Sent request(Request request) {
            throw new HostActionException("otp_unavailable", "ctx.otp is not available here");
        }

        @Override
        public Checked verify(String to, String code) {
            throw new HostActionException("otp_unavailable", "ctx.otp is not available here");
        }
    };
}
