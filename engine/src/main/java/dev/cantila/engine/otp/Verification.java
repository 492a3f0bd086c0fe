package dev.cantila.engine.otp;

import com.fasterxml.jackson.annotation.JsonInclude;

import java.time.Instant;

/**
 * A verification as the API shows it: never the code, its hash or its sealed copy. {@code checksLeft} counts the
 * checks still allowed (5 in all); {@code failure} says why a verification ended without approval;
 * {@code channel} is the one asked for (sms, call, auto), {@code channels} those the code went out on so far, in
 * order; {@code messageId} is the last code SMS sent (its stored text is redacted), {@code callId} the last code
 * call; {@code fallbackAt}, on an auto verification, when its call follows unless it is approved first.
 */
@JsonInclude(JsonInclude.Include.NON_NULL)
public record Verification(String id, String projectId, String to, String channel, java.util.List<String> channels,
                           String status, String locale, int sends, int checksLeft, Instant expiresAt, String failure,
                           String messageId, String callId, Instant fallbackAt, Instant createdAt, Instant updatedAt, Instant endedAt) {
}
