package dev.cantila.bench;

import dev.cantila.engine.App;
import dev.cantila.engine.Main;
import dev.cantila.engine.config.Settings;
import io.helidon.config.Config;
import io.helidon.config.ConfigSources;
import io.helidon.webserver.WebServer;

import java.io.BufferedReader;
import java.io.InputStreamReader;
import java.lang.management.GarbageCollectorMXBean;
import java.lang.management.ManagementFactory;
import java.lang.management.MemoryUsage;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.time.Clock;
import java.util.Map;
import java.util.concurrent.atomic.AtomicInteger;
import javax.management.ObjectName;

/**
 * The engine side of {@link CallsBench}, in its own JVM so that its heap holds the engine alone: the production
 * {@link App} and routes on an ephemeral port and an H2 file database, voice over FreeSWITCH ({@code
 * CANTILA_FREESWITCH} = the first argument), workers started. It answers the driver on stdin/stdout, one line each,
 * prefixed {@code bench }: {@code heap} (full GCs, then used/committed/max heap bytes), {@code live} (calls live in
 * the engine), {@code answered} (calls that reached in-progress), {@code gc} (collections and their milliseconds so
 * far), {@code histogram} (the top of the live-heap class histogram; newlines escaped), {@code quit}.
 */
public final class CallsBenchEngine {
    private CallsBenchEngine() {
    }

    public static void main(String[] args) throws Exception {
        Settings settings = Settings.load(Config.just(ConfigSources.create(Map.of("cantila.api-key", BenchClient.KEY,
                "cantila.db.pool-size", "20"))), Map.of("CANTILA_FREESWITCH", args[0]), 0,
                Files.createTempDirectory("cantila-calls-bench"));
        AtomicInteger answered = new AtomicInteger();
        try (App app = App.create(settings, Clock.systemUTC(), k -> { })) {
            app.voice().onStatus(call -> {
                if (call.status().equals("in-progress")) {
                    answered.incrementAndGet();
                }
            });
            WebServer server = WebServer.builder().port(0).routing(r -> Main.routing(r, app)).build().start();
            app.startWorkers();
            say("ready " + server.port() + " " + app.scripts().runtime().implementationName());
            BufferedReader in = new BufferedReader(new InputStreamReader(System.in, StandardCharsets.UTF_8));
            for (String line = in.readLine(); line != null && !line.equals("quit"); line = in.readLine()) {
                switch (line) {
                    case "heap" -> say("heap " + heap());
                    case "live" -> say("live " + app.voice().calls().liveCalls());
                    case "answered" -> say("answered " + answered.get());
                    case "gc" -> say("gc " + gcCount() + " " + gcMillis());
                    case "histogram" -> say("histogram " + histogram(25).replace("\n", "\\n"));
                    default -> say("unknown " + line);
                }
            }
            server.stop();
        }
    }

    /** Used, committed and max heap after full collections (used is then about the live data). */
    private static String heap() {
        for (int i = 0; i < 3; i++) {
            System.gc();
        }
        MemoryUsage u = ManagementFactory.getMemoryMXBean().getHeapMemoryUsage();
        return u.getUsed() + " " + u.getCommitted() + " " + u.getMax();
    }

    private static long gcCount() {
        return ManagementFactory.getGarbageCollectorMXBeans().stream().mapToLong(GarbageCollectorMXBean::getCollectionCount)
                .sum();
    }

    private static long gcMillis() {
        return ManagementFactory.getGarbageCollectorMXBeans().stream().mapToLong(GarbageCollectorMXBean::getCollectionTime)
                .sum();
    }

    /** The first {@code lines} of {@code jcmd GC.class_histogram} (the classes holding the most live heap). */
    private static String histogram(int lines) throws Exception {
        String all = (String) ManagementFactory.getPlatformMBeanServer().invoke(
                new ObjectName("com.sun.management:type=DiagnosticCommand"), "gcClassHistogram",
                new Object[]{new String[0]}, new String[]{String[].class.getName()});
        return String.join("\n", all.lines().limit(lines).toList());
    }

    private static void say(String line) {
        System.out.println("bench " + line);
        System.out.flush();
    }
}
