package dev.cantila.runtime;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.LinkedHashMap;
import java.util.Map;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.Test;

class FunctionsTest {
    private static final ScriptRuntime RUNTIME = Scripts.runtime();
    /** A cold interpreter runs the shim's first invocation slowly on a loaded machine; the loop test has its own. */
    private static final Limits LIMITS = Scripts.FAST.withWallClock(java.time.Duration.ofSeconds(10));

    @AfterAll
    static void close() {
        RUNTIME.close();
    }

    private static FunctionResult invoke(Map<String, String> files, String path, Map<String, String> event,
                                         FakeSmsHost host) {
        FunctionsProject project = RUNTIME.compileFunctions("fn", files);
        FunctionsProject.Function f = project.route(path).orElseThrow();
        Map<String, String> context = new LinkedHashMap<>(project.env());
        context.put("DOMAIN_NAME", "fn.example");
        context.put("PATH", path);
        long start = System.nanoTime();
        FunctionResult r = RUNTIME.invokeFunction("t", project, new FunctionRequest(f.file(), "+14155550199", context,
                event), host, LIMITS);
        System.out.println(path + " took " + (System.nanoTime() - start) / 1_000_000 + " ms");
        return r;
    }

    @Test
    void voiceResponseBuildsNestedEscapedTwiml() {
        FunctionResult r = invoke(Map.of("functions/voice.js", """
                exports.handler = function (context, event, callback) {
                  const twiml = new Twilio.twiml.VoiceResponse();
                  twiml.say({ voice: 'alice' }, 'Hi <' + event.From + '> & "you"');
                  const g = twiml.gather({ numDigits: 1, action: 'handle-user-input', hints: ['a', 'b'] });
                  g.say('Press 1');
                  g.pause({ length: 2 });
                  twiml.dial({ timeout: 10 }).number('+14155550100');
                  twiml.hangup();
                  callback(null, twiml);
                };
                """), "/voice", Map.of("From", "+1202"), new FakeSmsHost());

        assertThat(r.ok()).as("%s", r.execution().error()).isTrue();
        assertThat(r.status()).isEqualTo(200);
        assertThat(r.headers()).containsEntry("Content-Type", "text/xml");
        assertThat(r.body()).isEqualTo("<?xml version=\"1.0\" encoding=\"UTF-8\"?><Response>"
                + "<Say voice=\"alice\">Hi &lt;+1202&gt; &amp; \"you\"</Say>"
                + "<Gather numDigits=\"1\" action=\"handle-user-input\" hints=\"a b\"><Say>Press 1</Say>"
                + "<Pause length=\"2\"/></Gather><Dial timeout=\"10\"><Number>+14155550100</Number></Dial>"
                + "<Hangup/></Response>");
    }

    @Test
    void asyncHandlerPrivateRequireAssetsEnvAndResponse() {
        Map<String, String> files = Map.of(
                "functions/sms.protected.js", """
                        const { blocked } = require(Runtime.getFunctions()['lib/block'].path);
                        exports.handler = async (context, event, callback) => {
                          const twiml = new Twilio.twiml.MessagingResponse();
                          const greeting = Runtime.getAssets()['/greeting.txt'].open().trim();
                          twiml.message(blocked(event.From) ? 'no' : greeting + ' ' + context.WHO + ' ' + context.PATH);
                          return callback(null, twiml);
                        };
                        """,
                "functions/lib/block.private.js", "exports.blocked = (n) => n === '+666';",
                "assets/greeting.private.txt", "Hello\n",
                ".env", "# comment\nWHO=\"world\"\n",
                "functions/json.js", """
                        exports.handler = (context, event, callback) => {
                          const r = new Twilio.Response();
                          r.setStatusCode(201); r.appendHeader('X-A', '1'); r.setBody({ ok: true });
                          callback(null, r);
                        };
                        """);

        FunctionResult sms = invoke(files, "/sms", Map.of("From", "+1202"), new FakeSmsHost());
        FunctionResult json = invoke(files, "/json", Map.of(), new FakeSmsHost());

        assertThat(sms.ok()).as("%s", sms.execution().error()).isTrue();
        assertThat(sms.body()).endsWith("<Response><Message>Hello world /sms</Message></Response>");
        assertThat(json.status()).isEqualTo(201);
        assertThat(json.headers()).containsEntry("X-A", "1").containsEntry("Content-Type", "application/json");
        assertThat(json.body()).isEqualTo("{\"ok\":true}");
        assertThat(RUNTIME.compileFunctions("fn", files).route("/lib/block")).isEmpty();
    }

