package dev.cantila.engine.logs;

import dev.cantila.engine.config.Settings.LogFormat;

import java.io.PrintStream;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.time.Instant;
import java.util.logging.Formatter;
import java.util.logging.Handler;
import java.util.logging.LogRecord;
import java.util.logging.Logger;

/**
 * Installs the log format on the root logger's handlers, and prints the server's announcements in that format.
 * Every record becomes exactly one line: a line-oriented collector (journald, {@code grep}, a log shipper) never
 * sees a record split in two, and a JSON line parses on its own.
 */
public final class Logs {
    private Logs() {
    }

    /** Puts the format's formatter on every handler of the root logger (JUL's console handler by default). */
    public static void install(LogFormat format) {
        Formatter formatter = format == LogFormat.JSON ? new JsonLines() : new TextLines();
        for (Handler h : Logger.getLogger("").getHandlers()) {
            h.setFormatter(formatter);
        }
    }

    /** A message for the person running the server, on {@code out}: as is in text, one JSON record in json. */
    public static void print(LogFormat format, PrintStream out, String message) {
        if (format == LogFormat.JSON) {
            LogRecord r = new LogRecord(java.util.logging.Level.INFO, message);
            r.setLoggerName("cantila");
            out.print(new JsonLines().format(r));
        } else {
            out.println(message);
        }
        out.flush();
    }

    /** The throwable's stack trace with its causes, or null. */
    static String stack(Throwable t) {
        if (t == null) {
            return null;
        }
        StringWriter w = new StringWriter();
        t.printStackTrace(new PrintWriter(w));
        return w.toString().stripTrailing();
    }

    /** {@code 2026-01-02T03:04:05.678Z INFO logger: message | stack…}, line breaks shown as {@code \n}. */
    static final class TextLines extends Formatter {
        @Override
        public String format(LogRecord r) {
            StringBuilder line = new StringBuilder(128).append(Instant.ofEpochMilli(r.getMillis())).append(' ')
                    .append(r.getLevel().getName()).append(' ').append(r.getLoggerName()).append(": ")
                    .append(formatMessage(r));
            String stack = stack(r.getThrown());
            if (stack != null) {
                line.append(" | ").append(stack);
            }
            return oneLine(line) + System.lineSeparator();
        }

        private static String oneLine(CharSequence s) {
            StringBuilder out = new StringBuilder(s.length());
            for (int i = 0; i < s.length(); i++) {
                char c = s.charAt(i);
                if (c == '\n') {
                    out.append("\\n");
                } else if (c == '\r' || c == '\u001b') {
                    out.append(c == '\r' ? "\\r" : "\\e");
                } else {
                    out.append(c);
                }
            }
            return out.toString();
        }
    }

    /** {@code {"time":…,"level":…,"logger":…,"thread":…,"message":…,"error":…}}, one object per line. */
    static final class JsonLines extends Formatter {
        @Override
        public String format(LogRecord r) {
            StringBuilder json = new StringBuilder(160).append('{');
            field(json, "time", Instant.ofEpochMilli(r.getMillis()).toString()).append(',');
            field(json, "level", r.getLevel().getName()).append(',');
            field(json, "logger", r.getLoggerName()).append(',');
            field(json, "thread", Thread.currentThread().getName()).append(',');
            field(json, "message", formatMessage(r));
            String stack = stack(r.getThrown());
            if (stack != null) {
                field(json.append(','), "error", stack);
            }
            return json.append('}').append(System.lineSeparator()).toString();
        }

        private static StringBuilder field(StringBuilder json, String name, String value) {
            json.append('"').append(name).append("\":");
            if (value == null) {
                return json.append("null");
            }
            json.append('"');
            for (int i = 0; i < value.length(); i++) {
                char c = value.charAt(i);
                switch (c) {
                    case '"' -> json.append("\\\"");
                    case '\\' -> json.append("\\\\");
                    case '\n' -> json.append("\\n");
                    case '\r' -> json.append("\\r");
                    case '\t' -> json.append("\\t");
                    default -> {
                        if (c < 0x20) {
                            json.append(String.format("\\u%04x", (int) c));
                        } else {
                            json.append(c);
                        }
                    }
                }
            }
            return json.append('"');
        }
    }
}
