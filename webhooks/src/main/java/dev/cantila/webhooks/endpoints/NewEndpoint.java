package dev.cantila.webhooks.endpoints;

import java.util.List;

/**
 * What {@link Endpoints#create} needs. {@code description} may be {@code null}.
 *
 * @param eventTypes patterns: {@code sms.inbound}, {@code sms.*} or {@code *}
 */
public record NewEndpoint(String url, List<String> eventTypes, String description) {
}
