package dev.cantila.engine.freeswitch;

import java.util.Locale;

/**
 * A FreeSWITCH event-socket failure. {@link #code()} is machine readable ({@code esl.refused},
 * {@code esl.auth-failed}, {@code esl.connection-lost}, {@code esl.not-connected}, {@code esl.protocol},
 * {@code esl.leg-gone}); the message names the node and, for refusals, keeps FreeSWITCH's own text (available
 * alone as {@link #switchText()}).
 */
public final class EslException extends RuntimeException {

    /** Why the operation failed. */
    public enum Kind {
        /** FreeSWITCH answered {@code -ERR ...} (a command reply, an API result, a job result). */
        REFUSED,
        /** The node refused our password or our address ({@code -ERR invalid}, {@code text/rude-rejection}). */
        AUTH_FAILED,
        /** The connection dropped while the operation was waiting. */
        CONNECTION_LOST,
        /** The node is not connected at the moment (reconnecting, or never reached). */
        NOT_CONNECTED,
        /** FreeSWITCH wrote something the protocol does not allow (bad Content-Length, unmatched reply). */
        PROTOCOL,
        /** The leg hung up before the operation completed. */
        LEG_GONE;

        public String code() {
            return "esl." + name().toLowerCase(Locale.ROOT).replace('_', '-');
        }
    }

    private final Kind kind;
    private final String node;
    private final String switchText;

    EslException(Kind kind, String node, String message, String switchText) {
        super(message);
        this.kind = kind;
        this.node = node;
        this.switchText = switchText;
    }

    EslException(Kind kind, String node, String message, Throwable cause) {
        super(message, cause);
        this.kind = kind;
        this.node = node;
        this.switchText = null;
    }

    public Kind kind() {
        return kind;
    }

    public String code() {
        return kind.code();
    }

    /** The FreeSWITCH node's name. */
    public String node() {
        return node;
    }

    /** FreeSWITCH's text ({@code -ERR invalid session id [...]}), or null when the failure was ours. */
    public String switchText() {
        return switchText;
    }
}
