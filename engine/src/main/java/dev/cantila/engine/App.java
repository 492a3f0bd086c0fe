package dev.cantila.engine;

import dev.cantila.engine.a2p.A2p;
import dev.cantila.engine.billing.Billing;
import dev.cantila.engine.billing.Rating;
import dev.cantila.engine.sms.MessageStatus;
import dev.cantila.engine.config.Settings;
import dev.cantila.engine.freeswitch.FreeSwitchSmsCarrier;
import dev.cantila.engine.freeswitch.FreeSwitchSwitch;
import dev.cantila.engine.core.Ids;
import dev.cantila.engine.core.Worker;
import dev.cantila.engine.numbers.Numbers;
import dev.cantila.engine.numbers.Transfers;
import dev.cantila.engine.porting.Documents;
import dev.cantila.engine.porting.PortCarrier;
import dev.cantila.engine.porting.PortIns;
import dev.cantila.engine.porting.PortOuts;
import dev.cantila.engine.porting.PortStatus;
import dev.cantila.engine.porting.Portability;
import dev.cantila.engine.hooks.SmsEvents;
import dev.cantila.engine.numbers.SmsActivation;
import dev.cantila.engine.otp.OtpModule;
import dev.cantila.engine.otp.OtpSecret;
import dev.cantila.engine.scripts.ScriptsModule;
import dev.cantila.engine.projects.ApiKeys;
import dev.cantila.engine.projects.Projects;
import dev.cantila.engine.sms.SenderDirectory;
import dev.cantila.engine.sms.Sms;
import dev.cantila.engine.sms.Templates;
import dev.cantila.engine.telephony.SimulatedCarrier;
import dev.cantila.engine.telephony.TelephonyProvider;
import dev.cantila.engine.storage.Database;
import dev.cantila.engine.voice.Timers;
import dev.cantila.engine.twilio.TwilioAccounts;
import dev.cantila.engine.twilio.TwilioRequests;
import dev.cantila.engine.voice.VoiceModule;
import dev.cantila.engine.voice.VoiceSwitch;
import dev.cantila.webhooks.WebhookSettings;
import dev.cantila.webhooks.Webhooks;
import dev.cantila.webhooks.outbound.OutboundHttp;

import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.function.Consumer;

/**
 * Every long-lived object of one engine instance, built by hand in dependency order. Tests build the same
 * {@code App} (with an in-memory or PostgreSQL database and, where they need it, a fake clock) and serve it
 * through {@link Main#routing}, so they exercise exactly the production wiring.
 */
public final class App implements AutoCloseable {
    final Settings settings;
    final Clock clock;
    final Database db;
    final ApiKeys keys;
    final Projects projects;
    final TelephonyProvider carrier;
    final Templates templates;
    final Sms sms;
    final Billing billing;
    final Numbers numbers;
    final SmsActivation smsActivation;
    private final Worker billingWorker;
    private final Worker heartbeat;
    final Portability portability;
    final Transfers transfers;
    final PortOuts portOuts;
    final Documents documents;
    final PortIns portIns;
    final PortCarrier portCarrier;
    private final Worker portWorker;
    final VoiceSwitch voiceSwitch;
    final Webhooks webhooks;
    final ScriptsModule scripts;
    final VoiceModule voice;
    final OtpModule otp;
    final TwilioAccounts twilio;
    final A2p a2p;
    final dev.cantila.engine.events.EventStream.Options eventStreams;
    private final List<AutoCloseable> closeables = new ArrayList<>();

