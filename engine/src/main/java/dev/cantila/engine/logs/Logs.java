package dev.cantila.engine.logs;

import dev.cantila.engine.config.Settings.LogFormat;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;

import java.io.PrintStream;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.Map;
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
        private static final ObjectMapper JSON = new ObjectMapper();

        @Override
        public String format(LogRecord r) {
            Map<String, String> record = new LinkedHashMap<>();
            record.put("time", Instant.ofEpochMilli(r.getMillis()).toString());
            record.put("level", r.getLevel().getName());
            record.put("logger", r.getLoggerName());
            record.put("thread", Thread.currentThread().getName());
            record.put("message", formatMessage(r));
            String stack = stack(r.getThrown());
            if (stack != null) {
                record.put("error", stack);
            }
            try {
                return JSON.writeValueAsString(record) + System.lineSeparator(); // escapes every line break
            } catch (JsonProcessingException e) {
                return "{\"level\":\"SEVERE\",\"message\":\"unwritable log record\"}" + System.lineSeparator();
            }
        }
    }
}
