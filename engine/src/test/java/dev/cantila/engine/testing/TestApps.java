package dev.cantila.engine.testing;

import dev.cantila.engine.App;
import dev.cantila.engine.config.Settings;
import io.helidon.config.Config;
import io.helidon.config.ConfigSources;

import java.nio.file.Path;
import java.time.Clock;
import java.util.HashMap;
import java.util.Map;
import java.util.UUID;

/**
 * Builds real {@link App}s for tests: the production wiring on a fresh database. The database is H2 in memory,
 * or, when the integration tier runs with {@code -Dcantila.it.db.url=jdbc:postgresql:…}, a fresh schema on that
 * PostgreSQL server, so that the same test classes run on both.
 */
public final class TestApps {
    public static final String OPERATOR_KEY = "test-operator-key-0123456789";

    private TestApps() {
    }

    /** Settings on a fresh database, with {@code overrides} as {@code cantila.*} YAML keys. */
    public static Settings settings(Map<String, String> overrides) {
        Map<String, String> props = new HashMap<>();
        props.put("cantila.port", "0");
        props.put("cantila.api-key", OPERATOR_KEY);
        props.put("cantila.carrier.sent-latency", "20ms");
        props.put("cantila.carrier.delivery-latency", "50ms");
        props.put("cantila.sms.poll", "20ms");
        // the tests' receivers listen on 127.0.0.1: allowed as an operator allows a private target
        props.put("cantila.http.allow-private", "127.0.0.1/32");
        String pg = System.getProperty("cantila.it.db.url", "");
        if (pg.isBlank()) {
            props.put("cantila.db.url", "jdbc:h2:mem:t" + UUID.randomUUID().toString().replace("-", "")
                    + ";DB_CLOSE_DELAY=-1;MODE=PostgreSQL;DATABASE_TO_LOWER=TRUE;DEFAULT_NULL_ORDERING=HIGH");
        } else {
            PostgresSchema db = PostgresSchema.fresh();
            props.put("cantila.db.url", db.url());
            props.put("cantila.db.user", db.user());
            props.put("cantila.db.password", db.password());
        }
        props.putAll(overrides);
        Config config = Config.just(ConfigSources.create(props));
        return Settings.load(config, Map.of(), null, Path.of("target/test-data"));
    }

    public static App app(Clock clock, Map<String, String> overrides) {
        return App.create(settings(overrides), clock, key -> {
        });
    }

    /** An app whose voice timers are {@code timers} (their clock is the app's clock). */
    public static App app(ManualTimers timers, Map<String, String> overrides) {
        return App.create(settings(overrides), timers.clock(), timers, key -> {
        });
    }

    public static App app() {
        return app(Clock.systemUTC(), Map.of());
    }

    /** A new, empty schema on the integration tier's PostgreSQL ({@code -Dcantila.it.db.url}), as JDBC settings. */
    public record PostgresSchema(String url, String user, String password) {
        public static PostgresSchema fresh() {
            String pg = System.getProperty("cantila.it.db.url", "");
            String user = System.getProperty("cantila.it.db.user", "");
            String password = System.getProperty("cantila.it.db.password", "");
            return new PostgresSchema(dev.cantila.webhooks.testing.TestDatabase.newSchema(pg, user, password), user,
                    password);
        }
    }

    public static boolean onPostgres() {
        return !System.getProperty("cantila.it.db.url", "").isBlank();
    }
}
