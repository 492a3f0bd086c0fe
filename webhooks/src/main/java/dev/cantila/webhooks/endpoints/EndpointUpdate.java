package dev.cantila.webhooks.endpoints;

import java.util.List;
import java.util.Optional;

/** A partial update for {@link Endpoints#update}: empty fields stay as they are. */
public record EndpointUpdate(Optional<String> url, Optional<List<String>> events, Optional<String> description,
                             Optional<Boolean> active) {
}
