package dev.cantila.engine.scripts;

import dev.cantila.runtime.Outcome;

import java.util.Locale;

/**
 * Every {@code outcome} an execution record can have ({@code script_executions.outcome}): a script run's runtime
 * {@link Outcome}, lower-cased, or one of the routing outcomes here. {@code ColumnWidthsTest} checks all of them
 * against the migrated column, so an outcome that would not fit (and lose the record with its replies) cannot be
 * added unnoticed.
 */
public final class ExecutionOutcomes {
    /** The URL answered 2xx and every action it asked for was done. */
    public static final String OK = "ok";
    /** The URL answered non-2xx, or could not be reached. */
    public static final String URL_ERROR = "url_error";
    /** A Twilio-format URL answered TwiML that cannot be run as written (not XML, unknown verb or attribute). */
    public static final String TWIML_ERROR = "twiml_error";
    /** The URL did not answer in time. */
    public static final String URL_TIMEOUT = "url_timeout";
    /** An action (the URL's or a forward) was refused. */
    public static final String ACTION_FAILED = "action_failed";
    /** The number routes to a script that has no deployed version. */
    public static final String NO_DEPLOYED_VERSION = "no_deployed_version";
    /** The engine failed around the run (not the script). */
    public static final String HOST_ERROR = "host_error";
    /** A call's script was stopped because the call ended. */
    public static final String STOPPED_AFTER_HANGUP = "stopped_after_hangup";

    private ExecutionOutcomes() {
    }

    /** A script run's outcome as recorded. */
    public static String of(Outcome outcome) {
        return outcome.name().toLowerCase(Locale.ROOT);
    }
}
