package dev.cantila.engine.a2p;

import dev.cantila.engine.core.Worker;

import java.time.Clock;
import java.time.Duration;
import java.util.List;
import java.util.function.BiPredicate;
import java.util.function.LongFunction;
import java.util.logging.Logger;

/**
 * The simulated registry (The Campaign Registry, the carriers, the toll-free reviewers) at work: every pass takes
 * the brands, vettings, campaigns, campaign numbers and toll-free verifications whose {@code review_at} has come by
 * the engine's clock and takes one step on each (each step a compare-and-set in its own transaction, so two engine
 * instances never both take it), then charges the monthly fees of verified campaigns that fell due. The pending
 * steps live in the database: after a restart (even {@code kill -9}) the next pass takes them up.
 *
 * <p>Threading: one worker thread; {@link #runOnce()} is also called by tests under a fake clock.
 */
final class Reviewer implements AutoCloseable {
    private static final Logger LOG = Logger.getLogger(Reviewer.class.getName());

    private record Queue(String kind, LongFunction<List<String>> due, BiPredicate<String, Long> step) {
    }

    private final Clock clock;
    private final List<Queue> queues;
    private final Campaigns campaigns;
    private final Worker worker;

    Reviewer(Clock clock, Duration poll, Brands brands, Vettings vettings, Campaigns campaigns,
             CampaignNumbers numbers, TollFree tollFree) {
        this.clock = clock;
        this.campaigns = campaigns;
        this.queues = List.of(new Queue("brand", brands::due, brands::step),
                new Queue("vetting", vettings::due, vettings::step),
                new Queue("campaign", campaigns::due, campaigns::step),
                new Queue("number", numbers::due, numbers::step),
                new Queue("toll-free verification", tollFree::due, tollFree::step));
        this.worker = new Worker("a2p-reviewer", poll, () -> runOnce() > 0);
    }

    void start() {
        worker.start();
    }

    /** Takes every step due now; returns how many moved something. */
    int runOnce() {
        long now = clock.millis();
        int moved = 0;
        for (Queue q : queues) {
            for (String id : q.due().apply(now)) {
                try {
                    if (q.step().test(id, now)) {
                        moved++;
                    }
                } catch (RuntimeException e) {
                    LOG.warning("a2p reviewer: the step on " + q.kind() + " " + id + " failed (tried again next pass): "
                            + e.getMessage());
                }
            }
        }
        return moved + campaigns.accrue(now);
    }

    @Override
    public void close() {
        worker.close();
    }
}
