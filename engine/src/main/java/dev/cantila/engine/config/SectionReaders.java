package dev.cantila.engine.config;

import io.helidon.config.Config;

import dev.cantila.engine.config.Settings.InstanceSettings;
import dev.cantila.engine.config.Settings.LogFormat;
import dev.cantila.engine.config.Settings.LogSettings;
import dev.cantila.engine.config.Settings.ScriptSettings;
import dev.cantila.webhooks.outbound.TargetPolicy;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * Readers of the settings sections added in issue #9 (outbound targets, engine instance, log format, script
 * workers), split from {@link Settings#load} so that it stays readable; each validates its section and names the
 * key and the bad value.
 */
final class SectionReaders {
    private SectionReaders() {
    }

    /**
     * The allow-list of private targets: {@code CANTILA_ALLOW_PRIVATE_TARGETS} (comma-separated) or
     * {@code cantila.http.allow-private} (a YAML list or a comma-separated string). Empty: public internet only.
     */
    static TargetPolicy targets(Config c, Map<String, String> env) {
        String fromEnv = env.get("CANTILA_ALLOW_PRIVATE_TARGETS");
        Config node = c.get("http.allow-private");
        List<String> entries = new ArrayList<>();
        String key;
        if (fromEnv != null) {
            key = "CANTILA_ALLOW_PRIVATE_TARGETS";
            entries.addAll(List.of(fromEnv.split(",")));
        } else {
            key = "cantila.http.allow-private";
            entries.addAll(list(node));
        }
        try {
            return TargetPolicy.allowing(entries);
        } catch (IllegalArgumentException e) {
            throw new SettingsException(key + ": " + e.getMessage() + ", got '" + String.join(",", entries).strip() + "'");
        }
    }

    static Settings.TwilioSettings twilio(Config c, Map<String, String> env, int port) {
        String url = env.getOrDefault("CANTILA_PUBLIC_URL", c.get("twilio.public-url").asString().orElse("")).strip();
        if (url.isEmpty()) {
            return new Settings.TwilioSettings("http://localhost:" + port);
        }
        java.net.URI uri;
        try {
            uri = new java.net.URI(url);
        } catch (java.net.URISyntaxException e) {
            uri = null;
        }
        if (uri == null || uri.getHost() == null || !List.of("http", "https").contains(String.valueOf(uri.getScheme()))
                || uri.getRawQuery() != null || uri.getRawFragment() != null || uri.getRawUserInfo() != null) {
            throw new SettingsException("cantila.twilio.public-url / CANTILA_PUBLIC_URL must be an absolute http(s) URL"
                    + " without query or credentials, got '" + url + "'");
        }
        return new Settings.TwilioSettings(url.endsWith("/") ? url.substring(0, url.length() - 1) : url);
    }

    static InstanceSettings instance(Config c, Map<String, String> env) {
        String id = env.getOrDefault("CANTILA_INSTANCE_ID", c.get("instance.id").asString().orElse(""));
        if (id.isBlank()) {
            id = "i-" + dev.cantila.engine.core.Ids.secret(10);
        } else if (!InstanceSettings.ID.matcher(id).matches()) {
            throw new SettingsException("cantila.instance.id / CANTILA_INSTANCE_ID must be 1-64 letters, digits, '.',"
                    + " '_' or '-', got '" + id + "'");
        }
        Duration lease = Settings.duration(c.get("instance.lease"), Duration.ofSeconds(15), "cantila.instance.lease");
        if (lease.compareTo(Duration.ofSeconds(3)) < 0) {
            throw new SettingsException("cantila.instance.lease must be at least 3s (heartbeats every third of it), got "
                    + lease.toMillis() + "ms");
        }
        return new InstanceSettings(id, lease);
    }

    static LogSettings log(Config c, Map<String, String> env) {
        String format = env.getOrDefault("CANTILA_LOG_FORMAT", c.get("log.format").asString().orElse("text")).trim();
        return switch (format.toLowerCase(java.util.Locale.ROOT)) {
            case "text" -> new LogSettings(LogFormat.TEXT);
            case "json" -> new LogSettings(LogFormat.JSON);
            default -> throw new SettingsException("cantila.log.format / CANTILA_LOG_FORMAT must be text or json, got '"
                    + format + "'");
        };
    }

    static ScriptSettings scripts(Config s, Map<String, String> env) {
        ScriptSettings d = ScriptSettings.defaults();
        int workers = Settings.positive(Settings.intSetting(env, "CANTILA_SCRIPT_WORKERS", s.get("workers").asInt()
                .orElse(d.workers()), "cantila.scripts.workers"), "cantila.scripts.workers");
        int perProject = Settings.positive(Settings.intSetting(env, "CANTILA_SCRIPT_WORKERS_PER_PROJECT",
                s.get("per-project-workers").asInt().orElse(Math.max(1, workers / 4)),
                "cantila.scripts.per-project-workers"), "cantila.scripts.per-project-workers");
        if (perProject > workers) {
            throw new SettingsException("cantila.scripts.per-project-workers / CANTILA_SCRIPT_WORKERS_PER_PROJECT must"
                    + " not exceed cantila.scripts.workers (" + workers + "), got " + perProject);
        }
        int maxAbandoned = Settings.positive(s.get("max-abandoned").asInt().orElse(d.maxAbandoned()),
                "cantila.scripts.max-abandoned");
        int maxSends = Settings.positive(Settings.intSetting(env, "CANTILA_SCRIPTS_MAX_SENDS_PER_RUN",
                s.get("max-sends-per-run").asInt().orElse(d.maxSendsPerRun()), "cantila.scripts.max-sends-per-run"),
                "cantila.scripts.max-sends-per-run / CANTILA_SCRIPTS_MAX_SENDS_PER_RUN");
        return new ScriptSettings(workers, perProject, maxAbandoned, maxSends, warm(s.get("warm"), env));
    }

    /** {@code cantila.scripts.warm}: see {@link Settings.WarmSettings}. */
    static Settings.WarmSettings warm(Config w, Map<String, String> env) {
        Settings.WarmSettings d = Settings.WarmSettings.DEFAULTS;
        int maxEvents = Settings.intSetting(env, "CANTILA_SCRIPTS_WARM_MAX_EVENTS",
                w.get("max-events").asInt().orElse(d.maxEvents()), "cantila.scripts.warm.max-events");
        if (maxEvents < 0) {
            throw new SettingsException("cantila.scripts.warm.max-events / CANTILA_SCRIPTS_WARM_MAX_EVENTS must be 0"
                    + " (always fresh) or more, got " + maxEvents);
        }
        Duration maxAge = Settings.duration(w.get("max-age"), d.maxAge(), "cantila.scripts.warm.max-age");
        if (maxAge.isZero()) {
            throw new SettingsException("cantila.scripts.warm.max-age must be longer than 0, got " + maxAge);
        }
        List<String> fresh = new ArrayList<>();
        for (String project : list(w.get("fresh-projects"))) {
            if (!project.isBlank()) {
                fresh.add(project.strip());
            }
        }
        return new Settings.WarmSettings(maxEvents, maxAge, java.util.Set.copyOf(fresh));
    }

    /** A YAML list or a comma-separated string; empty when absent. */
    private static List<String> list(Config node) {
        if (node.isList()) {
            return node.asList(String.class).get();
        }
        return node.exists() ? List.of(node.asString().orElse("").split(",")) : List.of();
    }
}
