package dev.cantila.engine.sms;

import dev.cantila.engine.App;

/** Test shorthand: activates SMS on the first available US local number through the real activation. */
final class SmsFixtures {
    private SmsFixtures() {
    }

    static String activate(App app, String project) {
        return app.smsActivation().activate(project, "US", "local", null).e164();
    }
}
