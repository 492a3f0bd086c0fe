package dev.cantila.engine.core;

/**
 * The one unchecked domain failure. {@link Kind} decides the HTTP status (mapped in one place,
 * {@code http.ErrorMapping}); {@code code} is the stable machine code clients switch on; {@code field}
 * names the offending request field when there is one.
 */
public final class ApiException extends RuntimeException {

    /** What kind of failure, and so which HTTP status. */
    public enum Kind {
        INVALID(400), UNAUTHORIZED(401), FORBIDDEN(403), NOT_FOUND(404), CONFLICT(409), GONE(410),
        TOO_LARGE(413), UNPROCESSABLE(422), RATE_LIMITED(429), UNAVAILABLE(503);

        private final int status;

        Kind(int status) {
            this.status = status;
        }

        public int status() {
            return status;
        }
    }

    private final Kind kind;
    private final String code;
    private final String field;
    private final Long retryAfterSeconds;

    public ApiException(Kind kind, String code, String message, String field) {
        this(kind, code, message, field, null);
    }

    private ApiException(Kind kind, String code, String message, String field, Long retryAfterSeconds) {
        super(message);
        this.kind = kind;
        this.code = code;
        this.field = field;
        this.retryAfterSeconds = retryAfterSeconds;
    }

    /** A 429: {@code code} says which limit, {@code retryAfterSeconds} (at least 1) when to try again. */
    public static ApiException rateLimited(String code, String message, String field, long retryAfterSeconds) {
        return new ApiException(Kind.RATE_LIMITED, code, message, field, Math.max(1, retryAfterSeconds));
    }

    public static ApiException invalid(String field, String message) {
        return new ApiException(Kind.INVALID, "invalid_request", message, field);
    }

    public static ApiException invalid(String code, String field, String message) {
        return new ApiException(Kind.INVALID, code, message, field);
    }

    public static ApiException notFound(String what, String id) {
        return new ApiException(Kind.NOT_FOUND, "not_found", what + " " + id + " does not exist", null);
    }

    public static ApiException conflict(String code, String message) {
        return new ApiException(Kind.CONFLICT, code, message, null);
    }

    public static ApiException unprocessable(String code, String message, String field) {
        return new ApiException(Kind.UNPROCESSABLE, code, message, field);
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

    /** Seconds until the request may succeed (the body's {@code retryAfter} and the Retry-After header), or null. */
    public Long retryAfterSeconds() {
        return retryAfterSeconds;
    }
}
