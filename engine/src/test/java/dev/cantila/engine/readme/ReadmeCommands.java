package dev.cantila.engine.readme;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The shell commands of README sections, as a reader copies them: the indented code blocks under a heading (up to
 * the next heading), four spaces in, or eight inside a numbered list item, split into commands the way bash reads
 * them — a line ending in {@code \}, an open quote, or a here-document continues onto the next lines. Whether a
 * command is complete is asked of {@code bash -n}, so quoting is judged by bash itself, not re-implemented here.
 */
final class ReadmeCommands {
    private static final Pattern NUMBERED_ITEM = Pattern.compile("^\\d+\\.\\s.*");
    private static final Pattern HEREDOC = Pattern.compile("<<-?\\s*['\"]?(\\w+)['\"]?");

    /** One command and the section it came from. */
    record Command(String section, String text) {
        /** The command's first line, for messages. */
        String firstLine() {
            return text.lines().findFirst().orElse("");
        }
    }

    private ReadmeCommands() {
    }

    /** The commands of each section named by its heading text (e.g. "Five-minute tour (curl)"), in README order. */
    static List<Command> of(Path readme, List<String> headings) throws IOException {
        List<String> lines = Files.readAllLines(readme, StandardCharsets.UTF_8);
        List<Command> out = new ArrayList<>();
        String section = null;
        for (int i = 0; i < lines.size(); i++) {
            String line = lines.get(i);
            if (line.startsWith("#")) {
                String title = line.replaceFirst("^#+\\s*", "");
                section = headings.contains(title) ? title : null;
                continue;
            }
            if (section == null) {
                continue;
            }
            List<String> block = new ArrayList<>();
            i = block(lines, i, block);
            if (!block.isEmpty()) {
                for (String c : split(block)) {
                    out.add(new Command(section, c));
                }
            }
        }
        return out;
    }

    /**
     * If a code block starts at line {@code i} (after a blank line, indented by 4 or, under a numbered item, by 8),
     * adds its lines without that indent to {@code block} and returns the index of its last line; else returns i.
     */
    private static int block(List<String> lines, int i, List<String> block) {
        if (i == 0 || !lines.get(i - 1).isBlank()) {
            return i;
        }
        int indent = insideNumberedItem(lines, i) ? 8 : 4;
        if (!indentedBy(lines.get(i), indent)) {
            return i;
        }
        int j = i;
        while (j < lines.size() && (indentedBy(lines.get(j), indent) || lines.get(j).isBlank())) {
            j++;
        }
        while (j > i && lines.get(j - 1).isBlank()) {
            j--;
        }
        for (int k = i; k < j; k++) {
            String l = lines.get(k);
            block.add(l.isBlank() ? "" : l.substring(indent));
        }
        return j - 1;
    }

    /** Whether line i belongs to a numbered list item: the nearest line not indented is one ("1. Write …"). */
    private static boolean insideNumberedItem(List<String> lines, int i) {
        for (int k = i - 1; k >= 0; k--) {
            String l = lines.get(k);
            if (!l.isBlank() && !l.startsWith(" ")) {
                return NUMBERED_ITEM.matcher(l).matches();
            }
        }
        return false;
    }

    private static boolean indentedBy(String line, int n) {
        return line.length() > n && line.substring(0, n).isBlank() && !line.substring(0, n).contains("\t");
    }

    /** A block's lines as bash would read them into commands. */
    static List<String> split(List<String> block) {
        List<String> commands = new ArrayList<>();
        StringBuilder current = new StringBuilder();
        String heredocEnd = null;
        for (String line : block) {
            if (current.isEmpty() && line.isBlank()) {
                continue;
            }
            current.append(current.isEmpty() ? "" : "\n").append(line);
            if (heredocEnd != null) {
                if (line.equals(heredocEnd)) {
                    heredocEnd = null;
                } else {
                    continue;
                }
            } else {
                Matcher m = HEREDOC.matcher(line);
                if (m.find()) {
                    heredocEnd = m.group(1);
                    continue;
                }
            }
            if (!line.endsWith("\\") && complete(current.toString())) {
                commands.add(current.toString());
                current.setLength(0);
            }
        }
        if (!current.isEmpty()) {
            throw new IllegalStateException("README block ends inside a command: " + current);
        }
        return commands;
    }

    /** bash -n: does this text parse as complete commands (no open quote, no open $(…))? */
    private static boolean complete(String text) {
        try {
            Process p = new ProcessBuilder("bash", "-n").redirectErrorStream(true).start();
            p.getOutputStream().write(text.getBytes(StandardCharsets.UTF_8));
            p.getOutputStream().close();
            p.getInputStream().readAllBytes();
            if (!p.waitFor(10, TimeUnit.SECONDS)) {
                p.destroyForcibly();
                throw new IllegalStateException("bash -n did not answer in 10 s");
            }
            return p.exitValue() == 0;
        } catch (IOException e) {
            throw new IllegalStateException("cannot run bash -n", e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted", e);
        }
    }
}
