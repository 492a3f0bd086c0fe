package dev.cantila.engine.sms;
// PLACEHOLDER until branch smstext merges
public final class Segments {
    public record Result(String encoding, int segments, int units) {}
    public static Result of(String body) {
        boolean gsm = body.chars().allMatch(c -> c < 128);
        int u = body.length();
        return gsm ? new Result("GSM-7", u <= 160 ? 1 : (u + 152) / 153, u) : new Result("UCS-2", u <= 70 ? 1 : (u + 66) / 67, u);
    }
}
