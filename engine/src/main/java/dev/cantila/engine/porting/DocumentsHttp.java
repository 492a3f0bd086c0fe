package dev.cantila.engine.porting;

import dev.cantila.engine.core.ApiException;
import dev.cantila.engine.core.Page;
import dev.cantila.engine.http.Json;
import dev.cantila.engine.http.Limits;
import dev.cantila.engine.http.Multipart;
import dev.cantila.engine.http.ProjectScope;
import dev.cantila.engine.http.Query;
import io.helidon.http.HeaderNames;
import io.helidon.http.HttpMediaType;
import io.helidon.webserver.http.HttpRules;
import io.helidon.webserver.http.HttpService;
import io.helidon.webserver.http.ServerRequest;
import io.helidon.webserver.http.ServerResponse;

import java.util.List;

/**
 * {@code /v1/projects/{id}/documents}: upload ({@code multipart/form-data}, the file in part {@code file}), list,
 * metadata, download ({@code …/content}), delete. Only the owning project (or the operator) sees a document.
 */
public final class DocumentsHttp implements HttpService {
    /** Room for the multipart framing around a maximal file. */
    private static final int MAX_BODY = Documents.MAX_BYTES + 64 * 1024;

    private final Documents documents;
    private final ProjectScope scope;

    public DocumentsHttp(Documents documents, ProjectScope scope) {
        this.documents = documents;
        this.scope = scope;
    }

    @Override
    public void routing(HttpRules rules) {
        rules.post("/{id}/documents", this::upload)
                .get("/{id}/documents", this::list)
                .get("/{id}/documents/{docId}", this::get)
                .get("/{id}/documents/{docId}/content", this::content)
                .delete("/{id}/documents/{docId}", this::delete);
    }

    private void upload(ServerRequest req, ServerResponse res) {
        String project = scope.project(req);
        List<Multipart.Part> parts = Multipart.read(req, MAX_BODY);
        Multipart.Part file = null;
        for (Multipart.Part p : parts) {
            if (!"file".equals(p.name())) {
                throw ApiException.invalid("unknown_field", p.name(), "unknown part " + p.name() + "; expected file");
            }
            file = p;
        }
        if (file == null) {
            throw ApiException.invalid("file", "send the document as the multipart part named file");
        }
        String name = file.filename();
        if (name != null && name.length() > Limits.FILE_NAME) {
            throw ApiException.invalid("file", "the file name is longer than " + Limits.FILE_NAME + " characters");
        }
        Json.created(res, documents.upload(project, name, file.data()));
    }

    private void list(ServerRequest req, ServerResponse res) {
        Json.ok(res, documents.list(scope.project(req), Query.str(req, "cursor"),
                Page.limit(Query.integer(req, "limit"), 50, 500)));
    }

    private void get(ServerRequest req, ServerResponse res) {
        Json.ok(res, documents.get(scope.project(req), Query.path(req, "docId")));
    }

    private void content(ServerRequest req, ServerResponse res) {
        String project = scope.project(req);
        Documents.Document d = documents.get(project, Query.path(req, "docId"));
        byte[] bytes = documents.content(project, d.id());
        res.headers().contentType(HttpMediaType.create(d.contentType()));
        res.headers().set(HeaderNames.CONTENT_DISPOSITION, "attachment; filename=\"" + d.id() + "\"");
        res.headers().set(HeaderNames.X_CONTENT_TYPE_OPTIONS, "nosniff");
        res.send(bytes);
    }

    private void delete(ServerRequest req, ServerResponse res) {
        documents.delete(scope.project(req), Query.path(req, "docId"));
        res.status(204).send();
    }
}
