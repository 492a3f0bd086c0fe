package dev.cantila.engine.conference;

import dev.cantila.scripts.twiml.StatusCallback;
import dev.cantila.engine.core.ApiException;
import dev.cantila.engine.core.Ids;
import dev.cantila.engine.core.Page;
import dev.cantila.engine.http.ProjectScope;
import dev.cantila.engine.storage.Database;
import dev.cantila.webhooks.Webhooks;
import io.helidon.webserver.http.HttpService;

import java.sql.Connection;
import java.sql.SQLException;
import java.time.Clock;
import java.util.List;
import java.util.Optional;
import java.util.Set;

/**
 * The rules of a conference, applied to the stored state: a call joins the live conference of a name (creating it),
 * waits until a startOnEnter participant is in (then everybody waiting joins at once), and the conference ends when
 * an endOnExit participant leaves (everyone else is let go) or the last one does. Mute and kick come from the API.
 * Each method is one transaction; the switch follows through {@link Media} after the commit, so the database is
 * the truth the API shows and the switch is told what changed.
 *
 * <p>Threading: any thread; concurrent joins of a new name race on the unique live name, and the loser retries into
 * the winner's conference.
 */
public final class Conferences {
    public static final Set<String> EVENT_TYPES = ConferenceEvents.TYPES;
    /** Longest conference name (the HTTP path and the handler helper check it). */
    public static final int MAX_NAME = dev.cantila.engine.http.Limits.CONFERENCE_NAME;
    public static final int MAX_PARTICIPANTS = 250;

    /** What the switch does when the API acts on a participant; implemented by the voice package. */
    public interface Media {
        void mute(String room, String legUuid, boolean muted);

        /** Takes the leg out of the room (its conference operation completes); nothing when it is out already. */
        void kick(String room, String legUuid);
    }

    /** How a call joins; the defaults are Twilio's (start on enter, beep, not muted, 250 participants). */
    public record Options(boolean startOnEnter, boolean endOnExit, boolean muted, boolean beep, String waitUrl,
                          int maxParticipants) {
    }

    /** @param callback the joiner's Twilio status callback (null: none); the first one given is the conference's */
    public record Join(String projectId, String name, String callId, String legUuid, Options options,
                       StatusCallback callback) {
    }

    /** @param full the conference had {@code maxParticipants} already: the call was not admitted */
    public record Joined(Conference conference, Participant participant, boolean full) {
        /** The switch's room: the conference id (a name reused after the end is another room). */
        public String room() {
            return conference.id();
        }

        public boolean waiting() {
            return participant != null && participant.status().equals(ParticipantStatus.WAITING.wire());
        }
    }

    private final ConferenceStore store;
    private final ConferenceEvents events;
    private final TwilioCallbacks callbacks;
    private final Ids ids;
    private final Clock clock;
    private volatile DialIn.Dialer dialer = (projectId, name, d) -> {
        throw new IllegalStateException("no dialer for conference participants");
    };
    private volatile Media media = new Media() {
        @Override
        public void mute(String room, String legUuid, boolean muted) {
        }

        @Override
        public void kick(String room, String legUuid) {
        }
    };

    public Conferences(Database db, Clock clock, Ids ids, Webhooks webhooks) {
        this.store = new ConferenceStore(db, clock);
        this.callbacks = new TwilioCallbacks(clock);
        this.events = new ConferenceEvents(webhooks, callbacks);
        this.ids = ids;
        this.clock = clock;
    }

    /** How Twilio status callbacks are sent (signed, SSRF-guarded); set once while wiring. */
    public void callbackSender(StatusCallback.Sender sender) {
        callbacks.sender(sender);
    }

    /**
     * Runs {@code work} in one transaction; the Twilio status callbacks its moves collected go out after the commit
     * (none when it rolled back).
     */
    private <T> T tx(Work<T> work) {
        List<TwilioCallbacks.Post> posts = new java.util.ArrayList<>();
        T result = store.inTx(c -> work.run(c, posts));
        callbacks.send(posts);
        return result;
    }

    @FunctionalInterface
    private interface Work<T> {
        T run(Connection c, List<TwilioCallbacks.Post> posts) throws SQLException;
    }

    /** How {@link #dialIn} places calls; set once while wiring, by the voice package. */
    public void dialer(DialIn.Dialer dialer) {
        this.dialer = dialer;
    }

