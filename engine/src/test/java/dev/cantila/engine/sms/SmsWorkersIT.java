package dev.cantila.engine.sms;

import dev.cantila.engine.App;
import dev.cantila.engine.testing.TestApps;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

import java.util.Map;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;

import static org.assertj.core.api.Assertions.assertThat;

/** The production background workers (dispatcher thread, carrier reports) on the real clock. */
class SmsWorkersIT {
    private final App app = TestApps.app();

    @AfterEach
    void tearDown() {
        app.close();
    }

    @Test
    void startedWorkersDeliverWithoutAnyManualStep() throws Exception {
        String project = app.projects().create("workers", null).id();
        SmsFixtures.activate(app, project);
        CountDownLatch delivered = new CountDownLatch(3);
        app.sms().onStatus(SmsListener.afterCommit(m -> {
            if (m.status().equals("delivered")) {
                delivered.countDown();
            }
        }));
        app.startWorkers();
        for (int i = 0; i < 3; i++) {
            app.sms().service().send(project, new SmsService.SendRequest("+1415555020" + i, "hi", null, Map.of(),
                    null, null, null), null);
        }
        assertThat(delivered.await(10, TimeUnit.SECONDS)).as("3 messages delivered by the workers").isTrue();
    }
}
