package dev.cantila.webhooks.delivery;

import dev.cantila.webhooks.WebhookSettings;
import dev.cantila.webhooks.storage.Jdbc;

import java.time.Clock;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.Semaphore;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * Delivers due deliveries. Each worker has {@code concurrency} slots and a pool of as many platform threads; it
 * claims at most as many deliveries as it has free slots, so a slow endpoint occupies one slot for at most the
 * connect + request timeout while the others keep flowing. Several workers (engine instances) may share a
 * database. {@link #start()} runs a background loop that polls every {@code pollInterval} or when woken;
 * {@link #runOnce()} is the same step, synchronous, for tests and tools.
 */
public final class DeliveryWorker implements AutoCloseable {
    private static final System.Logger LOG = System.getLogger(DeliveryWorker.class.getName());
    private static final AtomicInteger WORKERS = new AtomicInteger();

    private final Claims claims;
    private final HttpPoster poster;
    private final Clock clock;
    private final WebhookSettings settings;
    private final Semaphore slots;
    private final Semaphore wakeups = new Semaphore(0);
    private final ExecutorService pool;
    private volatile boolean running;
    private Thread loop;

    public DeliveryWorker(Jdbc jdbc, Clock clock, WebhookSettings settings, Backoff backoff) {
        this.claims = new Claims(jdbc, clock, settings.lease(), settings.maxAttempts(), backoff);
        this.poster = new HttpPoster(clock, settings);
        this.clock = clock;
        this.settings = settings;
        this.slots = new Semaphore(settings.concurrency());
        String name = "cantila-webhooks-" + WORKERS.incrementAndGet() + "-";
        AtomicInteger threads = new AtomicInteger();
        this.pool = Executors.newFixedThreadPool(settings.concurrency(), r -> {
            Thread t = new Thread(r, name + threads.incrementAndGet());
            t.setDaemon(true);
            return t;
        });
    }

    /**
     * Claims the deliveries that are due now (as many as there are free slots), sends them in parallel and returns
     * when all of them are recorded.
     *
     * @return how many deliveries were attempted
     */
    public int runOnce() {
        List<Future<?>> sent = dispatch();
        for (Future<?> f : sent) {
            try {
                f.get(settings.lease().toMillis(), TimeUnit.MILLISECONDS);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new IllegalStateException("interrupted while waiting for " + sent.size() + " deliveries", e);
            } catch (ExecutionException | TimeoutException e) {
                throw new IllegalStateException("a webhook delivery did not complete within the lease "
                        + settings.lease(), e);
            }
        }
        return sent.size();
    }

    /** Starts the background loop. Idempotent. */
    public synchronized void start() {
        if (loop != null) {
            return;
        }
        running = true;
        loop = new Thread(this::loop, "cantila-webhooks-poller");
        loop.setDaemon(true);
        loop.start();
    }

    /** Makes the background loop look for due deliveries now (after an emit commits) instead of at its next poll. */
    public void wakeUp() {
        wakeups.release();
    }

    /**
     * Stops claiming, lets in-flight deliveries finish (they are bounded by the HTTP timeouts), then stops the
     * threads. Anything not finished stays in the database under a lease that expires, and is taken over.
     */
    @Override
    public synchronized void close() {
        running = false;
        wakeUp();
        try {
            if (loop != null) {
                loop.join(settings.pollInterval().toMillis() + 1000);
            }
            pool.shutdown();
            long grace = settings.connectTimeout().plus(settings.requestTimeout()).toMillis() + 1000;
            if (!pool.awaitTermination(grace, TimeUnit.MILLISECONDS)) {
                pool.shutdownNow();
            }
        } catch (InterruptedException e) {
            pool.shutdownNow();
            Thread.currentThread().interrupt();
        }
    }

    private void loop() {
        while (running) {
            int claimed = 0;
            try {
                claimed = dispatch().size();
            } catch (RuntimeException e) {
                LOG.log(System.Logger.Level.WARNING, "webhook worker: claiming due deliveries failed; retrying in "
                        + settings.pollInterval(), e);
            }
            if (claimed == 0 || slots.availablePermits() == 0) {
                try {
                    wakeups.tryAcquire(settings.pollInterval().toMillis(), TimeUnit.MILLISECONDS);
                    wakeups.drainPermits();
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                    return;
                }
            }
        }
    }

    /** Takes every free slot, claims that many deliveries, gives back the slots it could not fill. */
    private List<Future<?>> dispatch() {
        int free = slots.drainPermits();
        if (free == 0) {
            return List.of();
        }
        List<Claim> claimed;
        try {
            claimed = claims.claim(free);
        } catch (RuntimeException e) {
            slots.release(free);
            throw e;
        }
        slots.release(free - claimed.size());
        List<Future<?>> out = new ArrayList<>();
        for (Claim claim : claimed) {
            out.add(pool.submit(() -> deliver(claim)));
        }
        return out;
    }

    private void deliver(Claim claim) {
        try {
            long attemptedAt = clock.millis();
            Outcome outcome = poster.post(claim);
            claims.record(claim, attemptedAt, outcome);
        } catch (RuntimeException e) {
            LOG.log(System.Logger.Level.ERROR, "webhook delivery " + claim.deliveryId() + " to " + claim.url()
                    + ": recording the attempt failed; the lease will expire and it will be retried", e);
        } finally {
            slots.release();
            wakeUp();
        }
    }
}
