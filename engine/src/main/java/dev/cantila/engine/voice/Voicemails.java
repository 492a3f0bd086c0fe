package dev.cantila.engine.voice;

import dev.cantila.engine.core.ApiException;
import dev.cantila.engine.core.Ids;
import dev.cantila.engine.core.Page;
import dev.cantila.engine.storage.Database;
import dev.cantila.engine.storage.Listing;
import io.helidon.dbclient.DbRow;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Instant;
import java.util.logging.Logger;

/**
 * Voicemails and call recordings: rows pointing at WAV files in the recordings directory (written by the switch;
 * shared with FreeSWITCH in production). Audio is served only from inside that directory.
 */
public final class Voicemails {
    private static final Logger LOG = Logger.getLogger(Voicemails.class.getName());

    private final Database db;
    private final Clock clock;
    private final Ids ids;
    private final Path recordingsDir;

    Voicemails(Database db, Clock clock, Ids ids, Path recordingsDir) {
        this.db = db;
        this.clock = clock;
        this.ids = ids;
        this.recordingsDir = recordingsDir.toAbsolutePath().normalize();
    }

    /** A voicemail as the API shows it; {@code audioUrl} is where to download it. */
    public record Voicemail(String id, String callId, String from, String to, long durationMs, boolean heard,
                            Instant createdAt, Instant heardAt, String audioUrl) {
    }

    String voicemail(Call call, String path, long durationMs) {
        String id = ids.next("vm");
        Database.update(db.exec(), "INSERT INTO voicemails (id, project_id, call_id, from_e164, to_e164, duration_ms,"
                        + " recording_path, heard, created_at) VALUES (?, ?, ?, ?, ?, ?, ?, FALSE, ?)", id,
                call.projectId(), call.id(), call.from(), call.to(), durationMs, path, clock.millis());
        return id;
    }

    String recording(Call call, String kind, String path, long durationMs) {
        String id = ids.next("rec");
        Database.update(db.exec(), "INSERT INTO call_recordings (id, project_id, call_id, kind, recording_path,"
                        + " duration_ms, created_at) VALUES (?, ?, ?, ?, ?, ?, ?)", id, call.projectId(), call.id(), kind,
                path, durationMs, clock.millis());
        return id;
    }

    public Page<Voicemail> list(String projectId, Boolean heard, String cursor, int limit) {
        return new Listing("SELECT * FROM voicemails WHERE project_id = ?", projectId).and("heard = ?", heard)
                .page(db.exec(), cursor, limit, Voicemails::row, Voicemail::id);
    }

    public Voicemail get(String projectId, String id) {
        return Database.one(db.exec(), "SELECT * FROM voicemails WHERE id = ? AND project_id = ?", Voicemails::row,
                id, projectId).orElseThrow(() -> ApiException.notFound("voicemail", id));
    }

    /** Marks it heard (idempotent: the first time is kept). */
    public Voicemail heard(String projectId, String id) {
        get(projectId, id);
        Database.update(db.exec(), "UPDATE voicemails SET heard = TRUE, heard_at = ? WHERE id = ? AND heard = FALSE",
                clock.millis(), id);
        return get(projectId, id);
    }

    /** Deletes the row and, best effort, its audio file. */
    public void delete(String projectId, String id) {
        Path file = audioPath(projectId, id);
        Database.update(db.exec(), "DELETE FROM voicemails WHERE id = ? AND project_id = ?", id, projectId);
        try {
            Files.deleteIfExists(file);
        } catch (IOException | SecurityException e) {
            LOG.warning("voicemail " + id + ": could not delete " + file + ": " + e.getMessage());
        }
    }

    /**
     * The audio file of a voicemail.
     *
     * @throws ApiException 404 {@code audio_not_found} when the file is not (or no longer, or not yet) in the
     *                      recordings directory, saying where it was expected
     */
    public Path audio(String projectId, String id) {
        return existing(audioPath(projectId, id), "voicemail " + id);
    }

    /**
     * The audio file of one of a call's recordings ({@code record()} or a recorded forward).
     *
     * @throws ApiException 404 for an unknown call or recording, or {@code audio_not_found} as for voicemails
     */
    public Path recordingAudio(String projectId, String callId, String id) {
        String stored = Database.one(db.exec(), "SELECT recording_path FROM call_recordings WHERE id = ? AND call_id = ?"
                        + " AND project_id = ?", r -> Database.str(r, "recording_path"), id, callId, projectId)
                .orElseThrow(() -> ApiException.notFound("recording", id));
        return existing(inRecordings(stored), "recording " + id);
    }

    private Path existing(Path file, String what) {
        if (!Files.isRegularFile(file)) {
            throw new ApiException(ApiException.Kind.NOT_FOUND, "audio_not_found", "the audio of " + what
                    + " is not in the recordings directory " + recordingsDir + " (expected " + file.getFileName()
                    + "; is cantila.voice.recordings-dir shared with the switch?)", null);
        }
        return file;
    }

    private Path audioPath(String projectId, String id) {
        String stored = Database.one(db.exec(), "SELECT recording_path FROM voicemails WHERE id = ? AND project_id = ?",
                r -> Database.str(r, "recording_path"), id, projectId).orElseThrow(() -> ApiException.notFound("voicemail", id));
        return inRecordings(stored);
    }

    /** A stored path, only ever inside the recordings directory (a path from elsewhere keeps its file name only). */
    private Path inRecordings(String stored) {
        Path file = Path.of(stored).toAbsolutePath().normalize();
        return file.startsWith(recordingsDir) ? file : recordingsDir.resolve(file.getFileName());
    }

    private static Voicemail row(DbRow r) {
        Long heardAt = Database.nullableLong(r, "heard_at");
        String id = Database.str(r, "id");
        return new Voicemail(id, Database.str(r, "call_id"), Database.str(r, "from_e164"), Database.str(r, "to_e164"),
                Database.lng(r, "duration_ms"), Database.bool(r, "heard"),
                Instant.ofEpochMilli(Database.lng(r, "created_at")), heardAt == null ? null : Instant.ofEpochMilli(heardAt),
                "/v1/projects/" + Database.str(r, "project_id") + "/voice/voicemails/" + id + "/audio");
    }
}
