package dev.cantila.engine;

import dev.cantila.engine.config.Settings;
import dev.cantila.engine.core.Ids;
import dev.cantila.engine.projects.ApiKeys;
import dev.cantila.engine.projects.Projects;
import dev.cantila.engine.sms.SenderDirectory;
import dev.cantila.engine.sms.Sms;
import dev.cantila.engine.sms.Templates;
import dev.cantila.engine.telephony.SimulatedCarrier;
import dev.cantila.engine.telephony.TelephonyProvider;
import dev.cantila.engine.storage.Database;

import java.time.Clock;
import java.util.ArrayList;
import java.util.List;
import java.util.function.Consumer;

/**
 * Every long-lived object of one engine instance, built by hand in dependency order. Tests build the same
 * {@code App} (with an in-memory or PostgreSQL database and, where they need it, a fake clock) and serve it
 * through {@link Main#routing}, so they exercise exactly the production wiring.
 */
public final class App implements AutoCloseable {
    final Settings settings;
    final Clock clock;
    final Database db;
    final ApiKeys keys;
    final Projects projects;
    final TelephonyProvider carrier;
    final Templates templates;
    final Sms sms;
    private final List<AutoCloseable> closeables = new ArrayList<>();

    private App(Settings settings, Clock clock, Database db, ApiKeys keys) {
        this.settings = settings;
        this.clock = clock;
        this.db = db;
        this.keys = keys;
        Ids ids = new Ids(clock);
        this.projects = new Projects(db, ids, clock, keys);
        this.carrier = new SimulatedCarrier(db, clock, settings.carrier(), settings.sms()::throughput);
        closeables.add(carrier);
        this.templates = new Templates(db, ids, clock, projects);
        this.sms = new Sms(db, clock, ids, new PlaceholderSenders(db), templates, carrier, settings.sms(),
                settings.carrier().burst(), projects);
        closeables.add(sms);
    }

    // PLACEHOLDER until branch numbers merges
    private record PlaceholderSenders(Database db) implements SenderDirectory {
        public java.util.Optional<Sender> active(String projectId) {
            return Database.one(db.exec(), "SELECT n.e164, n.number_type, n.cap_sms FROM sms_activations a JOIN numbers n ON n.e164 = a.e164 WHERE a.project_id = ?",
                    r -> new Sender(Database.str(r, "e164"), Database.str(r, "number_type"), Database.bool(r, "cap_sms")), projectId);
        }
        public java.util.Optional<Sender> held(String projectId, String e164) {
            return Database.one(db.exec(), "SELECT e164, number_type, cap_sms FROM numbers WHERE project_id = ? AND e164 = ?",
                    r -> new Sender(Database.str(r, "e164"), Database.str(r, "number_type"), Database.bool(r, "cap_sms")), projectId, e164);
        }
    }

    /**
     * Opens the database, runs migrations, and builds the services. Background workers are not started here but
     * by {@link #startWorkers()}, so that tests can drive them by hand under a fake clock.
     *
     * @param announceKey receives a generated operator key on the very first start (to print it once)
     */
    public static App create(Settings settings, Clock clock, Consumer<String> announceKey) {
        Database db = Database.open(settings.db());
        try {
            db.migrate();
            ApiKeys keys = ApiKeys.start(db, new Ids(clock), clock, settings.operatorKey(), announceKey);
            return new App(settings, clock, db, keys);
        } catch (RuntimeException e) {
            db.close();
            throw e;
        }
    }

    /** Starts the background workers (dispatcher, carrier simulation, billing accrual). */
    public void startWorkers() {
        carrier.start();
        sms.start();
    }

    public Settings settings() {
        return settings;
    }

    public Database database() {
        return db;
    }

    public TelephonyProvider carrier() {
        return carrier;
    }

    public Sms sms() {
        return sms;
    }

    public Projects projects() {
        return projects;
    }

    public Templates templates() {
        return templates;
    }

    @Override
    public void close() {
        for (int i = closeables.size() - 1; i >= 0; i--) {
            try {
                closeables.get(i).close();
            } catch (Exception e) {
                System.getLogger(App.class.getName()).log(System.Logger.Level.WARNING, "closing " + closeables.get(i), e);
            }
        }
        db.close();
    }
}
