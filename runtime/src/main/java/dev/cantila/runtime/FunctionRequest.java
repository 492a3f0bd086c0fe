package dev.cantila.runtime;

import java.util.Map;

/**
 * One request to a Functions project's function.
 *
 * @param file    the function's file ({@code functions/ivr/menu.js}), as {@link FunctionsProject#route} found it
 * @param local   the project's number the run acts from (what {@code messages.create} sends from)
 * @param context {@code context}'s own values: DOMAIN_NAME, PATH, SERVICE_SID, ENVIRONMENT_SID, ACCOUNT_SID and the
 *                project's {@code .env} (the caller merges them; the project's env under them)
 * @param event   Twilio's request parameters ({@code From}, {@code Body}, {@code Digits}, …)
 */
public record FunctionRequest(String file, String local, Map<String, String> context, Map<String, String> event) {
    public FunctionRequest {
        context = Map.copyOf(context);
        event = Map.copyOf(event);
    }
}
