package dev.cantila.engine.porting;

import java.time.Instant;
import java.util.List;

/**
 * A port-in request as the API shows it. The account PIN is never shown back ({@code pinSet} says whether one
 * was given); {@code actionRequired} is set while the request waits for the customer's fix.
 */
public record PortIn(String id, String projectId, String status, List<Number> numbers, LosingCarrier losingCarrier,
                     String targetDate, String focDate, Instant focAt, List<String> documents,
                     List<String> notificationEmails, Signature signature, Reason actionRequired, Reason rejection,
                     List<Step> timeline, Instant createdAt, Instant updatedAt) {

    /** A number of the request, with its own status (the request's, and {@code completed} once it is held here). */
    public record Number(String e164, String country, String numberType, String status) {
    }

    /** The account at the losing carrier, as the customer gave it. */
    public record LosingCarrier(String name, String accountNumber, boolean pinSet, String authorizedName,
                                String serviceAddress) {
    }

    /** The e-LOA: who signed, as what, when, from which client address. */
    public record Signature(String signerName, String title, Instant signedAt, String clientAddress) {
    }

    /** A reason code ({@code pin_mismatch}, {@code document_missing}, …) and what it means for this request. */
    public record Reason(String code, String message) {
    }

    /** One move of the timeline. */
    public record Step(String status, String reason, String detail, Instant at) {
    }
}
