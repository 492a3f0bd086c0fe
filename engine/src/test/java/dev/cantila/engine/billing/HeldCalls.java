package dev.cantila.engine.billing;

import dev.cantila.engine.testing.Api;

import java.util.Map;

import static dev.cantila.engine.testing.Api.obj;
import static org.assertj.core.api.Assertions.assertThat;

/**
 * Routes a number's calls to a handler that holds each call on one long gather, so nothing but the caller's hangup
 * ends it while a test moves the clock. (A voicemail route runs its own greeting, beep and recording timers inside
 * such a clock jump: UsageRatingIT's call ended at 4 s of a 61 s jump on a CI run.)
 */
final class HeldCalls {
    private HeldCalls() {
    }

    static void route(Api api, String scriptsPath, String number) {
        String script = api.post(scriptsPath, obj("name", "hold", "source", """
                export async function onCall(call, ctx) {
                  await call.gather({ numDigits: 4, timeoutSeconds: 3600 });
                }
                """)).text("/id");
        Api.Resp r = api.put("/v1/numbers/" + number.substring(1) + "/routing", obj("voice", Map.of("script", script)));
        assertThat(r.status()).as(r.body()).isEqualTo(200);
    }
}
