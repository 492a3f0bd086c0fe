package dev.cantila.scripts.functions;

import static org.assertj.core.api.Assertions.assertThat;

import dev.cantila.scripts.cli.TestCommand;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import picocli.CommandLine;

/**
 * {@code cantila test PROJECT} on Twilio Functions projects: every voice verb the engine runs (nested Gather prompts,
 * Dial to several numbers and to a conference, Record with RecordingUrl, Redirect, Reject), messaging TwiML with
 * Body and Redirect, {@code messages.create} / {@code calls.create}, and how faults read: an unknown verb, a
 * function's error at file:line:column, a URL outside the project, a path with no function.
 */
class FunctionsProjectTest {
    @TempDir
    Path root;

    private final ByteArrayOutputStream bytes = new ByteArrayOutputStream();

    private int run(String... args) {
        return new CommandLine(new TestCommand(new PrintStream(bytes, true, StandardCharsets.UTF_8))).execute(args);
    }

    private String output() {
        return bytes.toString(StandardCharsets.UTF_8);
    }

    private void write(String path, String text) throws IOException {
        Path p = root.resolve(path);
        Files.createDirectories(p.getParent());
        Files.writeString(p, text);
    }

    private static String handler(String body) {
        return "exports.handler = function (context, event, callback) {\n"
                + "  const twiml = new Twilio.twiml.VoiceResponse();\n" + body + "\n  callback(null, twiml);\n};\n";
    }

    @Test
    void everyVoiceVerbAndMessagingRunsOfflineAsInTheEngine() throws IOException {
        write("p/.env", "GREETING=Welcome to Acme\n");
        write("p/functions/voice.js", handler("""
                  const g = twiml.gather({ numDigits: 1, action: 'menu', timeout: 3, actionOnEmptyResult: true });
                  g.say({ voice: 'alice' }, context.GREETING);
                  g.pause({ length: 2 });
                  g.play('beep.mp3');
                  twiml.say('unreachable');"""));
        write("p/functions/menu.js", handler("""
                  if (event.Digits === '1') { twiml.dial({ timeout: 10 }).number('+14155550101'); }
                  else if (event.Digits === '2') {
                    const d = twiml.dial({ action: 'after' });
                    d.number('+14155550101'); d.number('+14155550102');
                  } else if (event.Digits === '5') {
                    twiml.dial({ action: 'after', timeLimit: 30 }).number({ sendDigits: 'ww1234#' }, '+14155550101');
                  } else if (event.Digits === '3') { twiml.dial().conference({ muted: true }, 'room-7'); }
                  else if (event.Digits === '4') { twiml.record({ maxLength: 3, action: '/saved', playBeep: false }); }
                  else { twiml.say(`empty: [${event.Digits}]`); twiml.redirect('/voice'); }"""));
        write("p/functions/after.js", handler(
                "twiml.say(`dial ${event.DialCallStatus} ${event.DialCallDuration}`); twiml.hangup();"));
        write("p/functions/saved.js", handler(
                "twiml.say(`got ${event.RecordingDuration} s at ${event.RecordingUrl}`);"));
        write("p/functions/sms.js", """
                exports.handler = async (context, event, callback) => {
                  const client = context.getTwilioClient();
                  await client.messages.create({ to: '+14155550199', body: 'fyi: ' + event.Body });
                  const twiml = new Twilio.twiml.MessagingResponse();
                  twiml.message().body('thanks');
                  twiml.redirect('more');
                  callback(null, twiml);
                };
                """);
        write("p/functions/more.js", """
                exports.handler = (context, event, callback) => {
                  const twiml = new Twilio.twiml.MessagingResponse();
                  twiml.message({ to: '+14155550101' }, `${event.From} wrote ${event.Body}`);
                  callback(null, twiml);
                };
                """);
        write("p/scenarios/gather.scenario.yaml", """
                steps:
                  - call: {}
                  - expect: {function: {path: /voice, CallStatus: ringing}}
                  - expect: {say: {"": Welcome to Acme, voice: alice}}
                  - expect: {pause: "2"}
                  - expect: {play: {"": "https://p.functions.invalid/beep.mp3", prompt: "true"}}
                  - expect: {gather: {numDigits: "1", timeoutSeconds: "3"}}
                  - advance: 3s
                  - expect: {function: {path: /menu, Digits: "", CallStatus: in-progress}}
                  - expect: {say: "empty: []"}
                  - expect: {function: /voice}
                  - press: "1"
                  - expect: {forward: {"": "+14155550101", timeoutSeconds: "10"}}
                  - forward-answers: busy
                  - expect: hangup
                  - expect: {ended: handler}
                  - expect: nothing
                """);
        write("p/scenarios/dial.scenario.yaml", """
                steps:
                  - call: {}
                  - press: "2"
                  - expect: {forward: "+14155550101, +14155550102"}
                  - forward-answers: no-answer
                  - expect: {function: {path: /after, DialCallStatus: no-answer, DialCallDuration: "0"}}
                  - expect: {say: dial no-answer 0}
                  - expect: {hangup: NORMAL_CLEARING}
                """);
        write("p/scenarios/limit.scenario.yaml", """
                steps:
                  - call: {}
                  - press: "5"
                  - expect: {forward: {"": "+14155550101", sendDigits: "+14155550101 ww1234#"}}
                  - forward-answers: {outcome: answered, talk: 2m}
                  - expect: {function: {path: /after, DialCallStatus: completed, DialCallDuration: "30"}}
                  - expect: {say: dial completed 30}
                """);
        write("p/scenarios/conference.scenario.yaml", """
                steps:
                  - call: {}
                  - press: "3"
                  - expect: {conference: {"": room-7, muted: "true", startOnEnter: "true"}}
                  - hangup
                  - expect: {ended: caller}
                """);
        write("p/scenarios/record.scenario.yaml", """
                steps:
                  - call: {}
                  - press: "4"
                  - expect: {record: {maxSeconds: "3", beep: "false"}}
                  - advance: 3s
                  - expect: {record: {stored: "true", seconds: "3"}}
                  - expect: {function: {path: /saved, RecordingSid: rec_sim1, RecordingDuration: "3"}}
                  - expect: {say: "got 3 s at https://recordings.p.functions.invalid/rec_sim1"}
                """);
        write("p/scenarios/sms.scenario.yaml", """
                steps:
                  - sms: hello there
                  - expect: {function: {path: /sms, Body: hello there, NumSegments: "1", SmsStatus: received}}
                  - expect: {send: {"": "fyi: hello there", to: "+14155550199"}}
                  - expect: {reply: thanks}
                  - expect: {function: /more}
                  - expect: {send: {"": "+12025550123 wrote hello there", to: "+14155550101"}}
                  - expect: nothing
                """);

        int code = run(root.resolve("p").toString());

        assertThat(output()).contains("6 passed, 0 failed");
        assertThat(code).isZero();
    }

