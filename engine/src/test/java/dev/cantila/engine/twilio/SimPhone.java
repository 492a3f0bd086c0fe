package dev.cantila.engine.twilio;

import dev.cantila.engine.testing.Api;
import dev.cantila.engine.testing.Poll;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;

import static dev.cantila.engine.testing.Api.obj;
import static org.assertj.core.api.Assertions.assertThat;

/** A caller on the simulated switch, through the public API: dials, presses keys, and says what it heard. */
final class SimPhone {
    private final Api api;
    private final String number;

    /** @param number the project's number this phone calls */
    SimPhone(Api api, String number) {
        this.api = api;
        this.number = number;
    }

    String call(String from) {
        Api.Resp r = api.post("/v1/sim/inbound-call", obj("from", from, "to", number));
        assertThat(r.status()).as(r.body()).isEqualTo(201);
        return r.text("/callId");
    }

    /** What the caller heard so far: "say text", "dtmf 1", "bridged +1…", "hangup …". */
    List<String> heard(String cid) {
        List<String> out = new ArrayList<>();
        api.get("/v1/sim/calls/" + cid).json().path("events").forEach(e -> out.add(e.get("type").asText()
                + (e.has("detail") ? " " + e.get("detail").asText() : "")));
        return out;
    }

    /** Waits until a line starting with {@code line} was heard; returns all heard by then. */
    List<String> awaitHeard(String cid, String line) {
        try {
            return Poll.until("'" + line + "' heard", Duration.ofSeconds(10), () -> {
                List<String> h = heard(cid);
                return h.stream().anyMatch(l -> l.startsWith(line)) ? h : null;
            });
        } catch (AssertionError e) {
            throw new AssertionError(e.getMessage() + " in " + heard(cid), e);
        }
    }

    /**
     * The call id of the newest call to the simulated handset {@code e164} once it was told something starting
     * with {@code said} (a Dial's child leg, whose phone hears the whisper).
     */
    String handset(String e164, String said) {
        return Poll.until(e164 + " told '" + said + "'", Duration.ofSeconds(10), () -> {
            String found = null;
            for (var c : api.get("/v1/sim/handsets/" + e164.substring(1) + "/calls").json().path("data")) {
                for (var line : c.path("said")) {
                    if (line.asText().startsWith(said)) {
                        found = c.get("callId").asText();
                    }
                }
            }
            return found;
        });
    }

    void press(String cid, String digits) {
        assertThat(api.post("/v1/sim/calls/" + cid + "/dtmf", obj("digits", digits)).status()).isEqualTo(202);
    }

    /** The far end of a bridge hangs up; the caller stays. */
    void farHangup(String cid) {
        assertThat(api.post("/v1/sim/calls/" + cid + "/hangup", obj("side", "far")).status()).isEqualTo(202);
    }
}
