package dev.cantila.engine.sms;

import dev.cantila.engine.App;
import dev.cantila.engine.config.Settings;
import dev.cantila.engine.testing.MutableClock;
import dev.cantila.engine.testing.TestApps;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * In-process engines on one test database and one manual clock, with no background worker: the first is started
 * with a project whose SMS is active; {@link #start()} starts another instance over the same database (a restart,
 * or a second engine beside the first); {@link #close()} closes them all.
 */
final class SmsEngines implements AutoCloseable {
    final MutableClock clock;
    final Settings settings;
    final App first;
    final String project;
    final String sender;
    private final List<App> apps = new ArrayList<>();

    SmsEngines(String startAt, Map<String, String> overrides, String projectName) {
        clock = MutableClock.at(startAt);
        settings = TestApps.settings(overrides);
        first = start();
        project = first.projects().create(projectName, null).id();
        sender = SmsFixtures.activate(first, project);
    }

    App start() {
        App a = App.create(settings, clock, k -> {
        });
        apps.add(a);
        return a;
    }

    /** Closes {@code a} and forgets it, before a restart over the same database. */
    void stop(App a) {
        a.close();
        apps.remove(a);
    }

    @Override
    public void close() {
        apps.forEach(App::close);
    }
}
