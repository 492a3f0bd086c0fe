package dev.cantila.runtime;

import java.util.Set;
import org.graalvm.polyglot.Source;

/**
 * A validated handler module, ready to run; only {@link ScriptRuntime#compile} makes one. Immutable and
 * shareable across threads; holding it keeps the parsed code alive in the engine's code cache.
 */
public final class CompiledScript {
    private final String scriptId;
    private final String fileName;
    private final String contentHash;
    private final Set<Handler> handlers;
    private final Source source;

    CompiledScript(String scriptId, String fileName, String contentHash, Set<Handler> handlers, Source source) {
        this.scriptId = scriptId;
        this.fileName = fileName;
        this.contentHash = contentHash;
        this.handlers = Set.copyOf(handlers);
        this.source = source;
    }

    public String scriptId() {
        return scriptId;
    }

    public String fileName() {
        return fileName;
    }

    /** Hex SHA-256 of the source text; with the script id, the cache key. */
    public String contentHash() {
        return contentHash;
    }

    /** The exported triggers, never empty. */
    public Set<Handler> handlers() {
        return handlers;
    }

    public boolean has(Handler handler) {
        return handlers.contains(handler);
    }

    Source source() {
        return source;
    }

    @Override
    public String toString() {
        return scriptId + "@" + contentHash.substring(0, 12) + " " + handlers;
    }
}
