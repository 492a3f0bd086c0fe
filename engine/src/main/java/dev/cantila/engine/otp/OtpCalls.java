package dev.cantila.engine.otp;

import dev.cantila.engine.core.ApiException;
import dev.cantila.engine.storage.Database;
import dev.cantila.engine.voice.Call;
import dev.cantila.engine.voice.CallProgram;
import dev.cantila.engine.voice.VoiceModule;

import java.time.Duration;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;

/**
 * The {@code call} channel: an outbound call through the voice stack (the simulated switch or FreeSWITCH alike) that
 * reads the code digit by digit, twice, then offers "press 1 to hear it again" (a gather; up to {@link #REPEATS}
 * times). The call's row holds only the verification id as its route target; the code is opened from the
 * verification's sealed copy when the call is answered, spoken, and never written down: the call's timeline keeps
 * the sentence with every digit replaced by {@code •}. A verification that ended before the callee answered is not
 * read out ("this code is no longer valid").
 */
final class OtpCalls implements CallProgram {
    static final String KIND = "otp";
    static final int REPEATS = 3;
    private static final int RING_SECONDS = 30;
    private static final Duration GATHER = Duration.ofSeconds(5);

    /** Per language: code (with {app}), code without an app, again, press 1, once more, goodbye, no longer valid. */
    private static final Map<String, String[]> PHRASES = Map.of(
            "en", new String[] {"Hello. Your {app} code is {code}.", "Hello. Your verification code is {code}.",
                    "Again, your code is {code}.", "Press 1 to hear it again.", "Your code is {code}.", "Goodbye.",
                    "This code is no longer valid. Goodbye."},
            "es", new String[] {"Hola. Tu código de {app} es {code}.", "Hola. Tu código de verificación es {code}.",
                    "Repito, tu código es {code}.", "Pulsa 1 para escucharlo de nuevo.", "Tu código es {code}.",
                    "Adiós.", "Este código ya no es válido. Adiós."},
            "fr", new String[] {"Bonjour. Votre code {app} est {code}.", "Bonjour. Votre code de vérification est {code}.",
                    "Je répète, votre code est {code}.", "Appuyez sur 1 pour l'entendre à nouveau.",
                    "Votre code est {code}.", "Au revoir.", "Ce code n'est plus valide. Au revoir."},
            "de", new String[] {"Hallo. Ihr {app}-Code lautet {code}.", "Hallo. Ihr Bestätigungscode lautet {code}.",
                    "Noch einmal, Ihr Code lautet {code}.", "Drücken Sie 1, um ihn noch einmal zu hören.",
                    "Ihr Code lautet {code}.", "Auf Wiederhören.", "Dieser Code ist nicht mehr gültig. Auf Wiederhören."},
            "pt", new String[] {"Olá. Seu código {app} é {code}.", "Olá. Seu código de verificação é {code}.",
                    "Repetindo, seu código é {code}.", "Pressione 1 para ouvi-lo novamente.", "Seu código é {code}.",
                    "Até logo.", "Este código não é mais válido. Até logo."});

    private final Database db;
    private final java.time.Clock clock;
    private final OtpStore store;
    private final OtpSecret secret;
    private final OtpEvents events;
    private final VoiceModule voice;

    /** What code calls need. */
    record Parts(Database db, java.time.Clock clock, OtpStore store, OtpSecret secret, OtpEvents events,
                 VoiceModule voice) {
    }

    OtpCalls(Parts p) {
        this.db = p.db();
        this.clock = p.clock();
        this.store = p.store();
        this.secret = p.secret();
        this.events = p.events();
        this.voice = p.voice();
        voice.program(KIND, this);
    }

    /**
     * The number code calls come from: the project's SMS number when it can make calls, else its first held voice
     * number; 422 {@code no_voice_number} (naming {@code channel}) when it holds none.
     */
    String caller(String projectId, String smsSender) {
        return Database.one(db.exec(), "SELECT e164 FROM numbers WHERE project_id = ? AND status = 'held' AND"
                        + " cap_voice = TRUE ORDER BY CASE WHEN e164 = ? THEN 0 ELSE 1 END, e164 LIMIT 1",
                r -> Database.str(r, "e164"), projectId, smsSender).orElseThrow(() -> ApiException.unprocessable(
                "no_voice_number", "project " + projectId + " holds no number that can make calls: buy one with"
                        + " voice (POST …/numbers) to send codes by call", "channel"));
    }

    /**
     * Places the code call of pending {@code r} from {@code from} and records it: {@code channels}, {@code callId},
     * and {@code otp.requested} via call as send {@code seq}. Returns the row after it.
     */
    OtpStore.Row send(OtpStore.Row r, String from, int seq) {
        String callId = place(r.projectId(), from, r.to(), r.id());
        OtpStore.Row after = r.called(callId);
        db.inJdbcTx(tx -> {
            store.called(tx, after, clock.millis());
            events.requested(tx, after, seq, "call", callId);
            return null;
        });
        return after;
    }

    /** Places the code call of verification {@code id}; returns the call id. */
    String place(String projectId, String from, String to, String id) {
        return voice.calls().originateProgram(projectId, from, to, KIND, id, RING_SECONDS).id();
    }

    @Override
    public CompletableFuture<?> run(Call call, String id, Channel ch) {
        Optional<OtpStore.Row> row = store.get(call.projectId(), id)
                .filter(r -> r.status() == OtpStatus.PENDING && r.codeSealed() != null);
        String code = row.map(r -> secret.open(r.codeSealed())).orElse(null);
        String[] p = PHRASES.getOrDefault(row.map(r -> r.style().locale()).orElse("en"), PHRASES.get("en"));
        if (code == null) {
            return ch.say(p[6], p[6]).thenCompose(v -> ch.hangup());
        }
        String app = row.get().style().appName();
        Spoken first = spoken(app == null ? p[1] : p[0].replace("{app}", app), code);
        Spoken again = spoken(p[2], code);
        Spoken more = spoken(p[4], code);
        return ch.say(first.clear(), first.shown())
                .thenCompose(v -> ch.pause(Duration.ofSeconds(1)))
                .thenCompose(v -> ch.say(again.clear(), again.shown()))
                .thenCompose(v -> offer(ch, p[3], more, REPEATS))
                .thenCompose(v -> ch.say(p[5], p[5]))
                .thenCompose(v -> ch.hangup());
    }

    /** "Press 1 to hear it again", and the code once more each time 1 is pressed (at most {@code left} times). */
    private static CompletableFuture<Void> offer(Channel ch, String prompt, Spoken more, int left) {
        if (left == 0) {
            return CompletableFuture.completedFuture(null);
        }
        return ch.gather(prompt, 1, GATHER).thenCompose(key -> !"1".equals(key)
                ? CompletableFuture.completedFuture(null)
                : ch.say(more.clear(), more.shown()).thenCompose(v -> offer(ch, prompt, more, left - 1)));
    }

    /** A sentence with the code read digit by digit ("4, 8, 2"), and as the timeline keeps it ("•, •, •"). */
    record Spoken(String clear, String shown) {
    }

    static Spoken spoken(String sentence, String code) {
        String digits = String.join(", ", code.split(""));
        return new Spoken(sentence.replace("{code}", digits), sentence.replace("{code}", digits.replaceAll("\\d", "•")));
    }
}
