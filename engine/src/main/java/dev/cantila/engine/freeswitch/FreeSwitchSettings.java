package dev.cantila.engine.freeswitch;

import dev.cantila.engine.config.SettingsException;
import io.helidon.config.Config;

import java.time.Duration;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Locale;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * How the engine reaches FreeSWITCH. Immutable and validated; bad values fail start-up with a
 * {@link SettingsException} naming the key (or entry) and the value, never the password.
 *
 * <p>YAML (the {@code freeswitch} node, e.g. {@code cantila.freeswitch}):
 * <pre>
 * freeswitch:
 *   nodes:                       # strings host:port:password[:name], or objects
 *     - "10.0.0.5:8021:ClueCon:fs1"
 *     - {host: 10.0.0.6, port: 8021, password: "a:b", name: fs2}
 *   gateway: carrier             # sofia gateway for E.164 targets: sofia/gateway/carrier/14155550100
 *   tts: {engine: flite, voice: kal}
 *   command-timeout: 5s          # deadline of every command and the connect timeout
 *   reconnect-max: 5s            # the reconnect backoff cap (it starts at 100 ms)
 *   sms-domain: sip.example.com  # SMS by SIP MESSAGE go to 14155550100@sip.example.com (unset: E.164 as is)
 * </pre>
 * Environment: {@code CANTILA_FREESWITCH=host:port:password[:name][,host:port:password[:name]…]} ({@link #parse});
 * an IPv6 host goes in brackets ({@code [::1]:8021:ClueCon}); a password containing {@code :} or {@code ,} needs
 * the YAML object form.
 *
 * @param nodes          one or more nodes, names unique
 * @param gateway        sofia gateway that carries calls to E.164 numbers
 * @param ttsEngine      {@code speak} engine ({@code flite}, {@code tts_commandline}, {@code unimrcp}...)
 * @param ttsVoice       voice used when a script names none
 * @param commandTimeout deadline of a command; also the connect and authentication timeout
 * @param reconnectMax   cap of the reconnect backoff
 * @param smsDomain      the SIP domain of SMS sent with the chat API, or null for bare E.164 addresses
 */
public record FreeSwitchSettings(List<Node> nodes, String gateway, String ttsEngine, String ttsVoice,
                                 Duration commandTimeout, Duration reconnectMax, String smsDomain) {

    public FreeSwitchSettings(List<Node> nodes, String gateway, String ttsEngine, String ttsVoice,
                              Duration commandTimeout, Duration reconnectMax) {
        this(nodes, gateway, ttsEngine, ttsVoice, commandTimeout, reconnectMax, null);
    }

    public static final String DEFAULT_GATEWAY = "carrier";
    public static final String DEFAULT_TTS_ENGINE = "flite";
    public static final String DEFAULT_TTS_VOICE = "kal";
    public static final Duration DEFAULT_COMMAND_TIMEOUT = Duration.ofSeconds(5);
    public static final Duration DEFAULT_RECONNECT_MAX = Duration.ofSeconds(5);
    /** The first reconnect delay; it doubles up to {@link #reconnectMax}. */
    public static final Duration RECONNECT_FIRST = Duration.ofMillis(100);

    private static final Pattern NAME = Pattern.compile("[A-Za-z0-9_.\\-]+");
    private static final Pattern SHORT_DURATION = Pattern.compile("(\\d+)\\s*(ms|s|m|h)");

    /**
     * One FreeSWITCH event socket ({@code event_socket.conf.xml}: listen-ip, listen-port, password).
     *
     * @param name how logs, errors and {@code SwitchEvents#parked} name the node; defaults to {@code host:port}
     */
    public record Node(String host, int port, String password, String name) {
        public Node {
            if (host == null || host.isBlank()) {
                throw new IllegalArgumentException("host is empty");
            }
            if (port < 1 || port > 65535) {
                throw new IllegalArgumentException("port must be 1-65535, got " + port);
            }
            if (password == null || password.isEmpty() || password.indexOf('\n') >= 0 || password.indexOf('\r') >= 0) {
                throw new IllegalArgumentException("password must be one non-empty line");
            }
            name = name == null || name.isBlank() ? host + ":" + port : name;
        }

        public String address() {
            return host.indexOf(':') >= 0 ? "[" + host + "]:" + port : host + ":" + port;
        }

        @Override
        public String toString() {
            return "Node[" + name + " " + address() + "]";
        }
    }

    public FreeSwitchSettings {
        if (nodes == null || nodes.isEmpty()) {
            throw new SettingsException("freeswitch.nodes must list at least one node");
        }
        nodes = List.copyOf(nodes);
        Set<String> names = new HashSet<>();
        for (Node n : nodes) {
            if (!names.add(n.name())) {
                throw new SettingsException("freeswitch.nodes: two nodes are named '" + n.name() + "'");
            }
        }
        gateway = word(gateway, DEFAULT_GATEWAY, "freeswitch.gateway");
        ttsEngine = word(ttsEngine, DEFAULT_TTS_ENGINE, "freeswitch.tts.engine");
        ttsVoice = word(ttsVoice, DEFAULT_TTS_VOICE, "freeswitch.tts.voice");
        commandTimeout = positive(commandTimeout, DEFAULT_COMMAND_TIMEOUT, "freeswitch.command-timeout");
        reconnectMax = positive(reconnectMax, DEFAULT_RECONNECT_MAX, "freeswitch.reconnect-max");
        if (reconnectMax.compareTo(RECONNECT_FIRST) < 0) {
            throw new SettingsException("freeswitch.reconnect-max must be at least " + RECONNECT_FIRST.toMillis()
                    + "ms, got " + reconnectMax.toMillis() + "ms");
        }
        if (smsDomain != null && !smsDomain.matches("[A-Za-z0-9.\\-]+(:\\d+)?")) {
            throw new SettingsException("freeswitch.sms-domain must be a host name (e.g. sip.example.com), got '"
                    + smsDomain + "'");
        }
    }

    /** These nodes with every other setting at its default. */
    public static FreeSwitchSettings of(List<Node> nodes) {
        return new FreeSwitchSettings(nodes, null, null, null, null, null);
    }

    /** Parses {@code CANTILA_FREESWITCH}; other settings take their defaults. */
    public static FreeSwitchSettings parse(String env) {
        return of(parseNodes(env, "CANTILA_FREESWITCH"));
    }

    /**
     * Reads the {@code freeswitch} YAML node; when {@code envNodes} (the value of {@code CANTILA_FREESWITCH}) is
     * set it replaces {@code nodes}, the rest still comes from YAML.
     */
    public static FreeSwitchSettings fromConfig(Config freeswitch, String envNodes) {
        String key = freeswitch.key().toString();
        List<Node> nodes = envNodes != null && !envNodes.isBlank() ? parseNodes(envNodes, "CANTILA_FREESWITCH")
                : configNodes(freeswitch.get("nodes"), key + ".nodes");
        return new FreeSwitchSettings(nodes,
                freeswitch.get("gateway").asString().orElse(null),
                freeswitch.get("tts.engine").asString().orElse(null),
                freeswitch.get("tts.voice").asString().orElse(null),
                duration(freeswitch.get("command-timeout"), key + ".command-timeout"),
                duration(freeswitch.get("reconnect-max"), key + ".reconnect-max"),
                freeswitch.get("sms-domain").asString().orElse(null));
    }

    /** Reads the {@code freeswitch} YAML node alone. */
    public static FreeSwitchSettings fromConfig(Config freeswitch) {
        return fromConfig(freeswitch, null);
    }

    private static List<Node> parseNodes(String value, String var) {
        if (value == null || value.isBlank()) {
            throw new SettingsException(var + " is empty; expected host:port:password[:name][,...]");
        }
        List<Node> nodes = new ArrayList<>();
        String[] entries = value.split(",", -1);
        for (int i = 0; i < entries.length; i++) {
            nodes.add(parseNode(entries[i].trim(), var + " entry " + (i + 1)));
        }
        return nodes;
    }

    private static Node parseNode(String entry, String where) {
        String host;
        String rest;
        if (entry.startsWith("[")) {
            int close = entry.indexOf(']');
            host = close > 0 ? entry.substring(1, close) : "";
            rest = close > 0 && entry.length() > close + 1 && entry.charAt(close + 1) == ':'
                    ? entry.substring(close + 2) : null;
        } else {
            int colon = entry.indexOf(':');
            host = colon > 0 ? entry.substring(0, colon) : entry;
            rest = colon > 0 ? entry.substring(colon + 1) : null;
        }
        String[] parts = rest == null ? new String[0] : rest.split(":", -1);
        if (host.isBlank() || parts.length < 2 || parts.length > 3) {
            throw new SettingsException(where + " '" + masked(entry) + "' must be host:port:password[:name]");
        }
        int port;
        try {
            port = Integer.parseInt(parts[0].trim());
        } catch (NumberFormatException e) {
            throw new SettingsException(where + " '" + masked(entry) + "': port '" + parts[0] + "' is not a number");
        }
        return node(host.trim(), port, parts[1], parts.length == 3 ? parts[2].trim() : null, where, masked(entry));
    }

    private static List<Node> configNodes(Config list, String key) {
        if (!list.exists()) {
            throw new SettingsException(key + " is missing: list at least one host:port:password[:name]");
        }
        List<Node> nodes = new ArrayList<>();
        List<Config> items = list.asNodeList().orElse(List.of());
        for (int i = 0; i < items.size(); i++) {
            Config item = items.get(i);
            String where = key + "[" + i + "]";
            if (item.isLeaf()) {
                nodes.add(parseNode(item.asString().orElse("").trim(), where));
                continue;
            }
            String port = item.get("port").asString().orElse("8021");
            int p;
            try {
                p = Integer.parseInt(port.trim());
            } catch (NumberFormatException e) {
                throw new SettingsException(where + ".port must be a number, got '" + port + "'");
            }
            nodes.add(node(item.get("host").asString().orElse(""), p, item.get("password").asString().orElse(""),
                    item.get("name").asString().orElse(null), where, "host " + item.get("host").asString().orElse("?")));
        }
        return nodes;
    }

    private static Node node(String host, int port, String password, String name, String where, String shown) {
        if (name != null && !name.isBlank() && !NAME.matcher(name).matches()) {
            throw new SettingsException(where + " '" + shown + "': name '" + name
                    + "' may hold letters, digits, '.', '_' and '-' only");
        }
        try {
            return new Node(host, port, password, name);
        } catch (IllegalArgumentException e) {
            throw new SettingsException(where + " '" + shown + "': " + e.getMessage());
        }
    }

    /** The entry with its password replaced, for error messages. */
    private static String masked(String entry) {
        int close = entry.startsWith("[") ? Math.max(entry.indexOf(']'), 0) : 0;
        String[] parts = entry.substring(close).split(":", -1);
        if (parts.length < 3) {
            return entry;
        }
        parts[2] = "****";
        return entry.substring(0, close) + String.join(":", parts);
    }

    private static String word(String v, String dflt, String key) {
        if (v == null || v.isBlank()) {
            return dflt;
        }
        if (!NAME.matcher(v.trim()).matches()) {
            throw new SettingsException(key + " may hold letters, digits, '.', '_' and '-' only, got '" + v + "'");
        }
        return v.trim();
    }

    private static Duration positive(Duration d, Duration dflt, String key) {
        if (d == null) {
            return dflt;
        }
        if (d.isNegative() || d.isZero()) {
            throw new SettingsException(key + " must be positive, got " + d);
        }
        return d;
    }

    private static Duration duration(Config node, String key) {
        String v = node.asString().orElse(null);
        if (v == null) {
            return null;
        }
        String s = v.trim().toLowerCase(Locale.ROOT);
        Matcher m = SHORT_DURATION.matcher(s);
        try {
            if (m.matches()) {
                long n = Long.parseLong(m.group(1));
                return switch (m.group(2)) {
                    case "ms" -> Duration.ofMillis(n);
                    case "s" -> Duration.ofSeconds(n);
                    case "m" -> Duration.ofMinutes(n);
                    default -> Duration.ofHours(n);
                };
            }
            return Duration.parse(s.toUpperCase(Locale.ROOT));
        } catch (RuntimeException e) {
            throw new SettingsException(key + " must be a duration like 250ms, 5s, 2m or PT5S, got '" + v + "'");
        }
    }
}
