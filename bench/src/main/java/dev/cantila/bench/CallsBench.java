package dev.cantila.bench;

import dev.cantila.engine.freeswitch.FakeFreeSwitch;

import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.Semaphore;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.locks.LockSupport;

/**
 * Issue #4's figures: calls parked in {@code gather} through the ESL path. This JVM runs the fake FreeSWITCH (a real
 * TCP event socket) and the load; the engine runs in a second JVM ({@link EngineProcess}) so that its heap holds
 * the engine alone, as beside a real FreeSWITCH. Both share this machine's cores.
 *
 * <p>(a) Heap per parked call: full GCs, used heap; {@code --calls} inbound calls parked (at most {@value #IN_FLIGHT}
 * being set up at once) until each is answered and waiting in its gather; full GCs, used heap again. (b) DTMF to
 * script resumed: with those calls parked, one digit every {@code 1/--rate} s (open loop, round robin over the
 * calls); each latency runs from just before the fake writes the DTMF event to the arrival of the {@code speak} the
 * script's next helper sends ({@code sendmsg} read by the fake), both {@code nanoTime} in this JVM. The first
 * {@code --warmup} samples are dropped. A warm-up round of {@value #WARM_CALLS} calls runs (and ends) before (a).
 *
 * <p>Run: {@code bench/run-calls-bench [--calls 10000] [--samples 2000] [--warmup 2000] [--rate 200]
 * [--engine-xmx 1g] [--histogram yes]}
 */
public final class CallsBench {
    static final String SCRIPT = """
            export async function onCall(call) {
              for (;;) {
                const digits = await call.gather({ numDigits: 1, timeoutSeconds: 3600 });
                await call.say('You pressed ' + digits);
              }
            }
            """;
    static final int IN_FLIGHT = 64;
    static final int WARM_CALLS = 500;
    static final Duration WAIT = Duration.ofMinutes(5);

    private final FakeFreeSwitch fs;
    private final Semaphore setup = new Semaphore(IN_FLIGHT);
    private final Map<String, Long> dtmfSentAt = new ConcurrentHashMap<>();
    private volatile long[] latencies = new long[0];
    private final AtomicInteger measured = new AtomicInteger();
    private volatile CountDownLatch allMeasured = new CountDownLatch(0);

    private CallsBench(FakeFreeSwitch fs) {
        this.fs = fs;
        fs.onExecute(this::executed);
    }

    /** On the fake's connection thread: an answer ends a call's set-up; a speak ends a latency sample. */
    private void executed(String uuid, String app) {
        long now = System.nanoTime();
        if (app.equals("answer")) {
            setup.release();
        } else if (app.equals("speak")) {
            Long sent = dtmfSentAt.remove(uuid);
            int i = sent == null ? -1 : measured.getAndIncrement();
            if (i >= 0 && i < latencies.length) {
                latencies[i] = now - sent;
                allMeasured.countDown();
            }
        }
    }

