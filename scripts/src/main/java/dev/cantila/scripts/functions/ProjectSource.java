package dev.cantila.scripts.functions;

import dev.cantila.runtime.FunctionRequest;
import dev.cantila.runtime.FunctionResult;
import dev.cantila.runtime.FunctionsProject;
import dev.cantila.runtime.host.SmsHost;
import dev.cantila.scripts.twiml.FunctionDocuments;
import dev.cantila.scripts.twiml.TwimlException;
import dev.cantila.scripts.twiml.TwimlSource;
import dev.cantila.scripts.world.World;
import java.net.URI;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * The documents of a Functions project on disk, for one message or call of a scenario: a URL of the project's domain
 * runs the function at its path on the production runtime, as the engine's {@code FunctionsSource} does (same
 * routing, {@code event} and failures: {@link FunctionDocuments}). Each run is a {@code function} effect (its path,
 * file and every {@code event} parameter), then what it did, then its logs and error. A URL outside the project is not
 * fetched offline: the run fails there, saying so. Every failure it throws is already an {@code error} effect
 * ({@link #reported}). Confined to the scenario runner's thread.
 */
final class ProjectSource implements TwimlSource {
    private final FunctionsSubject project;
    private final World world;
    private final SmsHost host;
    private final String local;
    private String lastFile;
    private TwimlException reported;

    ProjectSource(FunctionsSubject project, World world, SmsHost host, String local) {
        this.project = project;
        this.world = world;
        this.host = host;
        this.local = local;
    }

    /** The URL of the function at {@code path}. */
    String url(String path) {
        return "https://" + project.domain() + path;
    }

    /** The file of the function that answered last (where a document's fault is), or the project's name. */
    String lastFile() {
        return lastFile == null ? project.name() : lastFile;
    }

    /** Whether {@code failure} is one this source threw, and so already an error effect. */
    boolean reported(Throwable failure) {
        return failure == reported;
    }

    @Override
    public Answer fetch(String projectId, String url, String method, Map<String, String> params) {
        URI uri = FunctionDocuments.uri(url);
        if (!project.domain().equalsIgnoreCase(uri.getHost())) {
            throw report(new TwimlException(url + " is outside the project: cantila test runs the project's own"
                    + " functions (https://" + project.domain() + "/…) and fetches nothing from the network"),
                    "url_error");
        }
        String path = FunctionDocuments.path(uri);
        FunctionsProject.Function function;
        try {
            function = FunctionDocuments.route(project.project(), url, path);
        } catch (TwimlException e) {
            throw report(e, "url_error");
        }
        Map<String, String> event = FunctionDocuments.event(project.accountSid(), params, uri);
        lastFile = function.file();
        Map<String, String> fields = new LinkedHashMap<>(event);
        fields.put("path", path);
        fields.put("file", function.file());
        world.effect("function", path, fields); // before the run, so what it sends comes after it
        FunctionResult result = project.runtime().invokeFunction(FunctionsSubject.TENANT, project.project(),
                new FunctionRequest(function.file(), local, project.context(world, path), event), host,
                project.limits());
        world.record(result.execution(), false);
        try {
            return FunctionDocuments.answer(url, function.file(), result);
        } catch (TwimlException e) {
            if (result.ok()) {
                throw report(e, "url_error"); // it ran, but answered non-2xx
            }
            reported = e; // the run's own error effect, located in the function's file, says it already
            throw e;
        }
    }

    private TwimlException report(TwimlException e, String outcome) {
        world.effect("error", e.getMessage(), Map.of("outcome", outcome, "location", lastFile()));
        reported = e;
        return e;
    }
}
