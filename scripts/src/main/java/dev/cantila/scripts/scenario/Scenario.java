package dev.cantila.scripts.scenario;

import java.time.Instant;
import java.util.List;
import java.util.Map;

/**
 * One scenario: fixtures, then steps run in order against one handler.
 *
 * <pre>
 * name: asking for hours                # optional; defaults to the file name
 * from: "+14155550123"                  # the remote party (default +12025550123); an outbound call goes to it
 * to: "+14155550100"                    # the project's number (default +12025550100)
 * time: "2026-11-30T10:00:00-05:00"     # the fake clock's start (default: now); Date in the script sees it
 * env: {OPEN_HOURS: "9-17"}             # ctx.env
 * kv: {visits: 3}                       # ctx.kv before the first step (any JSON value)
 * templates: {welcome: "Hi {{name}}"}   # templates by id, for ctx.reply({templateId, vars})
 * optedOut: ["+14155550999"]            # recipients who sent STOP before
 * functions: {sms: /sms, voice: /ivr}   # a Twilio Functions project: the function SMS / calls reach
 * steps:
 *   - sms: hours                         # stimulus: an inbound SMS (or {from, to, body})
 *   - expect: {reply: /open 9-5/}        # a reply after the previous match must match
 *   - call: {}                           # an inbound call (or {from, to}); outbound: {direction: outbound,
 *                                        #   params: {code: "1234"}} (call.params)
 *   - expect: {say: Press 1}
 *   - press: "1"                          # DTMF digits, one event each
 *   - speak: opening hours                # the caller speaks (or {words, confidence}): TwiML Gather input="speech"
 *   - forward-answers: no-answer          # how the pending forward ends (answered|busy|no-answer|failed)
 *   - advance: 6s                         # the fake clock moves; timers due meanwhile fire
 *   - hangup                              # the caller hangs up
 *   - run-to-end: busy                    # or: the call plays out (forwards end so, timers fire, then hang up)
 *   - expect: {kv: {visits: 4}}           # expectations also read kv and the end of the call
 *   - expect: {otp: {to: "+14155550123"}} # ctx.otp.request sent a code (fields to, channel, id, sends, otp)
 *   - sms: "{{otp}}"                      # reply with the code last sent to the sender
 *   - expect: {verify: approved}          # ctx.otp.verify's outcome (or {code: expired} when refused)
 *   - expect: {function: {path: /ivr/next, Digits: "1"}}  # a Functions project's function ran with that event
 *   - expect: {call: "+14155550123"}     # client.calls.create placed a call (fields from, url, id)
 * </pre>
 */
public record Scenario(String name, String file, String from, String to, Instant time, Map<String, String> env,
                       Map<String, String> kvJson, Map<String, String> templates, List<String> optedOut,
                       Map<String, String> functions, List<Step> steps) {
    public Scenario {
        functions = Map.copyOf(functions);
        env = Map.copyOf(env);
        kvJson = Map.copyOf(kvJson);
        templates = Map.copyOf(templates);
        optedOut = List.copyOf(optedOut);
        steps = List.copyOf(steps);
    }
}