    public static void main(String[] args) throws Exception {
        Map<String, String> opts = BenchClient.options(args);
        int calls = Integer.parseInt(opts.getOrDefault("calls", "10000"));
        int samples = Integer.parseInt(opts.getOrDefault("samples", "2000"));
        int warmup = Integer.parseInt(opts.getOrDefault("warmup", "2000"));
        int rate = Integer.parseInt(opts.getOrDefault("rate", "200"));
        String xmx = opts.getOrDefault("engine-xmx", "1g");
        try (FakeFreeSwitch fs = FakeFreeSwitch.start(); EngineProcess engine = new EngineProcess(fs.spec("fs1"), xmx)) {
            fs.awaitSubscribers(1, WAIT);
            System.out.printf("cantila calls bench: %d cores, Java %s, engine JVM -Xmx%s, JS runtime %s%n",
                    Runtime.getRuntime().availableProcessors(), Runtime.version(), xmx, engine.jsRuntime);
            CallsBench bench = new CallsBench(fs);
            String number = new BenchClient(engine.port).routedScript("calls", "parked.js", SCRIPT, "voice").number();

            List<String> warm = bench.park(number, WARM_CALLS, 0);
            bench.latency(warm, 4 * WARM_CALLS, rate);
            warm.forEach(uuid -> fs.hangup(uuid, "NORMAL_CLEARING"));
            await(engine, "live", 0);
            long before = engine.number("heap");

            long t0 = System.nanoTime();
            List<String> parked = bench.park(number, calls, WARM_CALLS);
            await(engine, "answered", WARM_CALLS + calls);
            double parkSeconds = (System.nanoTime() - t0) / 1e9;
            String[] after = engine.ask("heap").split(" ");
            long used = Long.parseLong(after[0]);
            System.out.printf("(a) %d calls parked in gather in %.1f s (%.0f/s); heap used %.1f MB before, %.1f MB after"
                            + " (committed %.1f MB, max %.1f MB): %,d bytes per parked call; %d calls would take %.0f MB"
                            + " over the baseline%n", calls, parkSeconds, calls / parkSeconds, before / 1e6, used / 1e6,
                    Long.parseLong(after[1]) / 1e6, Long.parseLong(after[2]) / 1e6, (used - before) / calls, 10_000,
                    (used - before) / (double) calls * 10_000 / 1e6);

            if (opts.containsKey("histogram")) {
                System.out.println(engine.ask("histogram").replace("\\n", "\n"));
            }
            long[] gcBefore = longs(engine.ask("gc"));
            long[] lat = bench.latency(parked, warmup + samples, rate);
            long[] gcAfter = longs(engine.ask("gc"));
            long[] kept = Arrays.copyOfRange(lat, warmup, lat.length);
            Arrays.sort(kept);
            System.out.printf("(b) DTMF → script's next helper at the switch, %d samples at %d/s with %d calls parked:"
                            + " p50 %.2f ms, p90 %.2f ms, p99 %.2f ms, max %.2f ms; engine GC meanwhile: %d collections,"
                            + " %d ms%n", kept.length, rate, calls, kept[kept.length / 2] / 1e6,
                    kept[(int) (kept.length * 0.9)] / 1e6, kept[(int) (kept.length * 0.99)] / 1e6,
                    kept[kept.length - 1] / 1e6, gcAfter[0] - gcBefore[0], gcAfter[1] - gcBefore[1]);
        }
    }

    private static long[] longs(String words) {
        return Arrays.stream(words.split(" ")).mapToLong(Long::parseLong).toArray();
    }

    /** Parks {@code n} inbound calls; returns once each has been answered by its script's gather. */
    private List<String> park(String number, int n, int firstCaller) throws InterruptedException {
        List<String> legs = new ArrayList<>(n);
        for (int i = 0; i < n; i++) {
            if (!setup.tryAcquire(WAIT.toSeconds(), TimeUnit.SECONDS)) {
                throw new IllegalStateException("no answer within " + WAIT + " after " + i + " calls");
            }
            int caller = firstCaller + i;
            legs.add(fs.parkInbound(String.format("+1415%03d%04d", 200 + caller / 10_000, caller % 10_000), number));
        }
        if (!setup.tryAcquire(IN_FLIGHT, WAIT.toSeconds(), TimeUnit.SECONDS)) {
            throw new IllegalStateException("the last calls were not answered within " + WAIT);
        }
        setup.release(IN_FLIGHT);
        return legs;
    }

    /** {@code n} DTMF-to-speak latencies, one digit every {@code 1/rate} s round robin over {@code calls}. */
    private long[] latency(List<String> calls, int n, int rate) throws InterruptedException {
        latencies = new long[n];
        measured.set(0);
        allMeasured = new CountDownLatch(n);
        AtomicInteger next = new AtomicInteger();
        ScheduledExecutorService ticker = Executors.newSingleThreadScheduledExecutor();
        ScheduledFuture<?> ticks = ticker.scheduleAtFixedRate(() -> {
            int i = next.getAndIncrement();
            if (i < n) {
                String uuid = calls.get(i % calls.size());
                dtmfSentAt.put(uuid, System.nanoTime());
                fs.dtmf(uuid, "5");
            }
        }, 0, 1_000_000_000L / rate, TimeUnit.NANOSECONDS);
        try {
            if (!allMeasured.await(WAIT.toSeconds() + n / rate, TimeUnit.SECONDS)) {
                throw new IllegalStateException("only " + measured.get() + " of " + n + " digits were answered");
            }
        } finally {
            ticks.cancel(false);
            ticker.shutdownNow();
        }
        return latencies;
    }

    /** Polls the engine until {@code what} reads {@code expected}. */
    private static void await(EngineProcess engine, String what, long expected) throws Exception {
        long deadline = System.nanoTime() + WAIT.toNanos();
        long seen;
        while ((seen = engine.number(what)) != expected) {
            if (System.nanoTime() > deadline) {
                throw new IllegalStateException(what + " is " + seen + ", expected " + expected + " within " + WAIT);
            }
            LockSupport.parkNanos(50_000_000);
        }
    }
}
