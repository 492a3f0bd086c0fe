package dev.cantila.engine.readme;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assumptions.assumeThat;

import com.fasterxml.jackson.databind.JsonNode;
import dev.cantila.engine.testing.TestApps;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.function.Predicate;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The README's "Five-minute tour (curl)" (with its voice part) and "Your first IVR in ten minutes", run as a reader
 * runs them: every indented code block of those sections ({@link ReadmeCommands}), in order, in one bash session
 * ({@link TourShell}) in a fresh folder that holds the repository's {@code ./cantila} and {@code samples/}, against
 * the shipped launcher's {@code ./cantila serve} started by the README's own line ({@link TourServer}). Placeholders
 * are filled as {@link Placeholders} writes down; nothing else is changed.
 *
 * <p>A step fails the test when its command exits non-zero, when any curl in it answers other than 2xx, or when its
 * check below does not hold. A reader looks again at a GET whose answer is not there yet ("again after a second"):
 * a plain {@code curl -s} GET is repeated until its check holds, for up to 20 s. Every check must meet its step, so
 * a README edit that drops a checked step fails here too, and is then a decision, not an accident.
 *
 * <p>Runs once, in the H2 pass of the integration tier: the tour uses the embedded database the README starts.
 */
class ReadmeTourIT {
    private static final Path REPO = Path.of("").toAbsolutePath().getParent();
    private static final List<String> SECTIONS = List.of("Five-minute tour (curl)",
            "A2P: register a brand and a campaign, then send", "Your first IVR in ten minutes",
            "Porting a number in (tour)");
    private static final Duration COMMAND_LIMIT = Duration.ofSeconds(90);
    private static final Duration LOOK_AGAIN = Duration.ofSeconds(20);
    /** What the reader saw, step by step, and the server's output: kept after the run, failed or not. */
    private static final Path TRANSCRIPT = Path.of("target", "readme-tour.txt");
    private static final Path SERVER_LOG = Path.of("target", "readme-tour-server.log");

    /** A check of the step whose README text contains {@code key}. */
    private record Check(String key, String expect, Predicate<TourShell.Outcome> holds) {
    }

    /** Values the checks compare with, taken from earlier answers (the call id of the tour's call). */
    private final Map<String, String> seen = new HashMap<>();

