package dev.cantila.engine.scripts;

import com.fasterxml.jackson.databind.JsonNode;
import dev.cantila.engine.core.ApiException;
import dev.cantila.engine.http.Json;
import dev.cantila.engine.http.JsonRequest;
import dev.cantila.engine.http.Limits;
import dev.cantila.runtime.FunctionsProject;

import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/**
 * What a version holds: an ES module ({@code source}) or a Twilio Functions project ({@code files}, path → text).
 * A project is stored as one JSON object in {@code script_versions.source} (marked by the handlers column {@value
 * #FUNCTIONS}), so a version stays one immutable row whose content hash covers every file.
 */
final class ScriptFiles {
    /** The handlers column of a Functions project version. */
    static final String FUNCTIONS = "functions";

    /** One file of a project as the API shows and takes it. */
    record File(String path, String content) {
    }

    /** An upload: exactly one of {@code source} and {@code files}. */
    record Upload(String source, Map<String, String> files) {
        boolean functions() {
            return files != null;
        }
    }

    private ScriptFiles() {
    }

    /** {@code source} or {@code files: [{path, content}]} from a request body; exactly one. */
    static Upload read(JsonRequest body) {
        if (body.has("source") == body.has("files")) {
            throw ApiException.invalid("source", "give either source (an ES module exporting onSms and/or onCall) or"
                    + " files (a Twilio Functions project: [{path, content}]), not both or neither");
        }
        if (body.has("source")) {
            return new Upload(body.string("source", Limits.SCRIPT_SOURCE), null);
        }
        List<JsonRequest> list = body.objects("files");
        if (list.isEmpty() || list.size() > FunctionsProject.MAX_FILES) {
            throw ApiException.invalid("files", "files holds 1-" + FunctionsProject.MAX_FILES + " files, got "
                    + list.size());
        }
        Map<String, String> files = new TreeMap<>();
        for (int i = 0; i < list.size(); i++) {
            JsonRequest f = list.get(i);
            if (f.isMissing() || f.has("to")) {
                throw ApiException.invalid("files[" + i + "]", "files[" + i + "] must be an object {path, content}");
            }
            f.only("path", "content");
            String path = f.string("path", FunctionsProject.MAX_PATH);
            if (files.put(path, f.string("content", Limits.SCRIPT_SOURCE)) != null) {
                throw ApiException.invalid("files[" + i + "].path", "files[" + i + "].path " + path
                        + " appears twice");
            }
        }
        return new Upload(null, files);
    }

    /** The stored text of a project: its files as one JSON object, in path order. */
    static String encode(Map<String, String> files) {
        return Json.write(new TreeMap<>(files));
    }

    static Map<String, String> decode(String stored) {
        Map<String, String> files = new TreeMap<>();
        JsonNode node = Json.parse(stored);
        for (Iterator<Map.Entry<String, JsonNode>> it = node.fields(); it.hasNext(); ) {
            Map.Entry<String, JsonNode> e = it.next();
            files.put(e.getKey(), e.getValue().asText());
        }
        return files;
    }

    static List<File> list(Map<String, String> files) {
        List<File> out = new ArrayList<>();
        files.forEach((p, c) -> out.add(new File(p, c)));
        return out;
    }
}
