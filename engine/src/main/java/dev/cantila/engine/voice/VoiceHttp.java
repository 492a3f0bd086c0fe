package dev.cantila.engine.voice;

import dev.cantila.engine.core.ApiException;
import dev.cantila.engine.core.Page;
import dev.cantila.engine.http.Json;
import dev.cantila.engine.http.JsonRequest;
import dev.cantila.engine.http.Limits;
import dev.cantila.engine.http.ProjectScope;
import dev.cantila.engine.http.Query;
import dev.cantila.engine.phone.PhoneNumbers;
import io.helidon.http.HeaderNames;
import io.helidon.http.Status;
import io.helidon.webserver.http.HttpRules;
import io.helidon.webserver.http.HttpService;
import io.helidon.webserver.http.ServerRequest;
import io.helidon.webserver.http.ServerResponse;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;

/**
 * {@code /v1/projects/{id}/voice}: outbound calls, the call list and timeline, hangup; voicemails with audio
 * download and mark-heard ({@code POST …/heard}, idempotent).
 */
final class VoiceHttp implements HttpService {
    private final VoiceCalls calls;
    private final CallStore store;
    private final Voicemails voicemails;
    private final ProjectScope scope;

    VoiceHttp(VoiceCalls calls, CallStore store, Voicemails voicemails, ProjectScope scope) {
        this.calls = calls;
        this.store = store;
        this.voicemails = voicemails;
        this.scope = scope;
    }

    @Override
    public void routing(HttpRules rules) {
        rules.post("/{id}/voice/calls", this::call)
                .get("/{id}/voice/calls", this::list)
                .get("/{id}/voice/calls/{cid}", this::get)
                .post("/{id}/voice/calls/{cid}/hangup", this::hangup)
                .get("/{id}/voice/calls/{cid}/recordings/{rid}/audio", this::recordingAudio)
                .get("/{id}/voice/voicemails", this::voicemails)
                .get("/{id}/voice/voicemails/{vid}", this::voicemail)
                .delete("/{id}/voice/voicemails/{vid}", this::deleteVoicemail)
                .get("/{id}/voice/voicemails/{vid}/audio", this::audio)
                .post("/{id}/voice/voicemails/{vid}/heard", this::heard);
    }

    private void call(ServerRequest req, ServerResponse res) {
        String project = scope.project(req);
        JsonRequest b = Json.body(req, 16 * 1024, "to", "from", "script", "url", "timeoutSeconds", "params", "format",
                "method");
        String method = b.optString("method", Limits.WORD);
        Json.created(res, calls.originate(project, new VoiceCalls.Outbound(b.string("to", Limits.PHONE),
                b.string("from", Limits.PHONE), b.optString("script", Limits.ID), b.optString("url", Limits.URL),
                b.optInt("timeoutSeconds"),
                b.optStringMap("params", Limits.PARAMS, Limits.PARAM_KEY, Limits.PARAM_VALUE),
                b.optString("format", Limits.WORD), method == null ? null : method.toUpperCase(java.util.Locale.ROOT))));
    }

    private void list(ServerRequest req, ServerResponse res) {
        String project = scope.project(req);
        String status = Query.str(req, "status");
        String direction = Query.str(req, "direction");
        if (direction != null && !direction.equals("outbound") && !direction.equals("inbound")) {
            throw ApiException.invalid("direction", "direction must be outbound or inbound");
        }
        String to = Query.str(req, "to");
        String from = Query.str(req, "from");
        var filter = new CallStore.Filter(status == null ? null : CallStatus.parse(status, "status"), direction,
                to == null ? null : PhoneNumbers.fromPath(to, "to"), from == null ? null : PhoneNumbers.fromPath(from, "from"));
        Json.ok(res, store.list(project, filter, Query.str(req, "cursor"), limit(req)));
    }

    private void get(ServerRequest req, ServerResponse res) {
        Json.ok(res, store.get(scope.project(req), Query.path(req, "cid")));
    }

    private void hangup(ServerRequest req, ServerResponse res) {
        Json.ok(res, calls.hangup(scope.project(req), Query.path(req, "cid")));
    }

    private void voicemails(ServerRequest req, ServerResponse res) {
        String project = scope.project(req);
        String heard = Query.str(req, "heard");
        if (heard != null && !heard.equals("true") && !heard.equals("false")) {
            throw ApiException.invalid("heard", "heard must be true or false");
        }
        Json.ok(res, voicemails.list(project, heard == null ? null : Boolean.valueOf(heard), Query.str(req, "cursor"),
                limit(req)));
    }

    private void voicemail(ServerRequest req, ServerResponse res) {
        Json.ok(res, voicemails.get(scope.project(req), Query.path(req, "vid")));
    }

    private void deleteVoicemail(ServerRequest req, ServerResponse res) {
        voicemails.delete(scope.project(req), Query.path(req, "vid"));
        res.status(Status.NO_CONTENT_204).send();
    }

    private void heard(ServerRequest req, ServerResponse res) {
        Json.ok(res, voicemails.heard(scope.project(req), Query.path(req, "vid")));
    }

    private void audio(ServerRequest req, ServerResponse res) {
        String vid = Query.path(req, "vid");
        wav(res, voicemails.audio(scope.project(req), vid), vid);
    }

    private void recordingAudio(ServerRequest req, ServerResponse res) {
        String rid = Query.path(req, "rid");
        wav(res, voicemails.recordingAudio(scope.project(req), Query.path(req, "cid"), rid), rid);
    }

    private static void wav(ServerResponse res, Path file, String id) {
        try (InputStream in = Files.newInputStream(file)) {
            res.header(HeaderNames.CONTENT_TYPE, "audio/wav")
                    .header(HeaderNames.CONTENT_DISPOSITION, "attachment; filename=\"" + id + ".wav\"")
                    .contentLength(Files.size(file));
            try (OutputStream out = res.outputStream()) {
                in.transferTo(out);
            }
        } catch (IOException e) {
            throw new UncheckedIOException(id + ": reading " + file + " failed", e);
        }
    }

    private static int limit(ServerRequest req) {
        return Page.limit(Query.integer(req, "limit"), 50, 1000);
    }
}