    private List<Check> checks() {
        return List.of(
                json("{\"name\":\"Acme\"}", "201 with the project's key, shown once",
                        j -> j.path("id").asText().startsWith("proj_") && j.path("apiKey").asText().startsWith("ck_")),
                json("sms/activate", "a number (e164)", j -> j.path("e164").asText().startsWith("+")),
                contains("/env -H", "CANTILA_SMS_NUMBER"),
                contains("billing/charges", "\"kind\":\"monthly\""),
                json("Idempotency-Key: order-42", "queued, one GSM-7 segment",
                        j -> j.path("segments").asInt() == 1 && j.path("encoding").asText().equals("GSM-7")),
                json("sms/messages/$M", "delivered (after a second)",
                        j -> j.path("status").asText().equals("delivered")),
                contains("sim/handsets/14155550150/messages -H", "Your Acme code is"),
                json("sms/otp/verify", "the code from the handset approved",
                        j -> j.path("status").asText().equals("approved")),
                contains("sms/otp?to=", "\"status\":\"approved\"", "\"sends\":1"),
                contains("sms/otp/stats", "\"approvals\":1"),
                json("\"channel\":\"call\"", "a code call placed", j -> j.path("callId").asText().startsWith("call_")
                        && j.path("channels").toString().equals("[\"call\"]")),
                contains("sim/handsets/14155550160/calls -H", "Your verification code is"),
                json("\\\"sendAt\\\"", "scheduled", j -> j.path("status").asText().equals("scheduled")),
                json("-X DELETE", "cancelled", j -> j.path("status").asText().startsWith("cancel")),
                contains("/preview", "Hi Ada, 20% off today only!"),
                json("sms/bulk -H", "recipients 2 (missing offer) and 3 (\"12\") rejected by index",
                        j -> j.path("rejections").size() == 2),
                json("sms/bulk/bulk_", "the batch's progress", j -> j.path("id").asText().startsWith("bulk_")),
                contains("threads/14155550123", "Your order shipped.", "hours?"),
                json("webhooks/deliveries -H", "the sms.inbound delivery, failed or retrying",
                        j -> j.path("data").size() > 0),
                contains("/redeliver", "dlv_"),
                contains("direction=outbound&limit=1", "We are open 9-5."),
                json("/executions", "the handler's runs", j -> j.path("data").size() > 0),
                printed("./cantila deploy samples/ivr-menu/handler.js", "deployed ivr-menu.js"),
                json("a2p/brands/$B", "the brand APPROVED by the reviewer, score 60",
                        j -> j.path("status").asText().equals("APPROVED") && j.path("trustScore").asInt() == 60),
                json("a2p/campaigns/$K -H", "the campaign VERIFIED", j -> j.path("status").asText().equals("VERIFIED")),
                json("a2p/campaigns/$K/numbers -H \"$H\"", "the number REGISTERED",
                        j -> j.path("data").path(0).path("status").asText().equals("REGISTERED")),
                contains("threads/14155550141", "you are unsubscribed from Acme order texts"),
                new Check("C=$(curl", "the call admitted", o -> {
                    JsonNode j = last(o);
                    seen.put("call", j.path("callId").asText());
                    return j.path("admitted").asBoolean();
                }),
                contains("/v1/sim/calls/$C -H", "Press 1 for bookings"),
                contains("\"digits\":\"2\"", ""),
                contains("\"digits\":\"0\"", ""),
                contains("voice/calls/$C", "We are open", "voicemail"),
                new Check("voice/voicemails", "the tour's call's voicemail, with its audio URL", o ->
                        last(o).path("data").path(0).path("callId").asText().equals(seen.get("call"))
                                && last(o).path("data").path(0).path("audioUrl").asText().contains("/audio")),
                printed("--digits 1 --forward no-answer", "voicemail"),
                printed("--call --digits 1", "forward"),
                printed("ivr.js scenarios/", "1 passed, 0 failed"),
                printed("../cantila deploy ivr.js", "deployed ivr.js"),
                contains("sms/deactivate", "\"status\":\"deactivated\""),
                contains("numbers/portability", "\"portable\":true", "tollfree_carrier_unsupported"),
                json("-F file=@bill.pdf", "a PDF document", j -> j.path("contentType").asText().equals("application/pdf")),
                json("losingCarrier\":{", "a port-in in review", j -> j.path("status").asText().equals("in_review")),
                json("# waiting_for_signature", "waiting for the signature",
                        j -> j.path("status").asText().equals("waiting_for_signature")),
                json("/sign -H", "submitted, signed by Ada", j -> j.path("status").asText().equals("submitted")
                        && j.path("signature").path("signerName").asText().equals("Ada Lovelace")),
                json("# completed, with its timeline", "completed (after a second)",
                        j -> j.path("status").asText().equals("completed") && j.path("timeline").size() == 5),
                json("%2B17205550142", "held by the project, no setup fee", j -> j.path("status").asText().equals("held")
                        && j.path("setupFee").path("amount").asLong() == 0),
                // after the deactivation the same call is refused, with the reason: last, so the earlier calls of
                // the tour and of step 4 meet the check below
                new Check("sim/inbound-call", "admitted, or after the release refused with reason number_not_held",
                        o -> seen.containsKey("released")
                                ? !last(o).path("admitted").asBoolean()
                                && last(o).path("reason").asText().equals("number_not_held")
                                : last(o).path("admitted").asBoolean()));
    }

    @Test
    void theToursRunAsWritten(@TempDir Path reader) throws Exception {
        assumeThat(TestApps.onPostgres()).as("the tour runs on the embedded H2 the README starts").isFalse();
        long t0 = System.nanoTime();
        List<ReadmeCommands.Command> commands = ReadmeCommands.of(REPO.resolve("README.md"), SECTIONS);
        ReadmeCommands.Command serve = commands.stream().filter(c -> c.text().contains("./cantila serve"))
                .findFirst().orElseThrow(() -> new AssertionError("the tour starts no ./cantila serve"));
        assertThat(commands.size()).as("commands found in %s", SECTIONS).isGreaterThan(40);

        // the reader's folder: ./cantila and samples/ as in a clone; what the tour writes (hours.js, myivr/) stays here
        Path launcher = reader.resolve("cantila");
        Files.writeString(launcher, "#!/bin/sh\nexec '" + REPO.resolve("cantila") + "' \"$@\"\n");
        Files.setPosixFilePermissions(launcher, PosixFilePermissions.fromString("rwxr-xr-x"));
        Files.createSymbolicLink(reader.resolve("samples"), REPO.resolve("samples"));
        Path answers = Files.createDirectory(reader.resolve(".answers"));
        Map<String, String> env = readersEnvironment();
        Map<String, String> literal = new HashMap<>(Map.of("/tmp/cantila-demo", reader.resolve("data").toString()));
        int listener = TourServer.freePort();

        try (TourServer server = new TourServer(new Placeholders(literal, listener).fill(serve.text()), reader, env,
                reader.resolve("server.log"))) {
            server.awaitReady(Duration.ofMinutes(3));
            long started = System.nanoTime();
            literal.put("cop_...", server.operatorKey());
            literal.put("http://localhost:8080", "http://localhost:" + server.port);
            Placeholders placeholders = new Placeholders(literal, listener);
            List<TourShell.Outcome> transcript = new ArrayList<>();
            Map<String, Long> slowest = new HashMap<>();
            Set<String> met = new LinkedHashSet<>();
            Files.writeString(TRANSCRIPT, "");
            try (TourShell shell = new TourShell(reader, env, answers)) {
                for (ReadmeCommands.Command c : commands) {
                    if (c == serve) {
                        continue;
                    }
                    long s0 = System.nanoTime();
                    TourShell.Outcome o = step(shell, placeholders, c, met, server);
                    slowest.put(c.firstLine(), (System.nanoTime() - s0) / 1_000_000);
                    transcript.add(o);
                    Files.writeString(TRANSCRIPT, o + "\n\n", java.nio.file.StandardOpenOption.APPEND);
                    if (o.exit() != 0 || o.answers().stream().anyMatch(a -> a.status() / 100 != 2)) {
                        throw new AssertionError("README step failed (" + c.section() + "):\n" + o
                                + "\n\nbefore it:\n" + tail(transcript, 4) + "\n\nserver:\n" + tailOf(server.output()));
                    }
                    placeholders.answered(o.answers());
                    if (c.text().contains("sms/deactivate")) {
                        seen.put("released", "yes");
                    }
                }
            } finally {
                Files.writeString(SERVER_LOG, server.output());
            }
            assertThat(met).as("every check met its README step").containsExactlyInAnyOrderElementsOf(
                    checks().stream().map(Check::key).toList());
            System.out.printf("README tours: %d commands, %d answers, %d s (server ready after %d s); slowest: %s%n",
                    transcript.size(), transcript.stream().mapToInt(o -> o.answers().size()).sum(),
                    (System.nanoTime() - t0) / 1_000_000_000, (started - t0) / 1_000_000_000,
                    slowest.entrySet().stream().sorted(Map.Entry.<String, Long>comparingByValue().reversed()).limit(6)
                            .map(e -> e.getValue() + " ms " + e.getKey()).toList());
        }
    }

