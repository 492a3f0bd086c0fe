package dev.cantila.scripts.scenario;

import java.io.IOException;
import java.io.Reader;
import java.io.StringReader;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Collectors;
import org.yaml.snakeyaml.LoaderOptions;
import org.yaml.snakeyaml.Yaml;
import org.yaml.snakeyaml.error.MarkedYAMLException;
import org.yaml.snakeyaml.nodes.MappingNode;
import org.yaml.snakeyaml.nodes.Node;
import org.yaml.snakeyaml.nodes.NodeTuple;
import org.yaml.snakeyaml.nodes.ScalarNode;
import org.yaml.snakeyaml.nodes.SequenceNode;

/**
 * Reads {@code *.scenario.yaml} files (format: {@link Scenario}). YAML was chosen over JSON because scenarios are
 * written by hand and read in review: comments, no quoting of most strings, one step per line. The file is read
 * as a node tree so every error names its line.
 */
public final class ScenarioFile {
    public static final String SUFFIX = ".scenario.yaml";
    static final String DEFAULT_FROM = "+12025550123";
    static final String DEFAULT_TO = "+12025550100";
    private static final Set<String> TOP = Set.of("name", "from", "to", "time", "env", "kv", "templates", "optedOut",
            "functions", "steps");
    private static final Set<String> OUTCOMES = Set.of("answered", "busy", "no-answer", "failed");
    private static final Set<String> EXPECT_KINDS = Set.of("reply", "forward", "send", "log", "error", "say", "play",
            "pause", "gather", "voicemail", "record", "hangup", "reject", "ended", "nothing", "kv", "conference", "otp",
            "verify", "function", "call", "speech");
    private static final Pattern DURATION = Pattern.compile("(\\d+(?:\\.\\d+)?)\\s*(ms|s|m|h)");

    private final String file;

    private ScenarioFile(String file) {
        this.file = file;
    }

    /** All {@code *.scenario.yaml} under a directory (recursively), or the one file given, sorted by path. */
    public static List<Path> find(Path path) throws IOException {
        if (Files.isRegularFile(path)) {
            return List.of(path);
        }
        try (var files = Files.walk(path)) {
            return files.filter(p -> p.getFileName().toString().endsWith(SUFFIX)).sorted().toList();
        }
    }

    public static Scenario read(Path path) throws IOException {
        try (Reader r = Files.newBufferedReader(path)) {
            return new ScenarioFile(path.toString()).parse(r, defaultName(path));
        }
    }

    public static Scenario parse(String name, String yaml) {
        return new ScenarioFile(name).parse(new StringReader(yaml), name);
    }

    private static String defaultName(Path path) {
        String n = path.getFileName().toString();
        return n.endsWith(SUFFIX) ? n.substring(0, n.length() - SUFFIX.length()) : n;
    }

    private Scenario parse(Reader reader, String defaultName) {
        LoaderOptions options = new LoaderOptions();
        options.setAllowDuplicateKeys(false);
        options.setCodePointLimit(1 << 20);
        Node root;
        try {
            root = new Yaml(options).compose(reader);
        } catch (MarkedYAMLException e) {
            throw new ScenarioException(file + ":" + (e.getProblemMark().getLine() + 1) + ": not valid YAML: "
                    + e.getProblem());
        }
        if (!(root instanceof MappingNode top)) {
            throw fail(root, "a scenario is a mapping with at least 'steps'");
        }
        Map<String, Node> fields = mapping(top, "scenario");
        for (String k : fields.keySet()) {
            if (!TOP.contains(k)) {
                throw fail(fields.get(k), "unknown field '" + k + "' (known: " + String.join(", ", TOP) + ")");
            }
        }
        String from = phone(fields.get("from"), DEFAULT_FROM);
        String to = phone(fields.get("to"), DEFAULT_TO);
        Instant time = fields.containsKey("time") ? instant(fields.get("time")) : null;
        Node steps = fields.get("steps");
        if (!(steps instanceof SequenceNode seq) || seq.getValue().isEmpty()) {
            throw fail(steps == null ? top : steps, "'steps' must be a non-empty list");
        }
        List<Step> list = new ArrayList<>();
        for (Node s : seq.getValue()) {
            list.add(step(s, from, to));
        }
        return new Scenario(fields.containsKey("name") ? scalar(fields.get("name"), "name") : defaultName, file,
                from, to, time, strings(fields.get("env"), "env"), json(fields.get("kv")),
                strings(fields.get("templates"), "templates"), optedOut(fields.get("optedOut")),
                functions(fields.get("functions")), list);
    }

