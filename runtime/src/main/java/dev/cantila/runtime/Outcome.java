package dev.cantila.runtime;

/** How an invocation ended. Everything but OK means: the engine applies the fallback (SMS: no reply). */
public enum Outcome {
    /** The handler returned, or its promise fulfilled. */
    OK,
    /** The handler threw, its promise rejected or never settled, or a host call failed unexpectedly. */
    ERROR,
    /** Wall-clock budget exceeded. */
    TIMEOUT,
    /** Statement budget exceeded (a CPU bound independent of machine speed). */
    STATEMENT_LIMIT,
    /** Allocation budget exceeded, or the heap ran out inside the script. */
    MEMORY_LIMIT,
    /**
     * Not stopped by interrupt nor by closing its context within the kill grace after a limit: the worker was
     * abandoned (replaced by a fresh one) and the caller answered at once. Nothing the invocation did is kept.
     */
    KILLED,
    /** The script exports no handler for this trigger (e.g. only onCall, and an SMS arrived). */
    NO_HANDLER
}
