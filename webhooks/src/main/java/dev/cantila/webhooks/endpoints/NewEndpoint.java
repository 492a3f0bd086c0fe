package dev.cantila.webhooks.endpoints;

import java.util.List;

/**
 * What {@link Endpoints#create} needs. {@code description} may be {@code null}.
 *
 * @param events patterns: {@code sms.inbound}, {@code sms.*} or {@code *}
 */
public record NewEndpoint(String url, List<String> events, String description) {
}