    private App(Settings settings, Clock clock, Database db, ApiKeys keys, Timers timers) {
        this.settings = settings;
        this.clock = clock;
        this.db = db;
        this.keys = keys;
        Ids ids = new Ids(clock);
        this.projects = new Projects(db, ids, clock, keys);
        this.twilio = new TwilioAccounts(db, clock);
        this.voiceSwitch = voiceSwitch(settings, timers, clock);
        this.carrier = voiceSwitch instanceof FreeSwitchSwitch
                ? new FreeSwitchSmsCarrier(db, clock, voiceSwitch, settings.voice().freeswitch())
                : new SimulatedCarrier(db, clock, settings.carrier(), settings.sms()::throughput);
        closeables.add(carrier);
        this.templates = new Templates(db, ids, clock, projects);
        this.billing = new Billing(db, clock, ids);
        this.numbers = new Numbers(db, clock, billing, settings.numbers());
        this.smsActivation = new SmsActivation(db, clock, numbers, keys, projects);
        this.sms = new Sms(db, clock, ids, senders(numbers, smsActivation), templates, carrier, settings.sms(),
                settings.carrier().burst(), projects, settings.targets());
        this.billingWorker = new Worker("billing-accrual", Duration.ofHours(1), () -> billing.accrue(null) < 0);
        closeables.add(billingWorker);
        closeables.add(sms);
        numbers.onRelease(sms::senderReleased);
        this.webhooks = new Webhooks(db.dataSource(), clock, OtpModule.withOtpEvents(A2p.withA2pEvents(
                VoiceModule.withCallEvents(WebhookSettings.defaults()).plusEventTypes(PortStatus.eventTypes())
                        .plusEventTypes(PortOuts.EVENT_TYPES))).withTargets(settings.targets()));
        closeables.add(webhooks);
        var ev = settings.events();
        this.eventStreams = new dev.cantila.engine.events.EventStream.Options(ev.poll(), ev.heartbeat(),
                ev.maxDuration(), java.time.Duration.ofSeconds(2), ev.perProject());
        this.a2p = new A2p(new A2p.Services(db, clock, ids, webhooks, billing, numbers, settings.targets(),
                projects::exists), settings.a2p());
        closeables.add(0, a2p);
        sms.govern(a2p.policy());
        new SmsEvents(webhooks, projects).attach(sms);
        Rating rating = new Rating(billing, settings.pricing());
        // URL routes (SMS and voice) and outbound-call URLs: the same target policy as webhooks
        OutboundHttp urls = new OutboundHttp(settings.targets(), Duration.ofSeconds(5), Duration.ofSeconds(5));
        this.scripts = new ScriptsModule(db, clock, ids, sms, templates, projects, numbers, urls,
                new TwilioRequests(twilio, urls, settings.twilio().publicUrl()),
                settings.scripts());
        this.voice = new VoiceModule(new VoiceModule.Services(db, clock, ids, webhooks, projects, numbers, scripts.voice(),
                sms.inbound()::receive, urls, settings.instance()), settings.voice(), timers, voiceSwitch,
                VoiceModule.callPool());
        scripts.placeCallsWith(voice.calls()::startFromFunction);
        // one-time codes: the install secret seals each code SMS; only the carrier (and a simulated handset) opens it
        OtpSecret otpSecret = OtpSecret.load(settings.otp());
        sms.openSealedWith(otpSecret::open);
        if (carrier instanceof SimulatedCarrier simulated) {
            simulated.openSealedWith(otpSecret::open);
        }
        rateUsage(rating, sms, voice);
        this.otp = new OtpModule(new OtpModule.Services(db, clock, ids, otpSecret, sms.service(), billing, webhooks,
                projects, voice), settings.otp());
        closeables.add(0, otp);
        scripts.useOtp(otp::forHandlers);
        this.portability = new Portability(db);
        this.documents = new Documents(db, clock, ids, settings.dataDir().resolve("documents"));
        this.portIns = new PortIns(db, clock, ids, webhooks, settings.porting());
        this.portCarrier = new PortCarrier(db, clock, portIns, settings.porting(), (c, project, n, at) ->
                numbers.holdPorted(c, project, n.e164(), n.country(), n.numberType(), at));
        this.portOuts = new PortOuts(new PortOuts.Deps(db, clock, ids, webhooks, billing, settings.porting()));
        this.transfers = new Transfers(new Transfers.Deps(db, clock, ids, numbers, billing, settings.numbers()));
        // the carrier's due steps, and aged numbers back to the catalog: both cheap indexed queries when idle
        this.portWorker = new Worker("port-carrier", settings.porting().poll(), () -> {
            numbers.returnAged();
            return portCarrier.pass() + portOuts.pass() > 0;
        });
        closeables.add(0, portWorker);
        this.heartbeat = new Worker("instance-heartbeat", settings.instance().heartbeat(), () -> {
            voice.heartbeat();
            return false;
        });
        closeables.add(0, timers);
        closeables.add(0, voice);
        closeables.add(0, heartbeat);
        closeables.add(scripts);
    }

    /**
     * Usage into the ledger, each in the transaction of its happening: an outbound message when the carrier accepted
     * it (reached {@code sent}: a failed one is never charged), an inbound message when stored, a call when it ends.
     */
    private static void rateUsage(Rating rating, Sms sms, VoiceModule voice) {
        sms.onStatus((tx, m) -> {
            if (m.status().equals(MessageStatus.SENT.wire())) {
                rating.smsSent(tx, m.projectId(), m.id(), m.from(), m.segments(), m.createdAt().toEpochMilli());
            }
        });
        sms.onInboundStored((tx, r) -> rating.smsReceived(tx, r.message().projectId(), r.message().id(),
                r.message().to(), r.message().createdAt().toEpochMilli()));
        voice.onEnded((tx, call) -> {
            boolean inbound = call.direction().equals("inbound");
            rating.callEnded(tx, call.projectId(), call.id(), inbound, inbound ? call.to() : call.from(),
                    call.durationSeconds(), call.createdAt().toEpochMilli());
        });
    }

