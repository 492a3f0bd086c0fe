package dev.cantila.runtime;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.Map;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;

/** Fair shares: a tenant over its cap waits on itself; others get the free workers; abandoned workers are replaced. */
class WorkerPoolTest {

    @Test
    void aTenantAtItsCapQueuesBehindItselfWhileAnotherTenantRuns() throws Exception {
        try (WorkerPool pool = new WorkerPool(3, 2, 100, "test-pool-")) {
            CountDownLatch release = new CountDownLatch(1);
            CountDownLatch hostileStarted = new CountDownLatch(2);
            for (int i = 0; i < 5; i++) {
                pool.execute("hostile", () -> {
                    hostileStarted.countDown();
                    await(release);
                });
            }
            assertThat(hostileStarted.await(10, TimeUnit.SECONDS)).isTrue();
            CountDownLatch goodDone = new CountDownLatch(3);
            for (int i = 0; i < 3; i++) {
                pool.execute("good", goodDone::countDown);
            }

            assertThat(goodDone.await(10, TimeUnit.SECONDS)).as("good runs while hostile holds its share").isTrue();
            WorkerStats stats = pool.stats(0);
            assertThat(stats.busy()).isEqualTo(2);
            assertThat(stats.queued()).isEqualTo(Map.of("hostile", 3));
            release.countDown();
        }
    }

    @Test
    void anAbandonedWorkerIsReplacedAndItsTenantSlotFreed() throws Exception {
        try (WorkerPool pool = new WorkerPool(1, 1, 100, "test-pool-")) {
            CountDownLatch stuck = new CountDownLatch(1);
            CountDownLatch never = new CountDownLatch(1);
            Thread[] worker = new Thread[1];
            pool.execute("t", () -> {
                worker[0] = Thread.currentThread();
                stuck.countDown();
                await(never);
            });
            assertThat(stuck.await(10, TimeUnit.SECONDS)).isTrue();
            CountDownLatch next = new CountDownLatch(1);
            pool.execute("t", next::countDown);

            assertThat(pool.abandon(worker[0])).isTrue();
            assertThat(pool.abandon(worker[0])).as("idempotent").isFalse();

            assertThat(next.await(10, TimeUnit.SECONDS)).as("the replacement took the queued job").isTrue();
            assertThat(pool.stats(0).abandoned()).isEqualTo(1);
            assertThat(pool.stats(0).workers()).isEqualTo(1);
            never.countDown();
        }
    }

    @Test
    void aTenantsQueueIsBoundedOnItsOwn() throws Exception {
        try (WorkerPool pool = new WorkerPool(1, 1, 1, "test-pool-")) {
            CountDownLatch release = new CountDownLatch(1);
            CountDownLatch running = new CountDownLatch(1);
            pool.execute("a", () -> {
                running.countDown();
                await(release);
            });
            assertThat(running.await(10, TimeUnit.SECONDS)).isTrue();
            pool.execute("a", () -> { });

            assertThatThrownBy(() -> pool.execute("a", () -> { })).isInstanceOf(RejectedExecutionException.class)
                    .hasMessageContaining("tenant a");
            pool.execute("b", () -> { });
            release.countDown();
        }
    }

    private static void await(CountDownLatch latch) {
        try {
            latch.await();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
