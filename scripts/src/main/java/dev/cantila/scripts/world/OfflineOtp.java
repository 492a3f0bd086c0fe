package dev.cantila.scripts.world;

import dev.cantila.runtime.host.HostActionException;
import dev.cantila.runtime.host.OtpHost;
import java.time.Instant;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.SplittableRandom;

/**
 * One-time codes in the offline world, modelled on the engine's {@code Otp}: one pending verification per
 * destination (a second request re-sends its code, at most 5 sends), 5 checks, a TTL on the world's clock, the same
 * refusal codes ({@code expired}, {@code max_attempts_reached}, {@code already_approved}, {@code max_sends_reached},
 * {@code not_found}, {@code invalid_request}). Codes come from a generator seeded per scenario, so a scenario sees the
 * same codes on every run; they never start with 0, so {@code 000000} is always a wrong code. Each send is an
 * {@code otp} effect carrying the code (field {@code otp}: this is a test world), each check a {@code verify}
 * effect. An {@code auto} request is an SMS here: the fallback call is not simulated. Guarded by the world's lock.
 */
final class OfflineOtp {
    static final int MAX_CHECKS = 5;
    static final int MAX_SENDS = 5;
    private final World world;
    private final Map<String, Verification> latest = new HashMap<>();
    private SplittableRandom random = new SplittableRandom(0);
    private int ids;

    private static final class Verification {
        final String id;
        final String to;
        final String channel;
        final String code;
        final Instant expiresAt;
        String status = "pending";
        int sends = 1;
        int checks;

        Verification(String id, String to, String channel, String code, Instant expiresAt) {
            this.id = id;
            this.to = to;
            this.channel = channel;
            this.code = code;
            this.expiresAt = expiresAt;
        }
    }

    OfflineOtp(World world) {
        this.world = world;
    }

    synchronized void seed(long seed) {
        random = new SplittableRandom(seed);
    }

    /** The code of the newest verification sent to {@code to}, or null. */
    synchronized String codeFor(String to) {
        Verification v = latest.get(to);
        return v == null ? null : v.code;
    }

    synchronized OtpHost.Sent request(OtpHost.Request r, String to) {
        String channel = r.channel() == null ? "sms" : r.channel();
        int length = r.codeLength() == null ? 6 : r.codeLength();
        int ttl = r.ttlSeconds() == null ? 600 : r.ttlSeconds();
        try {
            if (length < 4 || length > 10) {
                throw invalid("codeLength must be 4-10, got " + length);
            }
            if (ttl < 120 || ttl > 86400) {
                throw invalid("ttlSeconds must be 120-86400, got " + ttl);
            }
            Verification v = latest.get(to);
            expireIfDue(v);
            if (v != null && v.status.equals("pending")) {
                if (v.sends >= MAX_SENDS) {
                    throw new HostActionException("max_sends_reached", "verification " + v.id + " was sent "
                            + MAX_SENDS + " times; a new code can be requested once it expires");
                }
                v.sends++;
            } else {
                v = new Verification("otp_sim" + (++ids), to, channel, code(length), world.now().plusSeconds(ttl));
                latest.put(to, v);
            }
            Map<String, String> fields = fields(v);
            fields.put("otp", v.code);
            fields.put("sends", String.valueOf(v.sends));
            world.effect("otp", to, fields);
            return new OtpHost.Sent(v.id, to, v.channel, v.status, v.expiresAt.toString(), v.sends,
                    MAX_CHECKS - v.checks);
        } catch (HostActionException e) {
            world.effect("otp", to, Map.of("to", to, "channel", channel, "code", e.code()));
            throw e;
        }
    }

    synchronized OtpHost.Checked verify(String to, String code) {
        Verification v = latest.get(to);
        try {
            if (code == null || !code.matches("[0-9]{4,10}")) {
                throw invalid("code must be 4-10 digits");
            }
            if (v == null) {
                throw new HostActionException("not_found", "verification for " + to + " does not exist");
            }
            expireIfDue(v);
            switch (v.status) {
                case "expired" -> throw new HostActionException("expired", "verification " + v.id
                        + " has expired; request a new code");
                case "max_attempts_reached" -> throw new HostActionException("max_attempts_reached", "verification "
                        + v.id + " had 5 wrong checks and is closed; request a new code");
                case "approved" -> throw new HostActionException("already_approved", "verification " + v.id
                        + " is already approved; a code is good for one approval");
                default -> { }
            }
            v.checks++;
            if (v.code.equals(code)) {
                v.status = "approved";
            } else if (v.checks >= MAX_CHECKS) {
                v.status = "max_attempts_reached";
            }
            Map<String, String> fields = fields(v);
            fields.put("status", v.status);
            fields.put("checksLeft", String.valueOf(MAX_CHECKS - v.checks));
            world.effect("verify", v.status, fields);
            return new OtpHost.Checked(v.status, MAX_CHECKS - v.checks);
        } catch (HostActionException e) {
            world.effect("verify", "refused", Map.of("to", to, "code", e.code()));
            throw e;
        }
    }

    private void expireIfDue(Verification v) {
        if (v != null && v.status.equals("pending") && !world.now().isBefore(v.expiresAt)) {
            v.status = "expired";
        }
    }

    private static Map<String, String> fields(Verification v) {
        Map<String, String> f = new LinkedHashMap<>();
        f.put("id", v.id);
        f.put("to", v.to);
        f.put("channel", v.channel);
        return f;
    }

    private String code(int length) {
        StringBuilder b = new StringBuilder(length).append(1 + random.nextInt(9));
        while (b.length() < length) {
            b.append(random.nextInt(10));
        }
        return b.toString();
    }

    private static HostActionException invalid(String message) {
        return new HostActionException("invalid_request", message);
    }
}
