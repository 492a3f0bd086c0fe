package dev.cantila.engine.porting;

import dev.cantila.engine.core.ApiException;
import dev.cantila.engine.core.Ids;
import dev.cantila.engine.core.Page;
import dev.cantila.engine.storage.Database;
import dev.cantila.webhooks.storage.Jdbc;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.AtomicMoveNotSupportedException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Clock;
import java.time.Instant;
import java.util.HexFormat;
import java.util.List;

/**
 * Port-in documents (a recent bill, a letter of authorisation): PDF, PNG or JPEG as their first bytes say (the
 * declared type and file name are not trusted), at most {@link #MAX_BYTES}, stored under
 * {@code <data-dir>/documents/<project>/<id>} and served only to their project. The file is written (to a temporary
 * name, then moved) before its row is inserted, so a row never names a missing file; a crash between the two
 * leaves an orphan file, never a broken document.
 */
public final class Documents {
    public static final int MAX_BYTES = 10 * 1024 * 1024;

    private final Database db;
    private final Clock clock;
    private final Ids ids;
    private final Path dir;

    public Documents(Database db, Clock clock, Ids ids, Path dir) {
        this.db = db;
        this.clock = clock;
        this.ids = ids;
        this.dir = dir;
    }

    public record Document(String id, String projectId, String filename, String contentType, long sizeBytes,
                           String sha256, Instant createdAt) {
    }

    public Document upload(String projectId, String filename, byte[] bytes) {
        if (bytes.length > MAX_BYTES) {
            throw new ApiException(ApiException.Kind.TOO_LARGE, "document_too_large", "a document is at most "
                    + MAX_BYTES + " bytes, got " + bytes.length, "file");
        }
        String type = sniff(bytes);
        if (type == null) {
            throw ApiException.invalid("unsupported_document", "file", "a document must be a PDF, PNG or JPEG file"
                    + " (judged by its content, not its name)");
        }
        String id = ids.next("doc");
        Path file = file(projectId, id);
        try {
            Files.createDirectories(file.getParent());
            Path tmp = file.resolveSibling(id + ".part");
            Files.write(tmp, bytes);
            try {
                Files.move(tmp, file, StandardCopyOption.ATOMIC_MOVE);
            } catch (AtomicMoveNotSupportedException e) {
                Files.move(tmp, file, StandardCopyOption.REPLACE_EXISTING);
            }
        } catch (IOException e) {
            throw new UncheckedIOException("storing document " + id + " of " + projectId + " at " + file, e);
        }
        long now = clock.millis();
        String name = filename == null || filename.isBlank() ? id : filename.strip();
        db.inJdbcTx(c -> Jdbc.update(c, "INSERT INTO port_documents (id, project_id, filename, content_type, size_bytes,"
                + " sha256, created_at) VALUES (?, ?, ?, ?, ?, ?, ?)", id, projectId, name, type, (long) bytes.length,
                sha256(bytes), now));
        return get(projectId, id);
    }

    public Page<Document> list(String projectId, String cursor, int limit) {
        List<Document> rows = db.inJdbcTx(c -> cursor == null
                ? Jdbc.query(c, "SELECT * FROM port_documents WHERE project_id = ? ORDER BY id DESC LIMIT ?",
                Documents::row, projectId, limit + 1)
                : Jdbc.query(c, "SELECT * FROM port_documents WHERE project_id = ? AND id < ? ORDER BY id DESC LIMIT ?",
                Documents::row, projectId, cursor, limit + 1));
        return Page.of(rows, limit, Document::id);
    }

    /** Another project's document is 404, as a missing one. */
    public Document get(String projectId, String id) {
        return db.inJdbcTx(c -> Jdbc.queryOne(c, "SELECT * FROM port_documents WHERE id = ? AND project_id = ?",
                Documents::row, id, projectId)).orElseThrow(() -> ApiException.notFound("document", id));
    }

    public byte[] content(String projectId, String id) {
        Document d = get(projectId, id);
        try {
            return Files.readAllBytes(file(projectId, d.id()));
        } catch (IOException e) {
            throw new UncheckedIOException("reading document " + id + " of " + projectId, e);
        }
    }

    /** Deletes a document no active port-in names (409 {@code document_in_use} otherwise). */
    public void delete(String projectId, String id) {
        get(projectId, id);
        db.inJdbcTx(c -> {
            List<String> users = Jdbc.query(c, "SELECT id, documents FROM port_ins WHERE project_id = ? AND status NOT IN"
                    + " ('completed', 'rejected', 'canceled', 'expired')", rs -> List.of(rs.getString("documents")
                    .split(" ")).contains(id) ? rs.getString("id") : null, projectId).stream()
                    .filter(java.util.Objects::nonNull).toList();
            if (!users.isEmpty()) {
                throw ApiException.conflict("document_in_use", "document " + id + " supports port-in " + users.getFirst()
                        + ", which is still active");
            }
            return Jdbc.update(c, "DELETE FROM port_documents WHERE id = ? AND project_id = ?", id, projectId);
        });
        try {
            Files.deleteIfExists(file(projectId, id));
        } catch (IOException e) {
            throw new UncheckedIOException("deleting document " + id + " of " + projectId, e);
        }
    }

    /** The type the content says: {@code application/pdf}, {@code image/png}, {@code image/jpeg}, or null. */
    static String sniff(byte[] b) {
        if (starts(b, 0x25, 0x50, 0x44, 0x46, 0x2D)) {
            return "application/pdf";
        }
        if (starts(b, 0x89, 0x50, 0x4E, 0x47, 0x0D, 0x0A, 0x1A, 0x0A)) {
            return "image/png";
        }
        if (starts(b, 0xFF, 0xD8, 0xFF)) {
            return "image/jpeg";
        }
        return null;
    }

    private static boolean starts(byte[] b, int... magic) {
        if (b.length < magic.length) {
            return false;
        }
        for (int i = 0; i < magic.length; i++) {
            if ((b[i] & 0xFF) != magic[i]) {
                return false;
            }
        }
        return true;
    }

    private Path file(String projectId, String id) {
        // both are ids the server made (checked against the database before any read), never request text
        return dir.resolve(projectId).resolve(id);
    }

    private static String sha256(byte[] bytes) {
        try {
            return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(bytes));
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }

    private static Document row(ResultSet rs) throws SQLException {
        return new Document(rs.getString("id"), rs.getString("project_id"), rs.getString("filename"),
                rs.getString("content_type"), rs.getLong("size_bytes"), rs.getString("sha256"),
                Instant.ofEpochMilli(rs.getLong("created_at")));
    }
}