    private Step step(Node node, String from, String to) {
        int line = line(node);
        String kind;
        Node arg;
        if (node instanceof ScalarNode s) {
            kind = s.getValue();
            arg = null;
        } else if (node instanceof MappingNode m && m.getValue().size() == 1) {
            kind = scalar(m.getValue().get(0).getKeyNode(), "step");
            arg = m.getValue().get(0).getValueNode();
        } else {
            throw fail(node, "a step is one of sms, call, press, advance, forward-answers, hangup, expect"
                    + " (one key per list item)");
        }
        return switch (kind) {
            case "sms" -> {
                if (arg instanceof ScalarNode s) {
                    yield new Step.Sms(line, from, to, s.getValue());
                }
                Map<String, Node> m = mapping(arg, "sms");
                if (!m.containsKey("body")) {
                    throw fail(arg, "sms needs a body: '- sms: hello' or '- sms: {from, to, body}'");
                }
                yield new Step.Sms(line, phone(m.get("from"), from), phone(m.get("to"), to), scalar(m.get("body"), "body"));
            }
            case "call" -> {
                Map<String, Node> m = arg == null || isEmpty(arg) ? Map.of() : mapping(arg, "call");
                String direction = m.containsKey("direction") ? scalar(m.get("direction"), "direction") : "inbound";
                if (!direction.equals("inbound") && !direction.equals("outbound")) {
                    throw fail(m.get("direction"), "direction is inbound or outbound, not '" + direction + "'");
                }
                yield new Step.Call(line, phone(m.get("from"), from), phone(m.get("to"), to), direction,
                        strings(m.get("params"), "params"));
            }
            case "press" -> {
                String digits = scalar(arg, "press");
                if (!digits.matches("[0-9*#A-Da-d]+")) {
                    throw fail(arg, "press takes DTMF digits 0-9 * # A-D, not '" + digits + "'");
                }
                yield new Step.Press(line, digits.toUpperCase(Locale.ROOT));
            }
            case "advance" -> new Step.Advance(line, duration(arg));
            case "speak" -> {
                if (arg instanceof ScalarNode) {
                    yield new Step.Speak(line, scalar(arg, "speak"), 1.0);
                }
                Map<String, Node> m = mapping(arg, "speak");
                double confidence = m.containsKey("confidence") ? number(m.get("confidence")) : 1.0;
                if (confidence < 0 || confidence > 1) {
                    throw fail(m.get("confidence"), "confidence is from 0 to 1");
                }
                yield new Step.Speak(line, scalar(m.get("words"), "words"), confidence);
            }
            case "forward-answers" -> {
                String outcome;
                long talk = 0;
                if (arg instanceof ScalarNode) {
                    outcome = scalar(arg, "forward-answers");
                } else {
                    Map<String, Node> m = mapping(arg, "forward-answers");
                    outcome = scalar(m.get("outcome"), "outcome");
                    talk = m.containsKey("talk") ? duration(m.get("talk")).toSeconds() : 0;
                }
                if (!OUTCOMES.contains(outcome)) {
                    throw fail(arg, "forward-answers is one of " + OUTCOMES + ", not '" + outcome + "'");
                }
                yield new Step.ForwardAnswers(line, outcome, talk);
            }
            case "hangup" -> new Step.Hangup(line);
            case "run-to-end" -> {
                String outcome = arg == null || isEmpty(arg) ? "answered" : scalar(arg, "run-to-end");
                if (!OUTCOMES.contains(outcome)) {
                    throw fail(arg, "run-to-end takes how forwards end, one of " + OUTCOMES + ", not '" + outcome + "'");
                }
                yield new Step.RunToEnd(line, outcome);
            }
            case "expect" -> expect(arg, line);
            default -> throw fail(node, "unknown step '" + kind + "' (sms, call, press, speak, advance,"
                    + " forward-answers, hangup, run-to-end, expect)");
        };
    }

    private Step.Expect expect(Node arg, int line) {
        if (arg instanceof ScalarNode s) {
            String kind = s.getValue();
            checkKind(arg, kind);
            return new Step.Expect(line, kind, Map.of());
        }
        Map<String, Node> m = mapping(arg, "expect");
        if (m.size() != 1) {
            throw fail(arg, "expect one thing per step, e.g. '- expect: {reply: /open/}'");
        }
        var e = m.entrySet().iterator().next();
        String kind = e.getKey();
        checkKind(arg, kind);
        Node v = e.getValue();
        Map<String, TextPattern> fields = new LinkedHashMap<>();
        if (kind.equals("kv")) {
            json(v).forEach((k, value) -> fields.put(k, TextPattern.exact(value)));
        } else if (v instanceof ScalarNode s) {
            if (!s.getValue().isEmpty()) {
                fields.put("", pattern(s));
            }
        } else if (!isEmpty(v)) {
            for (var f : mapping(v, kind).entrySet()) {
                fields.put(f.getKey(), pattern(f.getValue()));
            }
        }
        return new Step.Expect(line, kind, fields);
    }

