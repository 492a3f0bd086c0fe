package dev.cantila.webhooks;

/**
 * A failure the caller caused: bad input, an unknown id, or a request the current state forbids. {@link Kind}
 * tells the engine which HTTP status to answer (400, 404, 409); {@code code} is the stable machine code;
 * {@code field} names the offending request field, or is {@code null}.
 */
public final class WebhookException extends RuntimeException {

    /** Which kind of failure: the engine answers 400, 404 and 409 respectively. */
    public enum Kind {
        INVALID, NOT_FOUND, CONFLICT
    }

    private final Kind kind;
    private final String code;
    private final String field;

    public WebhookException(Kind kind, String code, String field, String message) {
        super(message);
        this.kind = kind;
        this.code = code;
        this.field = field;
    }

    public static WebhookException invalid(String code, String field, String message) {
        return new WebhookException(Kind.INVALID, code, field, message);
    }

    public static WebhookException notFound(String what, String id) {
        return new WebhookException(Kind.NOT_FOUND, "not_found", null, what + " " + id + " does not exist");
    }

    public static WebhookException conflict(String code, String message) {
        return new WebhookException(Kind.CONFLICT, code, null, message);
    }

    public Kind kind() {
        return kind;
    }

    public String code() {
        return code;
    }

    public String field() {
        return field;
    }
}