    /**
     * Dials {@code d.to()} and joins the answered call to conference {@code name} with the given options; the call
     * is an outbound call like any other (held {@code from}, billing, events). 400 for a bad name or timeout.
     */
    public DialIn.Placed dialIn(String projectId, String name, DialIn d) {
        checkName(name, "name");
        if (d.timeoutSeconds() < 5 || d.timeoutSeconds() > 600) {
            throw ApiException.invalid("timeout", "timeout is 5-600 seconds, got " + d.timeoutSeconds());
        }
        return dialer.place(projectId, name, d);
    }

    /** Set once while wiring, by the voice package. */
    public void media(Media media) {
        this.media = media;
    }

    /** A conference name as given: 1-128 characters, no control characters and no {@code /}. */
    public static String checkName(String name, String field) {
        if (name == null || name.isBlank() || name.length() > MAX_NAME || name.chars().anyMatch(ch -> ch < 0x20
                || ch == '/' || ch == 0x7f)) {
            throw ApiException.invalid(field, "a conference name is 1-" + MAX_NAME
                    + " characters without '/' or control characters, got '" + name + "'");
        }
        return name;
    }

    /** The call joins (creating the conference when the name has no live one). */
    public Joined join(Join j) {
        checkName(j.name(), "name");
        for (int attempt = 0; ; attempt++) {
            try {
                return tx((c, posts) -> join(c, j, posts));
            } catch (RuntimeException e) {
                // lost a race: another call opened the name first, or the conference ended as we locked it
                boolean raced = Database.isUniqueViolation(e)
                        || e instanceof ApiException a && a.code().equals("conference_ended");
                if (attempt >= 3 || !raced) {
                    throw e;
                }
            }
        }
    }

    private Joined join(Connection c, Join j, List<TwilioCallbacks.Post> posts) throws SQLException {
        Optional<Conference> live = store.liveByName(c, j.projectId(), j.name());
        Conference conf;
        if (live.isPresent()) {
            conf = live.get();
        } else {
            store.insertConference(c, ids.next("conf"), j.projectId(), j.name());
            conf = store.liveByName(c, j.projectId(), j.name()).orElseThrow();
        }
        store.lock(c, conf.id());
        conf = store.byId(c, conf.id());
        if (conf.completed()) {
            throw ApiException.conflict("conference_ended", "conference '" + j.name() + "' ended as the call joined");
        }
        TwilioCallbacks.register(c, conf.id(), j.callback());
        if (conf.live() >= j.options().maxParticipants()) {
            return new Joined(conf, null, true);
        }
        if (store.participant(c, conf.id(), j.callId()).isPresent()) {
            throw ApiException.conflict("already_in_conference", "call " + j.callId() + " already joined conference "
                    + conf.id() + " (" + conf.name() + ")");
        }
        ConferenceStatus status = ConferenceStatus.fromWire(conf.status());
        boolean starts = status == ConferenceStatus.INIT && j.options().startOnEnter();
        store.insertParticipant(c, conf.id(), j.projectId(), j, status == ConferenceStatus.IN_PROGRESS || starts
                ? ParticipantStatus.JOINED : ParticipantStatus.WAITING);
        conf = store.byId(c, conf.id());
        Participant me = store.participant(c, conf.id(), j.callId()).orElseThrow();
        events.participant(c, j.projectId(), ConferenceEvents.JOIN, conf, me, posts);
        if (starts && store.moveConference(c, conf.id(), ConferenceStatus.INIT, ConferenceStatus.IN_PROGRESS, null)) {
            for (Participant p : store.participants(c, conf.id())) {
                if (p.status().equals(ParticipantStatus.WAITING.wire())) {
                    store.moveParticipant(c, p, ParticipantStatus.JOINED, null);
                }
            }
            conf = store.byId(c, conf.id());
            events.conference(c, j.projectId(), ConferenceEvents.START, conf, posts);
        }
        return new Joined(conf, me, false);
    }

    /**
     * The call is out of the conference ({@code hangup}, {@code kicked}, {@code left}); ends the conference when it
     * was an endOnExit participant or the last one. Returns the participant as stored (already gone: unchanged).
     */
    public Participant leave(String projectId, String conferenceId, String callId, String reason) {
        return tx((c, posts) -> {
            store.lock(c, conferenceId);
            Participant p = store.participant(c, conferenceId, callId).orElseThrow(() ->
                    ApiException.notFound("participant", callId));
            if (p.gone() || !store.moveParticipant(c, p, ParticipantStatus.LEFT, reason)) {
                return store.participant(c, conferenceId, callId).orElseThrow();
            }
            Conference conf = store.byId(c, conferenceId);
            Participant left = store.participant(c, conferenceId, callId).orElseThrow();
            events.participant(c, projectId, ConferenceEvents.LEAVE, conf, left, posts);
            ConferenceStatus status = ConferenceStatus.fromWire(conf.status());
            if (status != ConferenceStatus.COMPLETED && (p.endOnExit() || conf.live() == 0)) {
                // an endOnExit participant ended it even when the switch let the others go a moment earlier
                end(c, projectId, conf, p.endOnExit() ? "participant-ended-conference" : "last-participant-left", posts);
            }
            return left;
        });
    }