    @Test
    void faultsAreErrorsTheScenarioExpectsOrFailsOnWithTheEnginesMessage() throws IOException {
        write("p/functions/voice.js", handler("twiml.say('hi');\n  twiml.redirect('https://example.com/next');"));
        write("p/functions/odd.js", "exports.handler = (context, event, callback) => {\n"
                + "  callback(null, '<Response><Say volume=\"11\">x</Say></Response>');\n};\n");
        write("p/functions/boom.js", "exports.handler = (context, event, callback) => {\n  const x = null;\n"
                + "  x.explode();\n};\n");
        write("p/scenarios/outside.scenario.yaml", """
                steps:
                  - call: {}
                  - expect: {say: hi}
                  - expect: {error: {"": /https:\\/\\/example.com\\/next is outside the project/, location: functions/voice.js}}
                  - expect: {say: {apology: "true"}}
                  - expect: hangup
                """);
        write("p/scenarios/boom.scenario.yaml", """
                functions: {voice: /boom}
                steps:
                  - call: {}
                  - expect: {error: {location: "functions/boom.js:3:"}}
                  - expect: {say: {apology: "true"}}
                """);
        write("p/scenarios/no-function.scenario.yaml", """
                steps:
                  - sms: hi
                  - expect: {error: /no public function answers messages at \\/sms/}
                """);
        write("p/scenarios/unknown-attribute.scenario.yaml", """
                name: an unknown attribute nobody expected
                functions: {voice: /odd}
                steps:
                  - call: {}
                  - expect: hangup
                """);

        int code = run(root.resolve("p").toString());

        assertThat(output()).contains("✓ boom", "✓ no-function", "✓ outside", "✗ an unknown attribute nobody expected",
                "the script failed and no 'expect: error' step expected it",
                "error (twiml_error) at functions/odd.js: <Say> has no attribute 'volume'", "3 passed, 1 failed");
        assertThat(code).isEqualTo(1);
    }

    @Test
    void oneEventRunsWithoutScenariosAndASyntaxErrorIsLocatedInItsFile() throws IOException {
        write("p/functions/voice.js", handler("""
                  const g = twiml.gather({ numDigits: 1, action: 'picked' });
                  g.say('Press a key');"""));
        write("p/functions/picked.js", handler("twiml.say(`you pressed ${event.Digits}`);"));
        assertThat(run(root.resolve("p").toString(), "--call", "--digits", "7")).isZero();
        assertThat(output()).contains("say \"Press a key\"", "function /picked", "say \"you pressed 7\"");

        write("q/functions/broken.js", "exports.handler = (context, event, callback) => {\n  callback(null, ;\n};\n");
        bytes.reset();
        assertThat(run(root.resolve("q").toString(), "--sms", "hi")).isEqualTo(1);
        assertThat(output()).contains(root.resolve("q/functions/broken.js") + ":2:");

        bytes.reset();
        assertThat(run("--twilio", root.resolve("p/functions/voice.js").toString())).isEqualTo(2);
        assertThat(output()).contains("--twilio takes a Functions project folder");
    }
}