    private void checkKind(Node at, String kind) {
        if (!EXPECT_KINDS.contains(kind)) {
            throw fail(at, "cannot expect '" + kind + "' (one of " + EXPECT_KINDS.stream().sorted()
                    .collect(Collectors.joining(", ")) + ")");
        }
    }

    private TextPattern pattern(Node node) {
        try {
            return TextPattern.of(scalar(node, "pattern"));
        } catch (IllegalArgumentException e) {
            throw fail(node, e.getMessage());
        }
    }

    private Duration duration(Node node) {
        String text = scalar(node, "duration").trim();
        Matcher m = DURATION.matcher(text);
        if (!m.matches()) {
            throw fail(node, "a duration is a number with ms, s, m or h, like 5s or 1.5m; not '" + text + "'");
        }
        double n = Double.parseDouble(m.group(1));
        long millis = Math.round(n * switch (m.group(2)) {
            case "ms" -> 1;
            case "s" -> 1_000;
            case "m" -> 60_000;
            default -> 3_600_000;
        });
        return Duration.ofMillis(millis);
    }

    private Instant instant(Node node) {
        String text = scalar(node, "time");
        try {
            return OffsetDateTime.parse(text).toInstant();
        } catch (DateTimeParseException e) {
            throw fail(node, "time is an ISO-8601 date-time with offset, like 2026-11-30T10:00:00-05:00; not '"
                    + text + "'");
        }
    }

    private String phone(Node node, String fallback) {
        if (node == null) {
            return fallback;
        }
        String p = scalar(node, "phone number");
        if (!p.startsWith("+")) {
            throw fail(node, "a phone number here is E.164, like \"+14155550100\" (quote it in YAML); not '" + p + "'");
        }
        try {
            return dev.cantila.scripts.PhoneNumbers.toE164(p, null, "phone number");
        } catch (dev.cantila.scripts.InvalidPhoneNumber e) {
            throw fail(node, e.getMessage());
        }
    }

    private List<String> optedOut(Node node) {
        if (node == null) {
            return List.of();
        }
        if (!(node instanceof SequenceNode seq)) {
            throw fail(node, "optedOut is a list of phone numbers");
        }
        return seq.getValue().stream().map(n -> phone(n, null)).toList();
    }

    private Map<String, String> strings(Node node, String what) {
        Map<String, String> out = new LinkedHashMap<>();
        if (node != null && !isEmpty(node)) {
            mapping(node, what).forEach((k, v) -> out.put(k, scalar(v, what + "." + k)));
        }
        return out;
    }

    private double number(Node node) {
        String text = scalar(node, "number");
        try {
            return Double.parseDouble(text);
        } catch (NumberFormatException e) {
            throw fail(node, "not a number: '" + text + "'");
        }
    }

    /** {@code functions: {sms: /path, voice: /path}}: which function of a Functions project answers what. */
    private Map<String, String> functions(Node node) {
        Map<String, String> out = strings(node, "functions");
        for (var e : out.entrySet()) {
            if (!e.getKey().equals("sms") && !e.getKey().equals("voice")) {
                throw fail(node, "functions names the function of 'sms' and of 'voice', not '" + e.getKey() + "'");
            }
            if (!e.getValue().startsWith("/")) {
                throw fail(node, "functions." + e.getKey() + " is a function's path such as /sms, not '"
                        + e.getValue() + "'");
            }
        }
        return out;
    }

    /** kv fixtures: any YAML value, kept as JSON text (the form ctx.kv stores). */
    private Map<String, String> json(Node node) {
        Map<String, String> out = new LinkedHashMap<>();
        if (node != null && !isEmpty(node)) {
            mapping(node, "kv").forEach((k, v) -> out.put(k, JsonText.of(v)));
        }
        return out;
    }

    private Map<String, Node> mapping(Node node, String what) {
        if (!(node instanceof MappingNode m)) {
            throw fail(node, what + " must be a mapping ({key: value})");
        }
        Map<String, Node> out = new LinkedHashMap<>();
        for (NodeTuple t : m.getValue()) {
            out.put(scalar(t.getKeyNode(), what + " key"), t.getValueNode());
        }
        return out;
    }

    private String scalar(Node node, String what) {
        if (!(node instanceof ScalarNode s)) {
            throw fail(node, what + " must be a single value");
        }
        return s.getValue();
    }

    private static boolean isEmpty(Node node) {
        return node instanceof MappingNode m && m.getValue().isEmpty()
                || node instanceof ScalarNode s && s.getValue().isEmpty();
    }

    private static int line(Node node) {
        return node == null ? 0 : node.getStartMark().getLine() + 1;
    }

    private ScenarioException fail(Node node, String message) {
        return new ScenarioException(file + ":" + line(node) + ": " + message);
    }
}