    /**
     * The switch calls go through: {@code stub} is the simulated switch; {@code freeswitch} is our ESL client over
     * the configured nodes (it connects in the background and keeps retrying unreachable nodes).
     */
    private static VoiceSwitch voiceSwitch(Settings settings, Timers timers, Clock clock) {
        return switch (settings.voice().provider()) {
            case "stub" -> VoiceModule.simulated(settings.voice(), timers, clock, VoiceModule.callPool());
            case "freeswitch" -> new FreeSwitchSwitch(settings.voice().freeswitch());
            default -> throw new IllegalStateException("telephony provider '" + settings.voice().provider()
                    + "' is not available in this build");
        };
    }

    /**
     * Opens the database, runs migrations, and builds the services. Background workers are not started here but
     * by {@link #startWorkers()}, so that tests can drive them by hand under a fake clock.
     *
     * @param announceKey receives a generated operator key on the very first start (to print it once)
     */
    public static App create(Settings settings, Clock clock, Consumer<String> announceKey) {
        return create(settings, clock, Timers.system(), announceKey);
    }

    /** As {@link #create(Settings, Clock, Consumer)}, with the voice domain's timers (tests pass manual ones). */
    public static App create(Settings settings, Clock clock, Timers timers, Consumer<String> announceKey) {
        Database db = Database.open(settings.db());
        try {
            db.migrate();
            ApiKeys keys = ApiKeys.start(db, new Ids(clock), clock, settings.operatorKey(), announceKey);
            App app = new App(settings, clock, db, keys, timers);
            app.sms.recoverBulkAccepts();
            return app;
        } catch (RuntimeException e) {
            db.close();
            throw e;
        }
    }

    /**
     * Starts the background workers (dispatcher, carrier simulation, billing accrual, this instance's heartbeat,
     * which also ends the calls of instances that stopped heartbeating).
     */
    public void startWorkers() {
        heartbeat.start();
        carrier.start();
        sms.start();
        billingWorker.start();
        portWorker.start();
        webhooks.start();
        otp.start();
        a2p.start();
        voice.calls().reconcile();
    }

    /** The send path's view of numbers: the SMS activation, and any SMS-capable number the project holds. */
    private static SenderDirectory senders(Numbers numbers, SmsActivation activation) {
        return new SenderDirectory() {
            @Override
            public Optional<Sender> active(String projectId) {
                return activation.smsNumber(projectId).map(n -> new Sender(n.e164(), n.numberType(), n.sms()));
            }

            @Override
            public Optional<Sender> held(String projectId, String e164) {
                return numbers.held(projectId, e164).map(n -> new Sender(n.e164(), n.numberType(), n.sms()));
            }
        };
    }

    /** Health checks beyond Helidon's built-in ones: the script workers, and the FreeSWITCH nodes when calls go through them. */
    public List<io.helidon.health.HealthCheck> healthChecks() {
        return voiceSwitch instanceof FreeSwitchSwitch fs ? List.of(scripts.health(), fs.health())
                : List.of(scripts.health());
    }

    public Settings settings() {
        return settings;
    }

    public Database database() {
        return db;
    }

    public TelephonyProvider carrier() {
        return carrier;
    }

    public ScriptsModule scripts() {
        return scripts;
    }

    public Webhooks webhooks() {
        return webhooks;
    }

    /** The simulated losing carrier's steps (tests drive them by hand under a fake clock). */
    public PortCarrier portCarrier() {
        return portCarrier;
    }

    /** The simulated gaining carriers' port-outs (tests complete them by hand under a fake clock). */
    public PortOuts portOuts() {
        return portOuts;
    }

    public Numbers numbers() {
        return numbers;
    }

    public Billing billing() {
        return billing;
    }

    public SmsActivation smsActivation() {
        return smsActivation;
    }

    public Sms sms() {
        return sms;
    }

    public Projects projects() {
        return projects;
    }

    public Templates templates() {
        return templates;
    }

    public A2p a2p() {
        return a2p;
    }

    public VoiceModule voice() {
        return voice;
    }

    public OtpModule otp() {
        return otp;
    }

    /** The switch calls go through (tests cut a FreeSWITCH engine's connections with {@code close()}). */
    public VoiceSwitch voiceSwitch() {
        return voiceSwitch;
    }

    @Override
    /**
     * Stops in the order things were built: the carrier and the dispatcher (which produce status changes) before
     * the webhook worker and the script runtime (which consume them), and the database last.
     */
    public void close() {
        for (AutoCloseable c : closeables) {
            try {
                c.close();
            } catch (Exception e) {
                System.getLogger(App.class.getName()).log(System.Logger.Level.WARNING, "closing " + c, e);
            }
        }
        db.close();
    }
}
