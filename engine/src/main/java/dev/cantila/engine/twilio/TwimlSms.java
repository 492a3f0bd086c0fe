package dev.cantila.engine.twilio;

import dev.cantila.engine.scripts.ExecutionOutcomes;
import dev.cantila.engine.sms.Message;
import dev.cantila.scripts.twiml.TwimlMessaging;
import dev.cantila.scripts.twiml.TwimlSource;

import java.util.LinkedHashMap;
import java.util.Map;

/**
 * An inbound message routed to a {@code twilio} URL or a Functions project: Twilio's parameters are sent and the
 * TwiML answer is run by {@link TwimlMessaging} (the executor {@code cantila test} runs too); the outcome and steps
 * go to the execution log. Runs on the router's thread.
 */
public final class TwimlSms {
    private final TwilioRequests requests;

    public TwimlSms(TwilioRequests requests) {
        this.requests = requests;
    }

    /** Where URL documents come from (a Functions project's own functions ask it for any other URL). */
    public TwimlSource http() {
        return requests;
    }

    /** A run's outcome for the execution log. */
    public record Result(String outcome, Map<String, Object> detail) {
    }

    public Result run(Message inbound, String url, String method, TwimlMessaging.Sender sender) {
        return run(inbound, url, method, sender, requests);
    }

    /** As {@link #run(Message, String, String, TwimlMessaging.Sender)}, with the documents from {@code source}. */
    public Result run(Message inbound, String url, String method, TwimlMessaging.Sender sender, TwimlSource source) {
        TwimlMessaging.Run run = TwimlMessaging.run(source, new TwimlMessaging.Inbound(inbound.projectId(),
                inbound.from(), inbound.to(), TwilioParams.sms(inbound)), url, method, sender);
        Map<String, Object> detail = new LinkedHashMap<>();
        detail.put("format", "twilio");
        detail.put("steps", run.steps());
        String outcome = run.messageRefused() ? ExecutionOutcomes.ACTION_FAILED : ExecutionOutcomes.OK;
        if (run.error() != null) {
            outcome = TwimlOutcomes.of(run.error());
            detail.put("error", run.error().getMessage());
        }
        return new Result(outcome, detail);
    }
}
