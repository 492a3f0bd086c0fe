package dev.cantila.scripts.cli;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.IOException;
import java.io.PrintStream;
import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

/**
 * {@code cantila deploy handler.js --project proj_… --number +1… [--server URL] [--key …]}: uploads the handler
 * through the API (a new version of the project's script with the file's name, or a new script), deploys that
 * version, and binds the number's SMS and/or voice routing to it, according to what the handler exports. Other
 * routing of the number is kept. Prints the version and a curl line to try it on the simulated carrier.
 *
 * <p>{@code cantila deploy FOLDER --twilio [--sms /path] [--voice /path]} uploads a Twilio Functions project ({@link
 * FunctionsFolder}) as one version of the script named after the folder, and binds the number's SMS and/or voice to
 * the functions named (by default {@code /sms} and {@code /voice} when the project has them).
 */
@Command(name = "deploy", mixinStandardHelpOptions = true,
        description = "Upload a handler, deploy the new version, and bind a number to it.")
public final class DeployCommand implements Callable<Integer> {
    private static final ObjectMapper JSON = new ObjectMapper();

    @Parameters(index = "0", paramLabel = "HANDLER", description = "the handler file, or with --twilio a Functions"
            + " project folder")
    Path handler;

    @Option(names = "--twilio", description = "HANDLER is a Twilio Functions project folder (functions/, assets/, .env)")
    boolean twilio;

    @Option(names = "--sms", paramLabel = "PATH", description = "with --twilio: the function inbound SMS run"
            + " (without --sms and --voice: /sms if the project has it)")
    String smsPath;

    @Option(names = "--voice", paramLabel = "PATH", description = "with --twilio: the function inbound calls run"
            + " (without --sms and --voice: /voice if the project has it)")
    String voicePath;

    @Option(names = "--project", required = true, paramLabel = "ID", description = "the project id (proj_…)")
    String project;

    @Option(names = "--number", required = true, paramLabel = "E164", description = "a number the project holds")
    String number;

    @Option(names = "--server", paramLabel = "URL", description = "the API, e.g. http://localhost:8081 (default"
            + " $CANTILA_SERVER, else http://localhost:8080)")
    String server;

    @Option(names = "--name", paramLabel = "NAME", description = "the script's name in the project (default: the file"
            + " name; for a file called handler.js, its folder's name + .js)")
    String name;

    @Option(names = "--key", paramLabel = "KEY", description = "an API key of the project, or the operator key"
            + " (default $CANTILA_API_KEY)")
    String key;

    private final PrintStream out;
    private HttpClient http;

    public DeployCommand() {
        this(System.out);
    }

    public DeployCommand(PrintStream out) {
        this.out = out;
    }

    @Override
    public Integer call() throws Exception {
        String origin = server != null ? "--server" : "CANTILA_SERVER";
        server = stripSlash(server != null ? server : env("CANTILA_SERVER", "http://localhost:8080"));
        if (!isHttpUrl(server)) {
            out.println("cantila deploy: " + origin + " must be an http:// or https:// URL such as"
                    + " http://localhost:8080, got '" + server + "'");
            return 2;
        }
        key = key != null ? key : env("CANTILA_API_KEY", null);
        if (key == null || key.isBlank()) {
            out.println("cantila deploy: no API key: pass --key or set CANTILA_API_KEY");
            return 2;
        }
        if (!twilio && (smsPath != null || voicePath != null)) {
            out.println("cantila deploy: --sms and --voice name functions of a --twilio project");
            return 2;
        }
        ObjectNode upload = JSON.createObjectNode();
        try {
            if (twilio) {
                FunctionsFolder.Contents contents = FunctionsFolder.read(handler);
                contents.skipped().forEach(s -> out.println("skipped " + s));
                ArrayNode files = upload.putArray("files");
                contents.files().forEach((p, c) -> files.addObject().put("path", p).put("content", c));
            } else {
                upload.put("source", Files.readString(handler));
            }
        } catch (IOException e) {
            out.println("cantila deploy: cannot read " + handler + ": " + e.getMessage());
            return 2;
        }
        http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();
        try {
            return deploy(name != null ? name : twilio ? folderName(handler) : defaultName(handler), upload);
        } catch (ApiError e) {
            out.println("cantila deploy: " + e.getMessage());
            return 1;
        } catch (IOException e) {
            out.println("cantila deploy: cannot reach " + server + ": " + e);
            return 1;
        }
    }

