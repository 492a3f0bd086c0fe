package dev.cantila.engine.voice;

import dev.cantila.engine.App;
import dev.cantila.engine.Main;
import dev.cantila.engine.config.Settings;
import dev.cantila.engine.testing.Api;
import dev.cantila.engine.testing.TestApps;
import io.helidon.config.Config;
import io.helidon.webserver.WebServer;

import java.net.URI;
import java.time.Clock;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.function.Consumer;

/**
 * One engine instance of a multi-instance test: a real {@link App} with the production routes on an ephemeral
 * port, its SMS dispatcher, carrier reporter and webhook worker running; its heartbeat is left to the test.
 *
 * @param api a client of its API (the operator's key until {@link #as})
 */
record EngineInstance(String id, App app, WebServer server, Api api, Settings settings) {

    static EngineInstance start(Settings settings, Clock clock, Consumer<Call> statuses) {
        App app = App.create(settings, clock, key -> {
        });
        app.voice().onStatus(statuses);
        WebServer server = WebServer.builder().config(Config.create().get("server")).port(0)
                .routing(r -> Main.routing(r, app)).build().start();
        app.sms().start();
        app.carrier().start();
        app.webhooks().start();
        return new EngineInstance(settings.instance().id(), app, server,
                new Api(URI.create("http://localhost:" + server.port()), TestApps.OPERATOR_KEY), settings);
    }

    EngineInstance as(String key) {
        return new EngineInstance(id, app, server, api.as(key), settings);
    }

    /** The id of the call of {@code leg} if this instance admitted it; empty if it did not (or not yet). */
    Optional<String> admitted(String leg) {
        return app.voice().calls().admission(leg).filter(CompletableFuture::isDone).map(CompletableFuture::join);
    }

    /** "kill -9" in process: its switch connections close without a word, its workers and API stop. */
    void crash() {
        app.voiceSwitch().close();
        server.stop();
        app.sms().close();
        app.carrier().close();
        app.webhooks().close();
    }

    /** After the test, crashed or not. */
    void stop() {
        server.stop();
        app.close();
    }
}