    /**
     * Completes the conference and marks everyone still in as gone ({@code conference-ended}). The switch lets them
     * go by itself (mod_conference's {@code endconf}, the simulated room alike), so no kick is sent from here: it
     * would race the switch's own end and report "kicked" to a participant who was not.
     */
    private void end(Connection c, String projectId, Conference conf, String reason, List<TwilioCallbacks.Post> posts)
            throws SQLException {
        if (!store.moveConference(c, conf.id(), ConferenceStatus.fromWire(conf.status()), ConferenceStatus.COMPLETED,
                reason)) {
            return;
        }
        Conference ended = store.byId(c, conf.id());
        for (Participant p : store.participants(c, conf.id())) {
            if (!p.gone() && store.moveParticipant(c, p, ParticipantStatus.LEFT, "conference-ended")) {
                events.participant(c, projectId, ConferenceEvents.LEAVE, ended,
                        store.participant(c, conf.id(), p.callId()).orElseThrow(), posts);
            }
        }
        events.conference(c, projectId, ConferenceEvents.END, store.byId(c, conf.id()), posts);
    }

    /** Mutes or unmutes a participant of the live conference {@code name}; the same value again changes nothing. */
    public Participant mute(String projectId, String name, String callId, boolean muted) {
        Participant p = tx((c, posts) -> {
            Conference conf = live(c, projectId, name);
            store.lock(c, conf.id());
            Participant current = inConference(c, conf, callId);
            if (current.muted() == muted || !store.mute(c, current, muted)) {
                return current;
            }
            Participant changed = store.participant(c, conf.id(), callId).orElseThrow();
            events.participant(c, projectId, ConferenceEvents.MUTE, conf, changed, posts);
            return changed;
        });
        media.mute(p.conferenceId(), p.legUuid(), muted);
        return p;
    }

    /** Takes a participant out of the live conference {@code name} (reason {@code kicked}). */
    public Participant kick(String projectId, String name, String callId) {
        Participant p = store.inTx(c -> inConference(c, live(c, projectId, name), callId));
        media.kick(p.conferenceId(), p.legUuid()); // first: an endOnExit participant's switch room then ends itself
        return leave(projectId, p.conferenceId(), callId, "kicked");
    }

    private Conference live(Connection c, String projectId, String name) throws SQLException {
        checkName(name, "name");
        Optional<Conference> live = store.liveByName(c, projectId, name);
        if (live.isPresent()) {
            return live.get();
        }
        if (store.everNamed(c, projectId, name)) {
            throw ApiException.conflict("conference_ended", "conference '" + name + "' has ended");
        }
        throw ApiException.notFound("conference", name);
    }

    private Participant inConference(Connection c, Conference conf, String callId) throws SQLException {
        Participant p = store.participant(c, conf.id(), callId).orElseThrow(() ->
                ApiException.notFound("participant", callId));
        if (p.gone()) {
            throw ApiException.conflict("participant_left", "call " + callId + " left conference '" + conf.name()
                    + "' (" + p.leaveReason() + ")");
        }
        return p;
    }

    // ---- reads ----

    public Page<Conference> list(String projectId, String status, String name, String cursor, int limit) {
        if (status != null) {
            try {
                ConferenceStatus.fromWire(status);
            } catch (IllegalArgumentException e) {
                throw ApiException.invalid("status", "status must be init, in-progress or completed, got '"
                        + status + "'");
            }
        }
        return store.list(projectId, status, name == null ? null : checkName(name, "name"), cursor, limit);
    }

    /** The live conference of that name, else the latest; with its participants. */
    public Conference get(String projectId, String name) {
        Conference conf = store.byName(projectId, checkName(name, "name"))
                .orElseThrow(() -> ApiException.notFound("conference", name));
        return conf.with(store.participants(conf.id()));
    }

    public List<Participant> participants(String projectId, String name) {
        return get(projectId, name).participants();
    }

    /** A participant's seconds in the conference until now or its leaving. */
    public long seconds(Participant p) {
        return p.seconds(clock.instant());
    }

    /** {@code /v1/projects/{id}/voice/conferences}. */
    public HttpService http(ProjectScope scope) {
        return new ConferencesHttp(this, scope);
    }
}
