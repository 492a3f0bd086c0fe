/**
 * One-time codes (OTP / 2FA): {@code POST …/sms/otp/request} sends a code, {@code …/otp/verify} checks it.
 *
 * <p>Start reading at {@link dev.cantila.engine.otp.Otp} (the service: request, verify, cancel, expiry), then
 * {@link dev.cantila.engine.otp.OtpStatus} (the state machine; every move is a compare-and-set in
 * {@link dev.cantila.engine.otp.OtpStore}). Secrets: {@link dev.cantila.engine.otp.OtpSecret} keys the code hashes
 * and seals what must be repeated (the code for a re-send, the SMS text for the carrier) with an install secret
 * kept outside the database. Abuse: {@link dev.cantila.engine.otp.OtpLimits} (rate limits, geo permissions) and
 * {@link dev.cantila.engine.otp.PumpingGuard} (SMS-pumping detection per destination prefix). Texts:
 * {@link dev.cantila.engine.otp.OtpTemplates}. Channels: sms (through the one SMS send path), call
 * ({@link dev.cantila.engine.otp.OtpCalls}, a program of the voice stack that opens the sealed code only while
 * speaking it) and auto (SMS, then {@link dev.cantila.engine.otp.Otp#fallBack} places the call from the sweep).
 * At most one pending verification per destination: the {@code otp_pending} key. Handlers reach the service as
 * {@code ctx.otp} through {@link dev.cantila.engine.otp.HandlerOtp}. Webhook events: {@link dev.cantila.engine.otp.OtpEvents}, written in
 * the transaction of the move they report, never carrying the code.
 */
package dev.cantila.engine.otp;
