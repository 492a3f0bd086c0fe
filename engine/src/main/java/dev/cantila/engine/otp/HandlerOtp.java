package dev.cantila.engine.otp;

import dev.cantila.engine.core.ApiException;
import dev.cantila.runtime.host.HostActionException;
import dev.cantila.runtime.host.OtpHost;

import java.util.function.Supplier;

/**
 * A handler's {@code ctx.otp} for one project: {@link Otp#request} and {@link Otp#verify} exactly as
 * {@code POST …/sms/otp/request} and {@code …/verify} run them (limits, pumping guard, billing on approval, webhook
 * events), without an idempotency key or a client IP (the handler is the client). An {@link ApiException} reaches
 * the script as an error with the same machine code. Neither direction carries the code back to the script.
 * Called on the script's worker thread; the service is thread-safe.
 */
final class HandlerOtp implements OtpHost {
    private final Otp otp;
    private final String projectId;

    HandlerOtp(Otp otp, String projectId) {
        this.otp = otp;
        this.projectId = projectId;
    }

    @Override
    public Sent request(Request r) {
        Verification v = act(() -> otp.request(projectId, new Otp.Request(r.to(), r.channel(), r.codeLength(),
                r.ttlSeconds(), r.locale(), r.appName(), null, null, null, null), null).verification());
        return new Sent(v.id(), v.to(), v.channel(), v.status(), v.expiresAt().toString(), v.sends(), v.checksLeft());
    }

    @Override
    public Checked verify(String to, String code) {
        Verification v = act(() -> otp.verify(projectId, null, to, code));
        return new Checked(v.status(), v.checksLeft());
    }

    private static Verification act(Supplier<Verification> action) {
        try {
            return action.get();
        } catch (ApiException e) {
            throw new HostActionException(e.code(), e.getMessage());
        }
    }
}
