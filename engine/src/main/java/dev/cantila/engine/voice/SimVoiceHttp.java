package dev.cantila.engine.voice;

import dev.cantila.engine.core.ApiException;
import dev.cantila.engine.http.AuthFilter;
import dev.cantila.engine.http.Caller;
import dev.cantila.engine.http.Json;
import dev.cantila.engine.http.JsonRequest;
import dev.cantila.engine.http.Limits;
import dev.cantila.engine.http.Query;
import dev.cantila.engine.phone.PhoneNumbers;
import io.helidon.http.Status;
import io.helidon.webserver.http.HttpRules;
import io.helidon.webserver.http.HttpService;
import io.helidon.webserver.http.ServerRequest;
import io.helidon.webserver.http.ServerResponse;

import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;

/**
 * {@code /v1/sim} voice routes of the simulated switch, playing the caller: place an inbound call, press digits,
 * hang up (or make the forwarded party hang up), read what the caller heard; set how forward and outbound targets
 * answer. Calls are named by their call id; allowed to the operator and the call's project (an inbound call: the
 * project holding {@code to}). Target behaviour is switch-wide: operator only.
 */
final class SimVoiceHttp implements HttpService {
    private static final int MAX_BODY = 4 * 1024;

    private final SimulatedSwitch sim;
    private final VoiceModule voice;

    SimVoiceHttp(SimulatedSwitch sim, VoiceModule voice) {
        this.sim = sim;
        this.voice = voice;
    }

    @Override
    public void routing(HttpRules rules) {
        rules.post("/inbound-call", this::inboundCall)
                .get("/calls/{cid}", this::transcript)
                .get("/handsets/{e164}/calls", this::handsetCalls)
                .post("/calls/{cid}/dtmf", this::dtmf)
                .post("/calls/{cid}/speech", this::speech)
                .post("/calls/{cid}/hangup", this::hangup)
                .put("/voice/targets/{e164}", this::target);
    }

    private void inboundCall(ServerRequest req, ServerResponse res) {
        JsonRequest b = Json.body(req, MAX_BODY, "from", "to");
        String from = b.string("from", Limits.PHONE);
        String to = b.string("to", Limits.PHONE);
        Caller caller = AuthFilter.caller(req);
        if (!caller.isOperator()) {
            String owner = voice.calls().dialled(to, from).map(n -> n.projectId()).orElseThrow(() ->
                    new ApiException(ApiException.Kind.FORBIDDEN, "forbidden", to
                            + " is not a voice number of this key's project", "to"));
            caller.requireProject(owner);
        }
        String uuid = wait(sim.inboundCall(from, to));
        String callId = wait(voice.calls().admission(uuid).orElse(CompletableFuture.completedFuture(null)));
        Map<String, Object> out = new LinkedHashMap<>();
        out.put("legId", uuid);
        out.put("callId", callId);
        out.put("admitted", callId != null);
        if (callId == null) {
            // the only refusal before a call record exists (VoiceCalls.admit): the caller hears "not in service"
            out.put("reason", "number_not_held");
            out.put("cause", "UNALLOCATED_NUMBER");
            out.put("message", "no project holds " + to + " as a voice number (released, or never bought): the"
                    + " switch rejected the call with UNALLOCATED_NUMBER");
        }
        Json.created(res, out);
    }

    private void transcript(ServerRequest req, ServerResponse res) {
        Call call = call(req);
        Map<String, Object> out = new LinkedHashMap<>();
        out.put("callId", call.id());
        out.put("status", call.status());
        out.putAll(sim.transcript(voice.legOf(call.projectId(), call.id())).orElse(Map.of()));
        Json.ok(res, out);
    }

    /**
     * What a simulated phone was told on the calls made to it (the newest 100, oldest first):
     * {@code {data: [{callId, from, status, createdAt, said: [what was spoken, in order], alive}]}} — a code call's
     * digits in clear, as the callee hears them (the switch keeps them in memory; the call's stored timeline has
     * them redacted). The operator sees every call; a project's key the calls its project made.
     */
    private void handsetCalls(ServerRequest req, ServerResponse res) {
        Caller caller = AuthFilter.caller(req);
        String raw = Query.path(req, "e164");
        String e164 = PhoneNumbers.toE164(raw.startsWith("+") ? raw : "+" + raw, null, "e164");
        java.util.List<Map<String, Object>> out = new java.util.ArrayList<>();
        for (Call call : voice.outboundTo(e164, caller.isOperator() ? null : caller.projectId())) {
            Map<String, Object> one = new LinkedHashMap<>();
            one.put("callId", call.id());
            one.put("from", call.from());
            one.put("status", call.status());
            one.put("createdAt", call.createdAt());
            Map<String, Object> heard = sim.transcript(voice.legOf(call.projectId(), call.id())).orElse(Map.of());
            java.util.List<String> said = new java.util.ArrayList<>();
            if (heard.get("events") instanceof java.util.List<?> lines) {
                for (Object line : lines) {
                    if (line instanceof Map<?, ?> l && "say".equals(l.get("type"))) {
                        said.add(String.valueOf(l.get("detail")));
                    }
                }
            }
            one.put("said", said);
            one.put("alive", Boolean.TRUE.equals(heard.get("alive")));
            out.add(one);
        }
        Json.ok(res, Map.of("data", out));
    }

