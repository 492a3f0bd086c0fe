package dev.cantila.engine.voice;

import dev.cantila.webhooks.outbound.OutboundHttp;
import dev.cantila.engine.conference.Conferences;
import dev.cantila.engine.config.Settings;
import dev.cantila.engine.core.Ids;
import dev.cantila.engine.http.ProjectScope;
import dev.cantila.engine.numbers.Numbers;
import dev.cantila.engine.projects.Projects;
import dev.cantila.engine.scripts.VoiceHandlers;
import dev.cantila.engine.storage.Database;
import dev.cantila.webhooks.WebhookSettings;
import dev.cantila.webhooks.Webhooks;
import io.helidon.webserver.http.HttpService;

import java.time.Clock;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.function.Consumer;

/**
 * Voice, as {@code App} sees it: the calls ({@link VoiceCalls}) over one {@link VoiceSwitch}, voicemail, the HTTP
 * services, and the simulation API when the switch is the {@link SimulatedSwitch}. Call work runs on virtual
 * threads, one call's work at a time (its inbox); timers come from the injected {@link Timers}.
 */
public final class VoiceModule implements AutoCloseable {
    private final VoiceSwitch voiceSwitch;
    private final VoiceCalls calls;
    private final CallStore store;
    private final CallWebhooks events;
    private final Voicemails voicemails;
    private final ProjectScope scope;
    private final ExecutorService pool;
    private final LegClaims claims;
    private final CallRouter router;
    private final Conferences conferences;

    /** What voice acts through; {@code instance} names this engine among those sharing the database and switch. */
    public record Services(Database db, Clock clock, Ids ids, Webhooks webhooks, Projects projects, Numbers numbers,
                           VoiceHandlers handlers, VoiceCalls.SmsSink sms, OutboundHttp urls,
                           Settings.InstanceSettings instance) {
    }

    /**
     * @param voiceSwitch the switch; {@link #simulated} builds the stub provider's. Started here: it delivers
     *                    events from now on, after this instance's first heartbeat (so its claims are
     *                    never taken for those of a dead instance).
     */
    public VoiceModule(Services s, Settings.VoiceSettings settings, Timers timers, VoiceSwitch voiceSwitch,
                       ExecutorService pool) {
        this.voiceSwitch = voiceSwitch;
        this.pool = pool;
        this.events = new CallWebhooks(s.webhooks());
        this.store = new CallStore(s.db(), s.clock(), events);
        this.voicemails = new Voicemails(s.db(), s.clock(), s.ids(), settings.recordingsDir());
        this.router = new CallRouter(s.handlers(), new UrlActions(s.handlers(), s.projects(), s.clock(), s.urls()),
                store);
        this.calls = new VoiceCalls(s, voiceSwitch, store, router, pool);
        this.claims = new LegClaims(s.db(), s.clock(), s.instance().id(), s.instance().lease());
        this.conferences = new Conferences(s.db(), s.clock(), s.ids(), s.webhooks());
        conferences.media(new ConferenceMedia(voiceSwitch));
        conferences.dialer(calls::dialIn);
        conferences.callbackSender((projectId, url, method, params) -> s.handlers().twilio().fetch(projectId, url,
                method, params));
        calls.env(new VoiceEnv(store, voicemails, timers, s.ids(), settings, calls::release, claims, conferences,
                calls::dialChild));
        this.scope = new ProjectScope(s.projects()::exists);
        claims.register();
        voiceSwitch.start(calls);
    }

    /** The executor call work runs on: a virtual thread per task (a waiting call holds none). */
    public static ExecutorService callPool() {
        return Executors.newThreadPerTaskExecutor(Thread.ofVirtual().name("cantila-call-", 0).factory());
    }

    /** The stub provider's switch. */
    public static SimulatedSwitch simulated(Settings.VoiceSettings settings, Timers timers, Clock clock,
                                            ExecutorService pool) {
        return new SimulatedSwitch(timers, clock, pool, settings.sim());
    }

    /** {@code settings} with the call and conference event types added. */
    public static WebhookSettings withCallEvents(WebhookSettings settings) {
        return CallWebhooks.withCallEvents(settings).plusEventTypes(Conferences.EVENT_TYPES);
    }

    /**
     * One beat of this instance's lease (every {@code lease / 3} from {@code App}'s worker; tests call it): renews the
     * lease, then ends the calls of instances whose lease expired. Returns how many of their legs were adopted.
     */
    public int heartbeat() {
        claims.heartbeat();
        return calls.adoptOrphans();
    }

    /** This engine instance's id ({@code cantila.instance.id}, or generated at start). */
    public String instanceId() {
        return claims.instance();
    }

    public VoiceCalls calls() {
        return calls;
    }

    /** Registers the engine's own outbound-call program of route kind {@code kind}; see {@link CallProgram}. */
    public void program(String kind, CallProgram program) {
        router.program(kind, program);
    }

    public Voicemails voicemails() {
        return voicemails;
    }

    /** What a call's end does in the transaction that ends it (the usage rating); set once while wiring. */
    @FunctionalInterface
    public interface Ended {
        void ended(java.sql.Connection tx, Call call) throws java.sql.SQLException;
    }

    /** Calls {@code rating} for every call reaching a terminal status, in that status's transaction. */
    public void onEnded(Ended rating) {
        events.onEnded(rating);
    }

    /** Told of every call status after it is stored (tests wait on it). */
    public void onStatus(Consumer<Call> listener) {
        events.onStatus(listener);
    }

    /** The simulated switch, when that is the provider. */
    public Optional<SimulatedSwitch> simulator() {
        return voiceSwitch instanceof SimulatedSwitch sim ? Optional.of(sim) : Optional.empty();
    }

    /** The leg UUID of a call of {@code projectId} (404 for an unknown call). */
    public String legOf(String projectId, String callId) {
        return store.leg(projectId, callId);
    }

    /** Outbound calls to {@code e164} (of {@code projectId} only, unless null), oldest first: the newest 100. */
    List<Call> outboundTo(String e164, String projectId) {
        return store.outboundTo(e164, projectId, 100);
    }

    /** The leg UUID and project of a call, for the simulation API (404 for an unknown call). */
    Call find(String callId) {
        return store.find(callId).orElseThrow(() -> dev.cantila.engine.core.ApiException.notFound("call", callId));
    }

    /** {@code /v1/projects/{id}/voice/...}. */
    public HttpService http() {
        return new VoiceHttp(calls, store, voicemails, scope);
    }

    /** {@code /v1/projects/{id}/voice/conferences...}. */
    public HttpService conferencesHttp() {
        return conferences.http(scope);
    }

    public Conferences conferences() {
        return conferences;
    }

    /** {@code /v1/sim/...} voice routes; none unless the switch is simulated. */
    public List<HttpService> simHttp() {
        return simulator().<List<HttpService>>map(sim -> List.of(new SimVoiceHttp(sim, this))).orElse(List.of());
    }

    @Override
    public void close() {
        voiceSwitch.close();
        pool.shutdown();
    }
}
