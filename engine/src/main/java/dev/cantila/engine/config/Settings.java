package dev.cantila.engine.config;

import io.helidon.config.Config;

import dev.cantila.engine.freeswitch.FreeSwitchSettings;
import dev.cantila.engine.telephony.SmsErrorCodes;
import dev.cantila.webhooks.outbound.TargetPolicy;

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
 * @param targets       which URLs Cantila may call for users (webhooks, status callbacks, URL routes): public
 *                      internet only, plus the operator's {@code cantila.http.allow-private} /
 *                      {@code CANTILA_ALLOW_PRIVATE_TARGETS} (CIDRs and host names)
 * @param instance      this engine instance among several on one database
 * @param log           how log records are written
 * @param scripts       the script workers (how many, each project's share, when health turns DOWN) and what
 *                      one handler run may send
 * @param otp           one-time codes: install secret, default limits, pumping guard, prices ({@link OtpSettings})
 * @param twilio        Twilio compatibility: where TwiML apps reach this engine
 * @param numbers       release aging and transfer offers ({@code cantila.numbers.*})
 * @param porting       the simulated losing carrier's delays and the porting clock ({@code cantila.porting.*})
 * @param a2p           A2P registration: enforcement at send time, the simulated reviewer, trust tiers, fees
 * @param pricing       the usage price table: SMS segments and messages, call minutes ({@link PricingSettings})
 */
public record Settings(int port, Path dataDir, DbSettings db, String operatorKey, SmsSettings sms,
                       CarrierSettings carrier, VoiceSettings voice, TargetPolicy targets, InstanceSettings instance,
                       LogSettings log, ScriptSettings scripts, OtpSettings otp,
                       TwilioSettings twilio, NumbersSettings numbers, PortingSettings porting,
                       A2pSettings a2p, PricingSettings pricing, EventsSettings events) {

    /** These settings with another target policy (tests resolve made-up names with their own resolver). */
    public Settings withTargets(TargetPolicy policy) {
        return new Settings(port, dataDir, db, operatorKey, sms, carrier, voice, policy, instance, log, scripts, otp,
                twilio, numbers, porting, a2p, pricing, events);
    }

    /**
     * @param publicUrl the engine's address as TwiML apps and Functions reach it (absolute {@code RecordingUrl}s):
     *                  {@code cantila.twilio.public-url} / {@code CANTILA_PUBLIC_URL}, default
     *                  {@code http://localhost:<port>}; no trailing slash
     */
    public record TwilioSettings(String publicUrl) {
    }

    /**
     * @param id    this instance's name in {@code engine_instances} and {@code leg_claims}: {@code cantila.instance.id}
     *              / {@code CANTILA_INSTANCE_ID}, else generated at start ({@code i-} and 10 random characters).
     *              Two running instances must never share one.
     * @param lease how long the other instances trust this one after its last heartbeat (it heartbeats every third
     *              of it); when it has expired they end the calls this one ran
     */
    public record InstanceSettings(String id, Duration lease) {
        /** Letters, digits, {@code . _ -}; at most the {@code engine_instances.id} column. */
        static final java.util.regex.Pattern ID = java.util.regex.Pattern.compile("[A-Za-z0-9._-]{1,64}");

        public Duration heartbeat() {
            return lease.dividedBy(3);
        }
    }

    /** {@code text}: one line per record; {@code json}: one JSON object per line. */
    public enum LogFormat { TEXT, JSON }

    /** @param format {@code cantila.log.format} / {@code CANTILA_LOG_FORMAT} */
    public record LogSettings(LogFormat format) {
    }

    /**
     * @param workers            platform threads running scripts, shared by all projects
     * @param perProjectWorkers  at most this many of one project's scripts run at once; the project's other runs
     *                           wait in its own queue while other projects get the remaining workers
     * @param maxAbandoned       {@code /observe/health} is DOWN once this many workers had to be abandoned (guest
     *                           code that could not be stopped; each may keep a core busy until restart)
     * @param maxSendsPerRun     how many messages one handler run may send (replies, forwards and
     *                           {@code ctx.sms.send} together); further sends in that run are refused to the script
     *                           with {@code send_cap_reached}, and its execution record notes the cap
     * @param warm               when an SMS handler runs in a warm context ({@code cantila.scripts.warm})
     */
    public record ScriptSettings(int workers, int perProjectWorkers, int maxAbandoned, int maxSendsPerRun,
                                 WarmSettings warm) {
        /** 2 × cores workers, a quarter of them per project (at least 1), DOWN at as many abandoned as cores. */
        public static ScriptSettings defaults() {
            int cores = Runtime.getRuntime().availableProcessors();
            int workers = Math.max(2, 2 * cores);
            return new ScriptSettings(workers, Math.max(1, workers / 4), Math.max(1, cores), 100,
                    WarmSettings.DEFAULTS);
        }
    }

    /**
     * Warm contexts for SMS handlers: module state persists between the events of one deployed version on one
     * worker (see the README's handler guide).
     *
     * @param maxEvents     {@code cantila.scripts.warm.max-events} / {@code CANTILA_SCRIPTS_WARM_MAX_EVENTS}: events
     *                      one warm context serves; 0 = every event in a fresh context
     * @param maxAge        {@code cantila.scripts.warm.max-age}: a context this old serves no more events
     * @param freshProjects {@code cantila.scripts.warm.fresh-projects}: projects whose every event gets a fresh context
     */
    public record WarmSettings(int maxEvents, Duration maxAge, java.util.Set<String> freshProjects) {
        /** 1,000 events or 5 minutes, every project warm. */
        public static final WarmSettings DEFAULTS = new WarmSettings(1_000, Duration.ofMinutes(5), java.util.Set.of());
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
     * @param provider       {@code stub} (the simulated carrier and switch) or {@code freeswitch} (SMS and calls
     *                       through the nodes); the rule is in {@code Settings.provider}
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
            url = "jdbc:h2:file:" + dataDir.toAbsolutePath().resolve("cantila");
        } else if (!url.startsWith("jdbc:postgresql:") && !url.startsWith("jdbc:h2:")) {
            throw new SettingsException("CANTILA_DB_URL / cantila.db.url must be a jdbc:postgresql: or jdbc:h2: URL, got "
                    + url);
        }
        if (url.startsWith("jdbc:h2:")) {
            url = h2Url(url);
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
        c.get("carrier.failures").asMap().ifPresent(m -> m.forEach((k, v) -> {
            if (v.isBlank() || v.length() > SmsErrorCodes.MAX_LENGTH) {
                throw new SettingsException("cantila." + k + " must be an error code of 1-" + SmsErrorCodes.MAX_LENGTH
                        + " characters, got '" + v + "'");
            }
            failures.put(k.substring(k.lastIndexOf('.') + 1), v);
        }));
        CarrierSettings carrier = new CarrierSettings(
                duration(c.get("carrier.sent-latency"), Duration.ofMillis(200), "cantila.carrier.sent-latency"),
                duration(c.get("carrier.delivery-latency"), Duration.ofSeconds(1), "cantila.carrier.delivery-latency"),
                Map.copyOf(failures),
                positive(c.get("carrier.burst").asInt().orElse(5), "cantila.carrier.burst"));
        return new Settings(port, dataDir, db, key, sms, carrier, voice(c, env, dataDir),
                SectionReaders.targets(c, env), SectionReaders.instance(c, env), SectionReaders.log(c, env),
                SectionReaders.scripts(c.get("scripts"), env), OtpSettings.read(c.get("otp"), env, dataDir),
                SectionReaders.twilio(c, env, port), NumbersSettings.read(c.get("numbers"), env),
                PortingSettings.read(c.get("porting"), env), A2pSettings.read(c.get("a2p"), env),
                PricingSettings.read(c.get("pricing")), EventsSettings.read(c.get("events")));
    }


    private static VoiceSettings voice(Config c, Map<String, String> env, Path dataDir) {
        Config v = c.get("voice");
        String nodes = env.get("CANTILA_FREESWITCH");
        String provider = provider(c, env);
        FreeSwitchSettings freeswitch = null;
        if (provider.equals("freeswitch")) {
            if ((nodes == null || nodes.isBlank()) && !c.get("freeswitch.nodes").exists()) {
                throw new SettingsException("the freeswitch telephony provider needs nodes: set CANTILA_FREESWITCH="
                        + "host:port:password[:name][,…] or cantila.freeswitch.nodes");
            }
            freeswitch = FreeSwitchSettings.fromConfig(c.get("freeswitch"), nodes);
        }
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

    /**
     * The one rule for the telephony provider, which selects the SMS carrier and the voice switch together:
     * {@code CANTILA_TELEPHONY}, else {@code freeswitch} when {@code CANTILA_FREESWITCH} names nodes (an environment
     * variable beats the YAML), else {@code cantila.telephony.provider}, else {@code freeswitch} when
     * {@code cantila.freeswitch.nodes} lists nodes, else {@code stub}. The shipped YAML pins none of these.
     */
    private static String provider(Config c, Map<String, String> env) {
        Config retired = c.get("voice.provider");
        if (retired.exists()) {
            throw new SettingsException("cantila.voice.provider is no longer read: use cantila.telephony.provider"
                    + " (it selects the SMS carrier and the voice switch together), got '"
                    + retired.asString().orElse("") + "'");
        }
        String fromEnv = env.get("CANTILA_TELEPHONY");
        String nodes = env.get("CANTILA_FREESWITCH");
        String provider;
        if (fromEnv != null && !fromEnv.isBlank()) {
            provider = fromEnv.trim();
        } else if (nodes != null && !nodes.isBlank()) {
            provider = "freeswitch";
        } else {
            provider = c.get("telephony.provider").asString().map(String::trim).filter(p -> !p.isEmpty())
                    .orElse(c.get("freeswitch.nodes").exists() ? "freeswitch" : "stub");
        }
        if (!provider.equals("stub") && !provider.equals("freeswitch")) {
            throw new SettingsException("cantila.telephony.provider / CANTILA_TELEPHONY must be stub or freeswitch,"
                    + " got '" + provider + "'");
        }
        return provider;
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

    /**
     * The flags every H2 database runs with: PostgreSQL mode, and {@code WRITE_DELAY=0} so each commit writes its
     * MVStore chunk to the file before it returns (H2 otherwise writes committed transactions up to 500 ms later,
     * and a killed process loses them). The write reaches the OS, not the platter: a process crash loses no
     * acknowledged write, a power loss may. An operator who set a write delay in their own URL keeps it.
     */
    static String h2Url(String url) {
        String upper = url.toUpperCase(java.util.Locale.ROOT);
        if (!upper.contains("MODE=POSTGRESQL")) {
            url = url + ";MODE=PostgreSQL;DATABASE_TO_LOWER=TRUE;DEFAULT_NULL_ORDERING=HIGH";
        }
        if (!upper.contains("WRITE_DELAY=")) {
            url = url + ";WRITE_DELAY=0";
        }
        return url;
    }

    static int intSetting(Map<String, String> env, String var, int dflt, String key) {
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

    static int positive(int v, String key) {
        if (v < 1) {
            throw new SettingsException(key + " must be at least 1, got " + v);
        }
        return v;
    }

    static Duration duration(Config node, Duration dflt, String key) {
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