    private void dtmf(ServerRequest req, ServerResponse res) {
        Call call = call(req);
        String digits = Json.body(req, MAX_BODY, "digits").string("digits", Limits.WORD);
        if (!digits.matches("[0-9*#A-D]{1,64}")) {
            throw ApiException.invalid("digits", "digits must be 1-64 of 0-9 * # A-D");
        }
        sim.dtmf(voice.legOf(call.projectId(), call.id()), digits);
        res.status(Status.ACCEPTED_202).send();
    }

    /**
     * {@code {text, confidence?}}: the caller says {@code text}; a TwiML {@code <Gather input="speech">} waiting
     * now ends with it as {@code SpeechResult} (and {@code Confidence}, default 1.0). Said at another time, it is
     * in the transcript only.
     */
    private void speech(ServerRequest req, ServerResponse res) {
        Call call = call(req);
        JsonRequest b = Json.body(req, MAX_BODY, "text", "confidence");
        String text = b.string("text", Limits.SPEECH).strip();
        if (text.isEmpty()) {
            throw ApiException.invalid("text", "text must say something");
        }
        Double confidence = b.optDouble("confidence");
        if (confidence != null && (confidence < 0 || confidence > 1)) {
            throw ApiException.invalid("confidence", "confidence must be from 0 to 1");
        }
        String uuid = voice.legOf(call.projectId(), call.id());
        sim.speech(uuid, text, () -> voice.calls().speech(uuid, text, confidence == null ? 1.0 : confidence));
        res.status(Status.ACCEPTED_202).send();
    }

    /** {@code {side: "caller" | "far"}} (default caller; far ends a bridge, the caller stays). */
    private void hangup(ServerRequest req, ServerResponse res) {
        Call call = call(req);
        JsonRequest b = req.headers().contentLength().orElse(0L) == 0 ? null : Json.body(req, MAX_BODY, "side");
        String side = b == null || b.optString("side", Limits.WORD) == null ? "caller" : b.optString("side", Limits.WORD);
        if (!side.equals("caller") && !side.equals("far")) {
            throw ApiException.invalid("side", "side must be caller or far");
        }
        sim.hangup(voice.legOf(call.projectId(), call.id()), side.equals("far"));
        res.status(Status.ACCEPTED_202).send();
    }

    /** {@code {answer: answered | busy | no-answer | failed, talkSeconds?}}. */
    private void target(ServerRequest req, ServerResponse res) {
        AuthFilter.caller(req).requireOperator();
        String e164 = PhoneNumbers.fromPath(Query.path(req, "e164"), "e164");
        JsonRequest b = Json.body(req, MAX_BODY, "answer", "talkSeconds");
        String answer = b.string("answer", Limits.WORD);
        if (!dev.cantila.engine.config.Settings.SimVoiceSettings.ANSWERS.contains(answer)) {
            throw ApiException.invalid("answer", "answer must be answered, busy, no-answer or failed");
        }
        Integer talk = b.optInt("talkSeconds");
        if (talk != null && (talk < 0 || talk > 86_400)) {
            throw ApiException.invalid("talkSeconds", "talkSeconds must be 0-86400");
        }
        SimulatedSwitch.Target t = new SimulatedSwitch.Target(answer, talk == null ? Duration.ofSeconds(3)
                : Duration.ofSeconds(talk));
        sim.target(e164, t);
        Json.ok(res, Map.of("e164", e164, "answer", t.answer(), "talkSeconds", t.talk().toSeconds()));
    }

    private Call call(ServerRequest req) {
        Call call = voice.find(Query.path(req, "cid"));
        AuthFilter.caller(req).requireProject(call.projectId());
        return call;
    }

    private static <T> T wait(CompletableFuture<T> f) {
        try {
            return f.get(10, TimeUnit.SECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted", e);
        } catch (ExecutionException | TimeoutException e) {
            throw new ApiException(ApiException.Kind.UNAVAILABLE, "switch_unavailable",
                    "the simulated switch did not take the call in 10 s", null);
        }
    }
}
