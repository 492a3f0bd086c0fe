package dev.cantila.runtime;

/**
 * A handler that cannot be deployed: syntax error, module top level that throws or overruns, forbidden
 * import, no handler exported, too large. Line and column are 1-based, 0 when the problem has no location
 * (size, missing export). {@link #getMessage()} is {@code file:line:column: message} for logs;
 * {@link #message()} is the bare message for an API error body.
 */
public class ScriptCompileException extends RuntimeException {
    private final String fileName;
    private final int line;
    private final int column;
    private final String bareMessage;

    public ScriptCompileException(String fileName, int line, int column, String message) {
        super(line > 0 ? fileName + ":" + line + ":" + column + ": " + message : fileName + ": " + message);
        this.fileName = fileName;
        this.line = line;
        this.column = column;
        this.bareMessage = message;
    }

    public String fileName() {
        return fileName;
    }

    public int line() {
        return line;
    }

    public int column() {
        return column;
    }

    public String message() {
        return bareMessage;
    }
}