    /** Runs one README command; a GET whose check does not hold yet is looked at again, as a reader would. */
    private TourShell.Outcome step(TourShell shell, Placeholders placeholders, ReadmeCommands.Command c,
                                   Set<String> met, TourServer server) throws IOException, InterruptedException {
        String command = placeholders.fill(c.text());
        Check check = checks().stream().filter(k -> c.text().contains(k.key())).findFirst().orElse(null);
        TourShell.Outcome o = shell.run(command, COMMAND_LIMIT);
        if (check == null) {
            return o;
        }
        met.add(check.key());
        long deadline = System.nanoTime() + LOOK_AGAIN.toNanos();
        while (!check.holds().test(o)) {
            if (!lookAgain(c.text()) || System.nanoTime() > deadline) {
                throw new AssertionError("README step answered, but not " + check.expect() + " (" + c.section()
                        + "):\n" + o + "\n\nserver:\n" + tailOf(server.output()));
            }
            Thread.sleep(300); // the reader's pause before looking again; the server is another process
            o = shell.run(command, COMMAND_LIMIT);
        }
        return o;
    }

    /** A plain GET ({@code curl -s URL …} without -X or a body) may be repeated. */
    private static boolean lookAgain(String text) {
        return text.startsWith("curl -s ") && !text.contains(" -X ") && !text.contains(" -d ");
    }

    private static Check contains(String key, String... texts) {
        return new Check(key, "containing " + List.of(texts), o -> {
            String body = o.answers().isEmpty() ? o.output() : o.answers().getLast().body();
            return List.of(texts).stream().allMatch(body::contains);
        });
    }

    private static Check json(String key, String expect, Predicate<JsonNode> holds) {
        return new Check(key, expect, o -> holds.test(last(o)));
    }

    private static Check printed(String key, String text) {
        return new Check(key, "printing '" + text + "'", o -> o.output().contains(text));
    }

    private static JsonNode last(TourShell.Outcome o) {
        return o.answers().isEmpty() ? com.fasterxml.jackson.databind.node.NullNode.getInstance()
                : o.answers().getLast().json();
    }

    /** The environment of a new terminal: this one's, without any Cantila setting of the build's own. */
    private static Map<String, String> readersEnvironment() {
        Map<String, String> env = new HashMap<>(System.getenv());
        env.keySet().removeIf(k -> k.startsWith("CANTILA_"));
        return env;
    }

    private static String tail(List<TourShell.Outcome> transcript, int n) {
        List<TourShell.Outcome> last = transcript.subList(Math.max(0, transcript.size() - 1 - n),
                Math.max(0, transcript.size() - 1));
        return String.join("\n", last.stream().map(TourShell.Outcome::toString).toList());
    }

    private static String tailOf(String log) {
        List<String> lines = log.lines().toList();
        return String.join("\n", lines.subList(Math.max(0, lines.size() - 40), lines.size()));
    }
}