    @Test
    void twilioClientSendsThroughTheHostAndRefusesTheRest() {
        FakeSmsHost host = new FakeSmsHost();
        FunctionResult r = invoke(Map.of("functions/send.js", """
                exports.handler = async function (context, event, callback) {
                  const client = context.getTwilioClient();
                  const m = await client.messages.create({ to: '+14155550100', from: '+1 415 555 0199', body: 'hey' });
                  try { await client.messages.create({ to: '+14155550100', from: '+14155550000', body: 'x' }); }
                  catch (e) { console.log(e.message); }
                  try { client.conversations.v1; } catch (e) { console.log(e.message); }
                  try { require('axios'); } catch (e) { console.log(e.message); }
                  callback(null, m.sid);
                };
                """), "/send", Map.of(), host);

        assertThat(r.ok()).as("%s", r.execution().error()).isTrue();
        assertThat(r.body()).isEqualTo("msg-1");
        assertThat(host.sent).containsExactly("send:+14155550100:hey");
        assertThat(r.execution().logs()).extracting(LogLine::text).satisfiesExactly(
                l -> assertThat(l).contains("from must be the number handling this event (+14155550199)"),
                l -> assertThat(l).contains("conversations is not supported by Cantila"),
                l -> assertThat(l).contains("require('axios')").contains("npm modules are not available"));
    }

    @Test
    void errorsAreLocatedInTheFunctionsOwnFileAndAMissingCallbackEndsTheRun() {
        FunctionResult thrown = invoke(Map.of("functions/a.js", "const x = 1;\nexports.handler = (c, e, cb) => {\n"
                + "  undefinedThing();\n};\n"), "/a", Map.of(), new FakeSmsHost());
        FunctionResult silent = invoke(Map.of("functions/b.js", "exports.handler = (c, e, cb) => {};"), "/b", Map.of(),
                new FakeSmsHost());
        FunctionResult failed = invoke(Map.of("functions/c.js", "exports.handler = (c, e, cb) => cb(new Error('nope'));"),
                "/c", Map.of(), new FakeSmsHost());

        assertThat(thrown.execution().outcome()).isEqualTo(Outcome.ERROR);
        assertThat(thrown.execution().error().location()).isEqualTo("functions/a.js:3:3");
        assertThat(thrown.status()).isEqualTo(500);
        assertThat(silent.execution().outcome()).isEqualTo(Outcome.ERROR);
        assertThat(silent.execution().error().message()).contains("without calling callback");
        assertThat(failed.execution().error().message()).contains("nope");
        assertThat(failed.execution().error().location()).isEqualTo("functions/c.js:1:36");
    }

    @Test
    void uploadRefusesBadLayoutsAndSyntaxWithTheFile() {
        assertThatThrownBy(() -> RUNTIME.compileFunctions("fn", Map.of("functions/x.js", "exports.handler = (;")))
                .isInstanceOfSatisfying(ScriptCompileException.class, e -> {
                    assertThat(e.fileName()).isEqualTo("functions/x.js");
                    assertThat(e.line()).isEqualTo(1);
                });
        assertThatThrownBy(() -> RUNTIME.compileFunctions("fn", Map.of("functions/../x.js", "")))
                .hasMessageContaining("functions/../x.js");
        assertThatThrownBy(() -> RUNTIME.compileFunctions("fn", Map.of("lib/x.js", "")))
                .hasMessageContaining("functions/**/*.js");
        assertThatThrownBy(() -> RUNTIME.compileFunctions("fn", Map.of("assets/a.txt", "x")))
                .hasMessageContaining("at least one");
    }

    @Test
    void infiniteLoopStopsAtTheLimit() {
        FunctionResult r = invoke(Map.of("functions/loop.js", "exports.handler = () => { for (;;) {} };"), "/loop",
                Map.of(), new FakeSmsHost());

        assertThat(r.execution().outcome()).isIn(Outcome.TIMEOUT, Outcome.STATEMENT_LIMIT);
        assertThat(r.status()).isEqualTo(500);
    }
}