    private int deploy(String name, ObjectNode upload) throws IOException, InterruptedException {
        String base = "/v1/projects/" + enc(project) + "/scripts";
        String scriptId = null;
        for (JsonNode s : call("GET", base, null).path("data")) {
            if (name.equals(s.path("name").asText())) {
                scriptId = s.path("id").asText();
            }
        }
        JsonNode version;
        if (scriptId == null) {
            ObjectNode body = JSON.createObjectNode().put("name", name).setAll(upload);
            scriptId = call("POST", base, body).path("id").asText();
            // creating a script deploys its first version
            version = call("GET", base + "/" + scriptId + "/versions", null).path("data").path(0);
        } else {
            ObjectNode body = upload.deepCopy().put("deploy", true);
            version = call("POST", base + "/" + scriptId + "/versions", body);
        }
        boolean sms = false;
        boolean voice = false;
        for (JsonNode h : version.path("handlers")) {
            sms |= h.asText().equals("onSms");
            voice |= h.asText().equals("onCall");
        }
        List<String> functions = new ArrayList<>();
        version.path("functions").forEach(f -> functions.add(f.asText()));
        boolean defaults = smsPath == null && voicePath == null;
        String sp = twilio ? pick(smsPath, defaults ? "/sms" : null, functions) : null;
        String vp = twilio ? pick(voicePath, defaults ? "/voice" : null, functions) : null;
        if (twilio) {
            sms = sp != null;
            voice = vp != null;
            out.println("functions: " + String.join(" ", functions));
        }
        String routingPath = "/v1/numbers/" + enc(number) + "/routing";
        JsonNode current = call("GET", routingPath, null);
        ObjectNode routing = JSON.createObjectNode();
        routing.set("sms", sms ? target(scriptId, sp) : asPut(current.path("sms")));
        routing.set("voice", voice ? target(scriptId, vp) : asPut(current.path("voice")));
        call("PUT", routingPath, routing);
        out.printf("deployed %s as %s version %d (%s) on %s%n", name, scriptId, version.path("version").asInt(),
                version.path("contentHash").asText(), number);
        String auth = "-H \"Authorization: Bearer $CANTILA_API_KEY\" -H 'Content-Type: application/json'";
        if (sms) {
            out.printf("try it:  curl -s %s/v1/sim/inbound-sms %s -d '{\"from\":\"+12025550123\",\"to\":\"%s\","
                    + "\"body\":\"hello\"}'%n", server, auth, number);
        }
        if (voice) {
            out.printf("call it: curl -s %s/v1/sim/inbound-call %s -d '{\"from\":\"+12025550123\",\"to\":\"%s\"}'%n",
                    server, auth, number);
        }
        return 0;
    }

    private JsonNode call(String method, String path, JsonNode body) throws IOException, InterruptedException {
        HttpRequest.Builder b = HttpRequest.newBuilder(URI.create(server + path)).timeout(Duration.ofSeconds(30))
                .header("Authorization", "Bearer " + key);
        if (body != null) {
            b.header("Content-Type", "application/json")
                    .method(method, HttpRequest.BodyPublishers.ofString(JSON.writeValueAsString(body)));
        } else {
            b.method(method, HttpRequest.BodyPublishers.noBody());
        }
        HttpResponse<String> r = http.send(b.build(), HttpResponse.BodyHandlers.ofString());
        JsonNode json = r.body().isBlank() ? JSON.createObjectNode() : JSON.readTree(r.body());
        if (r.statusCode() / 100 != 2) {
            JsonNode err = json.path("error");
            throw new ApiError(method + " " + path + " → " + r.statusCode() + " " + err.path("code").asText("")
                    + ": " + err.path("message").asText(r.body()));
        }
        return json;
    }

    private static ObjectNode target(String scriptId, String path) {
        ObjectNode t = JSON.createObjectNode().put("script", scriptId);
        return path == null ? t : t.put("path", path);
    }

    /**
     * The function a side runs: the one asked for, else {@code dflt} if the project has it, else none (the side's
     * routing is kept).
     */
    private static String pick(String asked, String dflt, List<String> functions) {
        if (asked != null) {
            return asked.startsWith("/") ? asked : "/" + asked;
        }
        return dflt != null && functions.contains(dflt) ? dflt : null;
    }

    /** A Functions project's script name: its folder's name. */
    static String folderName(Path folder) {
        Path abs = folder.toAbsolutePath().normalize();
        return abs.getFileName() == null ? "functions" : abs.getFileName().toString();
    }

    /** A route as GET shows it ({@code {kind, target}}) in the form PUT takes ({@code {script: …}}, {@code {voicemail: true}}). */
    private static JsonNode asPut(JsonNode route) {
        String kind = route.path("kind").asText("");
        if (kind.isEmpty()) {
            return null;
        }
        ObjectNode put = JSON.createObjectNode();
        if (kind.equals("voicemail")) {
            return put.put("voicemail", true);
        }
        put.put(kind, route.path("target").asText());
        if (route.hasNonNull("path")) {
            put.put("path", route.path("path").asText());
        }
        if (route.hasNonNull("format")) {
            put.put("format", route.path("format").asText());
        }
        if (route.hasNonNull("method")) {
            put.put("method", route.path("method").asText());
        }
        return put;
    }

    /** {@code hours.js} for hours.js; {@code ivr-menu.js} for samples/ivr-menu/handler.js (one script per sample). */
    static String defaultName(Path file) {
        String base = file.getFileName().toString();
        Path dir = file.toAbsolutePath().normalize().getParent();
        return base.equals("handler.js") && dir != null && dir.getFileName() != null
                ? dir.getFileName() + ".js" : base;
    }

    private static String env(String name, String fallback) {
        String v = System.getenv(name);
        return v == null || v.isBlank() ? fallback : v;
    }

    private static boolean isHttpUrl(String s) {
        try {
            URI u = new URI(s);
            return ("http".equals(u.getScheme()) || "https".equals(u.getScheme())) && u.getHost() != null
                    && u.getQuery() == null && u.getFragment() == null;
        } catch (java.net.URISyntaxException e) {
            return false;
        }
    }

    private static String stripSlash(String s) {
        return s.endsWith("/") ? s.substring(0, s.length() - 1) : s;
    }

    private static String enc(String s) {
        return URLEncoder.encode(s, StandardCharsets.UTF_8).replace("+", "%20");
    }

    private static final class ApiError extends RuntimeException {
        ApiError(String message) {
            super(message);
        }
    }
}
