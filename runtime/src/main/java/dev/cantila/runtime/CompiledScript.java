package dev.cantila.runtime;

import java.util.Set;
import org.graalvm.polyglot.Source;

/**
 * A validated handler module, ready to run. Immutable and shareable across threads; holding it keeps the
 * parsed code alive in the engine's code cache.
 *
 * @param contentHash hex SHA-256 of the source text (the cache key together with the script id)
 * @param handlers    the exported triggers, never empty
 */
public record CompiledScript(String scriptId, String fileName, String contentHash, Set<Handler> handlers,
                             Source source) {
    public CompiledScript {
        handlers = Set.copyOf(handlers);
    }

    public boolean has(Handler handler) {
        return handlers.contains(handler);
    }

    @Override
    public String toString() {
        return scriptId + "@" + contentHash.substring(0, 12) + " " + handlers;
    }
}
