package dev.cantila.scripts.twiml;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * Messaging TwiML run for one inbound message, the same in the engine and in {@code cantila test}: the document is
 * checked whole (an unknown verb, noun or attribute anywhere refuses it before anything is sent, as Twilio's own
 * parser does) and run: {@code <Message>} (its text or {@code <Body>}; {@code to} defaults to the sender, {@code
 * from} must be the number that received it), {@code <Redirect>} (fetches the next document, relative URLs resolved
 * against the current one). Runs on the caller's thread.
 */
public final class TwimlMessaging {
    public static final int MAX_REDIRECTS = 10;
    private static final Set<String> MESSAGE_ATTRS = Set.of("to", "from", "action", "method", "statusCallback");
    /** Accepted so an app runs unmodified, but not acted on: said in the log. */
    private static final Set<String> IGNORED = Set.of("action", "method", "statusCallback");

    private TwimlMessaging() {
    }

    /** Where a run's messages go: replies and messages to others, both from the receiving number. */
    public interface Sender {
        /** @return the message id; throws (any runtime exception) to refuse */
        String send(String to, String text);
    }

    /** The inbound message: its project, the sender, the receiving number and Twilio's parameters for it. */
    public record Inbound(String projectId, String from, String to, Map<String, String> params) {
    }

    /**
     * What happened: the execution log's steps, whether a {@code <Message>} was refused, and the failure that stopped
     * the run (null when it ran to its end).
     */
    public record Run(List<Object> steps, boolean messageRefused, TwimlException error) {
    }

    public static Run run(TwimlSource source, Inbound inbound, String url, String method, Sender sender) {
        List<Object> steps = new ArrayList<>();
        boolean refused = false;
        try {
            String current = url;
            String currentMethod = method;
            for (int hop = 0; ; hop++) {
                if (hop > MAX_REDIRECTS) {
                    throw new TwimlException("more than " + MAX_REDIRECTS + " redirects for one message");
                }
                TwimlSource.Answer answer = source.fetch(inbound.projectId(), current, currentMethod, inbound.params());
                steps.add(Map.of("fetch", answer.url(), "method", TwimlUrls.method(currentMethod),
                        "status", answer.status()));
                List<Twiml.Verb> verbs = answer.body().isBlank() ? List.of() : Twiml.parse(answer.body());
                check(verbs);
                Twiml.Verb redirect = null;
                for (Twiml.Verb v : verbs) {
                    if (v.name().equals("Redirect")) {
                        redirect = v;
                        break;
                    }
                    if (!message(v, inbound, sender, steps)) {
                        refused = true;
                    }
                }
                if (redirect == null) {
                    break;
                }
                current = TwimlUrls.resolve(current, redirect.text());
                currentMethod = redirect.attr("method", "POST");
            }
        } catch (TwimlException e) {
            return new Run(steps, refused, e);
        }
        return new Run(steps, refused, null);
    }

    private static boolean message(Twiml.Verb v, Inbound inbound, Sender sender, List<Object> steps) {
        String body = v.text();
        for (Twiml.Verb child : v.children()) {
            body = body.isEmpty() ? child.text() : body + child.text();
        }
        String to = v.attr("to", inbound.from());
        Map<String, Object> step = new LinkedHashMap<>();
        step.put("message", body);
        step.put("to", to);
        List<String> ignored = v.attributes().keySet().stream().filter(IGNORED::contains).sorted().toList();
        if (!ignored.isEmpty()) {
            step.put("ignored", ignored + ": subscribe a webhook to sms.status for delivery reports");
        }
        steps.add(step);
        String from = v.attributes().get("from");
        if (from != null && !from.replaceAll("[^0-9+]", "").equals(inbound.to())) {
            step.put("error", "from must be the number that received the message (" + inbound.to() + "), not " + from);
            return false;
        }
        try {
            step.put("messageId", sender.send(to, body));
            return true;
        } catch (RuntimeException e) {
            step.put("error", e.getMessage());
            return false;
        }
    }

    /** Refuses a document with anything this engine would not run as Twilio does. */
    static void check(List<Twiml.Verb> verbs) {
        for (Twiml.Verb v : verbs) {
            switch (v.name()) {
                case "Message" -> {
                    TwimlRules.attributes(v, MESSAGE_ATTRS);
                    for (Twiml.Verb c : v.children()) {
                        if (c.name().equals("Media")) {
                            throw new TwimlException("<Media> is not supported: Cantila sends SMS, not MMS");
                        }
                        if (!c.name().equals("Body")) {
                            throw new TwimlException("<" + c.name() + "> is not a noun of <Message> (use <Body>)");
                        }
                        TwimlRules.attributes(c, Set.of());
                    }
                    if (v.children().isEmpty() && v.text().isEmpty()) {
                        throw new TwimlException("<Message> has no body");
                    }
                }
                case "Redirect" -> {
                    TwimlRules.attributes(v, Set.of("method"));
                    TwimlRules.method(v);
                    if (v.text().isEmpty()) {
                        throw new TwimlException("<Redirect> needs a URL as its text");
                    }
                }
                default -> throw new TwimlException("<" + v.name() + "> is not a messaging TwiML verb"
                        + " (Message and Redirect are)");
            }
        }
    }
}
