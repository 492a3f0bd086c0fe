package dev.cantila.engine.config;

import io.helidon.config.Config;

import dev.cantila.engine.freeswitch.FreeSwitchSettings;
import java.nio.file.Path;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * The whole configuration, read once in {@code Main} from the {@code cantila} YAML tree with environment
 * overrides, validated, immutable. Nothing else reads configuration.
 *
 * @param port          HTTP port (0 = ephemeral, for tests)
 * @param dataDir       where the embedded H2 database lives
 * @param db            the database to use
 * @param operatorKey   the operator key from {@code CANTILA_API_KEY}, or null to generate/stored one
 * @param sms           outbound SMS pacing and leasing
 * @param carrier       the simulated carrier's behaviour
 * @param voice         calls: provider, recordings, deadlines, the simulated switch
 * @param scripts       the script workers: how many, each project's share, when health turns DOWN
 */
public record Settings(int port, Path dataDir, DbSettings db, String operatorKey, SmsSettings sms,
                       CarrierSettings carrier, VoiceSettings voice, ScriptSettings scripts) {

    /**
     * @param workers            platform threads running scripts, shared by all projects
     * @param perProjectWorkers  at most this many of one project's scripts run at once; the project's other runs
     *                           wait in its own queue while other projects get the remaining workers
     * @param maxAbandoned       {@code /observe/health} is DOWN once this many workers had to be abandoned (guest
     *                           code that could not be stopped; each may keep a core busy until restart)
     */
    public record ScriptSettings(int workers, int perProjectWorkers, int maxAbandoned) {
        /** 2 × cores workers, a quarter of them per project (at least 1), DOWN at as many abandoned as cores. */
        public static ScriptSettings defaults() {
            int cores = Runtime.getRuntime().availableProcessors();
            int workers = Math.max(2, 2 * cores);
            return new ScriptSettings(workers, Math.max(1, workers / 4), Math.max(1, cores));
        }
    }

    /** JDBC settings. An empty url means embedded H2 in {@code dataDir}. */
    public record DbSettings(String url, String user, String password, int poolSize) {
        public boolean isPostgres() {
            return url.startsWith("jdbc:postgresql:");
        }
    }

    /**
     * @param throughputPerSecond messages per second per sending number, by number type (local, mobile, tollfree)
     * @param lease               how long a claimed message is reserved for one engine instance before another
     *                            may take it over (crash recovery)
     * @param poll                how often the dispatcher looks for due work when nothing woke it
     */
    public record SmsSettings(Map<String, Double> throughputPerSecond, Duration lease, Duration poll) {
        public double throughput(String numberType) {
            Double rate = throughputPerSecond.get(numberType);
            return rate == null ? throughputPerSecond.getOrDefault("default", 1.0) : rate;
        }
    }

    /**
     * @param sentLatency     carrier accept → {@code sent}
     * @param deliveryLatency {@code sent} → delivery receipt
     * @param failures        destination E.164 → carrier error code reported as {@code undelivered}
     * @param burst           how many messages above its rate a sender may submit at once before the carrier
     *                        answers "throughput exceeded"
     */
    public record CarrierSettings(Duration sentLatency, Duration deliveryLatency, Map<String, String> failures,
                                  int burst) {
    }

    /**
     * @param provider       {@code stub} (the simulated switch) or {@code freeswitch}: {@code telephony.provider},
     *                       {@code cantila.voice.provider} or {@code CANTILA_TELEPHONY}; {@code CANTILA_FREESWITCH} alone
     *                       selects {@code freeswitch}
     * @param recordingsDir  where recordings and voicemails are written; shared with FreeSWITCH in production
     * @param opTimeout      deadline of one media operation (say, play, gather prompt) before the leg is killed
     * @param sessionGrace   how long a script may keep running after its call ended before it is stopped
     * @param maxCall        the longest a call (or one bridge) may last
     * @param apology        what a caller hears when the handler failed
     * @param sim            the simulated switch
     * @param freeswitch     the FreeSWITCH nodes and options (null unless the provider is {@code freeswitch})
     */
    public record VoiceSettings(String provider, Path recordingsDir, Duration opTimeout, Duration sessionGrace,
                                Duration maxCall, String apology, SimVoiceSettings sim, FreeSwitchSettings freeswitch) {
    }

    /**
     * @param media   how long one simulated say/play lasts
     * @param talk    how long an answered forward or outbound target talks before it hangs up
     * @param speech  how long a simulated caller speaks into a recording (capped by its max length)
     * @param answer  the default behaviour of forward and outbound targets: answered, busy, no-answer or failed
     * @param targets per-number behaviour (E.164 to one of the above)
     */
    public record SimVoiceSettings(Duration media, Duration talk, Duration speech, String answer,
                                   Map<String, String> targets) {
        public static final java.util.Set<String> ANSWERS = java.util.Set.of("answered", "busy", "no-answer", "failed");
    }

    public static Settings load(Config root, Map<String, String> env, Integer cliPort, Path cliDataDir) {
        Config c = root.get("cantila");
        int port = cliPort != null ? cliPort
                : intSetting(env, "CANTILA_PORT", c.get("port").asInt().orElse(8080), "cantila.port");
        if (port < 0 || port > 65535) {
            throw new SettingsException("cantila.port / CANTILA_PORT must be 0-65535, got " + port);
        }
        Path dataDir = cliDataDir != null ? cliDataDir
                : Path.of(env.getOrDefault("CANTILA_DATA_DIR", c.get("data-dir").asString().orElse("./data")));

        String url = env.getOrDefault("CANTILA_DB_URL", c.get("db.url").asString().orElse(""));
        if (url.isBlank()) {
            url = "jdbc:h2:file:" + dataDir.toAbsolutePath().resolve("cantila")
                    + ";MODE=PostgreSQL;DATABASE_TO_LOWER=TRUE;DEFAULT_NULL_ORDERING=HIGH";
        } else if (!url.startsWith("jdbc:postgresql:") && !url.startsWith("jdbc:h2:")) {
            throw new SettingsException("CANTILA_DB_URL / cantila.db.url must be a jdbc:postgresql: or jdbc:h2: URL, got "
                    + url);
        } else if (url.startsWith("jdbc:h2:") && !url.toUpperCase().contains("MODE=POSTGRESQL")) {
            url = url + ";MODE=PostgreSQL;DATABASE_TO_LOWER=TRUE;DEFAULT_NULL_ORDERING=HIGH";
        }
        DbSettings db = new DbSettings(url,
                env.getOrDefault("CANTILA_DB_USER", c.get("db.user").asString().orElse("sa")),
                env.getOrDefault("CANTILA_DB_PASSWORD", c.get("db.password").asString().orElse("")),
                positive(c.get("db.pool-size").asInt().orElse(10), "cantila.db.pool-size"));

        String key = env.getOrDefault("CANTILA_API_KEY", c.get("api-key").asString().orElse(null));
        if (key != null && key.isBlank()) {
            key = null;
        }
        if (key != null && key.length() < 16) {
            throw new SettingsException("CANTILA_API_KEY must be at least 16 characters (got " + key.length() + ")");
        }

        Map<String, Double> rates = new LinkedHashMap<>(Map.of("local", 10.0, "mobile", 10.0, "tollfree", 25.0));
        c.get("sms.throughput").asMap().ifPresent(m -> m.forEach((k, v) -> {
            String type = k.substring(k.lastIndexOf('.') + 1);
            try {
                double rate = Double.parseDouble(v);
                if (!(rate > 0)) {
                    throw new NumberFormatException();
                }
                rates.put(type, rate);
            } catch (NumberFormatException e) {
                throw new SettingsException("cantila.sms.throughput." + type + " must be a positive number, got " + v);
            }
        }));
        SmsSettings sms = new SmsSettings(Map.copyOf(rates),
                duration(c.get("sms.lease"), Duration.ofSeconds(30), "cantila.sms.lease"),
                duration(c.get("sms.poll"), Duration.ofMillis(200), "cantila.sms.poll"));

        Map<String, String> failures = new LinkedHashMap<>();
        c.get("carrier.failures").asMap().ifPresent(m -> m.forEach((k, v) ->
                failures.put(k.substring(k.lastIndexOf('.') + 1), v)));
        CarrierSettings carrier = new CarrierSettings(
                duration(c.get("carrier.sent-latency"), Duration.ofMillis(200), "cantila.carrier.sent-latency"),
                duration(c.get("carrier.delivery-latency"), Duration.ofSeconds(1), "cantila.carrier.delivery-latency"),
                Map.copyOf(failures),
                positive(c.get("carrier.burst").asInt().orElse(5), "cantila.carrier.burst"));
        return new Settings(port, dataDir, db, key, sms, carrier, voice(c, env, dataDir), scripts(c.get("scripts"), env));
    }

    private static ScriptSettings scripts(Config s, Map<String, String> env) {
        ScriptSettings d = ScriptSettings.defaults();
        int workers = positive(intSetting(env, "CANTILA_SCRIPT_WORKERS", s.get("workers").asInt()
                .orElse(d.workers()), "cantila.scripts.workers"), "cantila.scripts.workers");
        int perProject = positive(intSetting(env, "CANTILA_SCRIPT_WORKERS_PER_PROJECT",
                s.get("per-project-workers").asInt().orElse(Math.max(1, workers / 4)),
                "cantila.scripts.per-project-workers"), "cantila.scripts.per-project-workers");
        if (perProject > workers) {
            throw new SettingsException("cantila.scripts.per-project-workers / CANTILA_SCRIPT_WORKERS_PER_PROJECT must"
                    + " not exceed cantila.scripts.workers (" + workers + "), got " + perProject);
        }
        int maxAbandoned = positive(s.get("max-abandoned").asInt().orElse(d.maxAbandoned()),
                "cantila.scripts.max-abandoned");
        return new ScriptSettings(workers, perProject, maxAbandoned);
    }

    private static VoiceSettings voice(Config c, Map<String, String> env, Path dataDir) {
        Config v = c.get("voice");
        String nodes = env.get("CANTILA_FREESWITCH");
        boolean nodesGiven = nodes != null && !nodes.isBlank();
        String provider = env.getOrDefault("CANTILA_TELEPHONY", c.get("telephony.provider").asString()
                .asOptional().or(() -> v.get("provider").asString().asOptional()).orElse(nodesGiven ? "freeswitch" : "stub"));
        if (!provider.equals("stub") && !provider.equals("freeswitch")) {
            throw new SettingsException("cantila.telephony.provider / CANTILA_TELEPHONY must be stub or freeswitch,"
                    + " got '" + provider + "'");
        }
        FreeSwitchSettings freeswitch = provider.equals("freeswitch")
                ? FreeSwitchSettings.fromConfig(c.get("freeswitch"), nodes) : null;
        Path recordings = Path.of(env.getOrDefault("CANTILA_RECORDINGS_DIR", v.get("recordings-dir").asString()
                .orElse(dataDir.resolve("recordings").toString())));
        Map<String, String> targets = new LinkedHashMap<>();
        v.get("sim.targets").asMap().ifPresent(m -> m.forEach((k, answer) ->
                targets.put(k.substring(k.lastIndexOf('.') + 1), answer(answer, "cantila.voice.sim.targets." + k))));
        SimVoiceSettings sim = new SimVoiceSettings(
                duration(v.get("sim.media"), Duration.ofMillis(300), "cantila.voice.sim.media"),
                duration(v.get("sim.talk"), Duration.ofSeconds(3), "cantila.voice.sim.talk"),
                duration(v.get("sim.speech"), Duration.ofSeconds(2), "cantila.voice.sim.speech"),
                answer(v.get("sim.answer").asString().orElse("answered"), "cantila.voice.sim.answer"),
                Map.copyOf(targets));
        return new VoiceSettings(provider, recordings,
                positive(duration(v.get("op-timeout"), Duration.ofMinutes(2), "cantila.voice.op-timeout"),
                        "cantila.voice.op-timeout"),
                duration(v.get("session-grace"), Duration.ofSeconds(5), "cantila.voice.session-grace"),
                positive(duration(v.get("max-call"), Duration.ofHours(4), "cantila.voice.max-call"),
                        "cantila.voice.max-call"),
                v.get("apology").asString().orElse(dev.cantila.scripts.call.OfflineCall.DEFAULT_APOLOGY), sim,
                freeswitch);
    }

    private static String answer(String value, String key) {
        if (!SimVoiceSettings.ANSWERS.contains(value)) {
            throw new SettingsException(key + " must be one of " + new java.util.TreeSet<>(SimVoiceSettings.ANSWERS)
                    + ", got '" + value + "'");
        }
        return value;
    }

    private static Duration positive(Duration d, String key) {
        if (d.isZero()) {
            throw new SettingsException(key + " must be longer than zero");
        }
        return d;
    }

    private static int intSetting(Map<String, String> env, String var, int dflt, String key) {
        String v = env.get(var);
        if (v == null) {
            return dflt;
        }
        try {
            return Integer.parseInt(v.trim());
        } catch (NumberFormatException e) {
            throw new SettingsException(var + " (" + key + ") must be a whole number, got '" + v + "'");
        }
    }

    private static int positive(int v, String key) {
        if (v < 1) {
            throw new SettingsException(key + " must be at least 1, got " + v);
        }
        return v;
    }

    private static Duration duration(Config node, Duration dflt, String key) {
        if (!node.exists()) {
            return dflt;
        }
        String v = node.asString().get().trim();
        try {
            Duration d = v.startsWith("P") || v.startsWith("p") ? Duration.parse(v) : parseShort(v);
            if (d.isNegative()) {
                throw new IllegalArgumentException();
            }
            return d;
        } catch (RuntimeException e) {
            throw new SettingsException(key + " must be a duration like 250ms, 5s, 2m or PT5S, got '" + v + "'");
        }
    }

    private static Duration parseShort(String v) {
        if (v.endsWith("ms")) {
            return Duration.ofMillis(Long.parseLong(v.substring(0, v.length() - 2)));
        }
        long n = Long.parseLong(v.substring(0, v.length() - 1));
        return switch (v.charAt(v.length() - 1)) {
            case 's' -> Duration.ofSeconds(n);
            case 'm' -> Duration.ofMinutes(n);
            case 'h' -> Duration.ofHours(n);
            default -> throw new IllegalArgumentException(v);
        };
    }
}
