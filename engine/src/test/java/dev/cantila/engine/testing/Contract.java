package dev.cantila.engine.testing;

import com.atlassian.oai.validator.OpenApiInteractionValidator;
import com.atlassian.oai.validator.model.Request;
import com.atlassian.oai.validator.model.SimpleRequest;
import com.atlassian.oai.validator.model.SimpleResponse;
import com.atlassian.oai.validator.report.LevelResolver;
import com.atlassian.oai.validator.report.ValidationReport;
import com.fasterxml.jackson.databind.JsonNode;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.net.URI;
import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * Every request the integration tests make and every answer they get, checked against the OpenAPI document the
 * server publishes ({@code resources/openapi.yaml}), in one place: {@link Api} calls {@link #check} on each
 * exchange, so the document cannot drift from the code. A mismatch fails the test that made the call.
 *
 * <p>What counts as a mismatch: an answer whose body does not fit the schema of its operation and status; any
 * 4xx/5xx JSON answer that is not the one error shape {@code {"error":{"code","message","field"}}}; a request the
 * document says is invalid that the server nevertheless accepted (2xx). Not a mismatch: a request the document
 * refuses and the server refused too (the tests send bad input on purpose), a path the document does not list
 * ({@code OpenApiRoutesIT} checks the route list, and tests probe unknown routes on purpose), a status the
 * operation does not list unless it is a 2xx (401/403/405/413 can answer any route; their body is still checked as
 * an error, and a 304 has no body), a body
 * sent to a route that takes none (the server ignores it).
 */
final class Contract {
    private static final OpenApiInteractionValidator VALIDATOR = OpenApiInteractionValidator
            .createForInlineApiSpecification(document())
            .withLevelResolver(LevelResolver.create()
                    .withLevel("validation.request.path.missing", ValidationReport.Level.IGNORE)
                    .withLevel("validation.request.security", ValidationReport.Level.IGNORE)
                    // a route that takes no body ignores one (curl -d '{}', clients that always send JSON)
                    .withLevel("validation.request.body.unexpected", ValidationReport.Level.IGNORE)
                    .build())
            .build();
    private static final Set<String> ERROR_FIELDS = Set.of("code", "message", "field", "retryAfter");

    private Contract() {
    }

    private static String document() {
        try (InputStream in = Contract.class.getResourceAsStream("/openapi.yaml")) {
            return new String(in.readAllBytes(), StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read openapi.yaml from the test classpath", e);
        }
    }

    /** @throws AssertionError naming the call and each mismatch */
    static void check(String method, URI uri, String requestBody, Map<String, String> headers, int status,
                      String contentType, String responseBody) {
        if (!uri.getPath().startsWith("/v1/")) {
            return;
        }
        record(method, uri, status, contentType, responseBody);
        SimpleRequest.Builder rb = new SimpleRequest.Builder(Request.Method.valueOf(method), uri.getRawPath());
        if (uri.getRawQuery() != null) {
            for (String pair : uri.getRawQuery().split("&")) {
                int eq = pair.indexOf('=');
                String name = URLDecoder.decode(eq < 0 ? pair : pair.substring(0, eq), StandardCharsets.UTF_8);
                rb.withQueryParam(name, eq < 0 ? "" : URLDecoder.decode(pair.substring(eq + 1), StandardCharsets.UTF_8));
            }
        }
        if (requestBody != null) {
            rb.withBody(requestBody).withContentType("application/json");
        }
        headers.forEach(rb::withHeader);
        SimpleResponse.Builder sb = SimpleResponse.Builder.status(status);
        if (contentType != null) {
            sb.withContentType(contentType);
        }
        if (responseBody != null && !responseBody.isEmpty()) {
            sb.withBody(responseBody);
        }
        ValidationReport report = VALIDATOR.validate(rb.build(), sb.build());
        boolean accepted = status >= 200 && status < 300;
        List<String> problems = new java.util.ArrayList<>(report.getMessages().stream()
                .filter(m -> m.getLevel() == ValidationReport.Level.ERROR)
                .filter(m -> accepted || !m.getKey().startsWith("validation.request."))
                // a 2xx the operation does not list is drift; an error status is checked as the one error shape
                .filter(m -> accepted || !m.getKey().equals("validation.response.status.unknown"))
                .map(m -> m.getKey() + ": " + m.getMessage()).toList());
        if (status >= 400 && contentType != null && contentType.startsWith("application/json")) {
            errorShape(responseBody, problems);
        }
        if (!problems.isEmpty()) {
            throw new AssertionError("the exchange does not match openapi.yaml: " + method + " " + uri.getRawPath()
                    + " -> " + status + "\n  " + String.join("\n  ", problems) + "\n  answer: " + responseBody);
        }
    }

    /**
     * With {@code CANTILA_CONTRACT_RECORD=<dir>} every exchange is also appended (one JSON line) to a file of that
     * folder per test JVM: what {@code bin/openapi-infer} reads to propose schemas for routes that still answer the
     * permissive {@code Json}.
     */
    private static void record(String method, URI uri, int status, String contentType, String body) {
        String dir = System.getenv("CANTILA_CONTRACT_RECORD");
        if (dir == null || dir.isBlank()) {
            return;
        }
        var line = Api.JSON.createObjectNode().put("method", method).put("path", uri.getRawPath())
                .put("status", status).put("contentType", contentType).put("body", body);
        java.nio.file.Path file = java.nio.file.Path.of(dir, "exchanges-" + ProcessHandle.current().pid() + ".jsonl");
        try {
            java.nio.file.Files.createDirectories(file.getParent());
            synchronized (Contract.class) {
                java.nio.file.Files.writeString(file, line + "\n", StandardCharsets.UTF_8,
                        java.nio.file.StandardOpenOption.CREATE, java.nio.file.StandardOpenOption.APPEND);
            }
        } catch (IOException e) {
            throw new UncheckedIOException("cannot record the exchange in " + file, e);
        }
    }

    private static void errorShape(String body, List<String> problems) {
        try {
            JsonNode error = Api.JSON.readTree(body).path("error");
            boolean ok = error.isObject() && error.path("code").isTextual() && error.path("message").isTextual()
                    && (error.path("field").isTextual() || error.path("field").isNull() || error.path("field").isMissingNode());
            error.fieldNames().forEachRemaining(n -> {
                if (!ERROR_FIELDS.contains(n)) {
                    problems.add("error body has an undocumented field '" + n + "'");
                }
            });
            if (!ok) {
                problems.add("a 4xx/5xx answer must be {\"error\":{\"code\",\"message\",\"field\"}}");
            }
        } catch (IOException e) {
            problems.add("a JSON error answer that does not parse: " + e.getMessage());
        }
    }
}
