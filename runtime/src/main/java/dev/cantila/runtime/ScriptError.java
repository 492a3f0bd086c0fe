package dev.cantila.runtime;

/**
 * A failure as the script author should see it. Location is the innermost frame in the author's file
 * (line and column 1-based), or fileName null and line/column 0 when there is none (e.g. a timeout while
 * inside a builtin). Stack: {@code Error: message} then {@code     at fn (file:line:column)} lines, runtime
 * frames removed.
 */
public record ScriptError(String message, String fileName, int line, int column, String stack) {

    /** {@code file:line:column}, or just the file, or "" when unknown. */
    public String location() {
        if (fileName == null) {
            return "";
        }
        return line > 0 ? fileName + ":" + line + ":" + column : fileName;
    }
}
