package dev.cantila.engine.sms;

import dev.cantila.webhooks.outbound.TargetPolicy;
import dev.cantila.engine.config.Settings.SmsSettings;
import dev.cantila.engine.core.Ids;
import dev.cantila.engine.http.ProjectScope;
import dev.cantila.engine.projects.Projects;
import dev.cantila.engine.storage.Database;
import dev.cantila.engine.telephony.TelephonyProvider;

import java.time.Clock;
import java.util.List;

/**
 * The SMS module as {@code App} sees it: builds the store, dispatcher and services, and owns the dispatcher's
 * lifecycle. Carrier status reports are routed to the dispatcher from construction on.
 */
public final class Sms implements AutoCloseable {
    private final SmsService service;
    private final BulkSends bulk;
    private final Dispatcher dispatcher;
    private final TelephonyProvider carrier;
    private final SmsHttp http;
    private final MessageStore store;
    private final InboundSms inbound;
    private final InboundHttp inboundHttp;
    private final BulkAccept bulkAccept;
    private final boolean embedded;

    public Sms(Database db, Clock clock, Ids ids, SenderDirectory senders, Templates templates,
               TelephonyProvider carrier, SmsSettings settings, int burst, Projects projects, TargetPolicy targets) {
        this.store = new MessageStore(db, clock);
        this.carrier = carrier;
        this.dispatcher = new Dispatcher(db, clock, store, carrier, settings, burst);
        this.service = new SmsService(db, clock, ids, senders, templates, store, dispatcher, targets);
        this.bulkAccept = new BulkAccept(db, clock, store, settings.lease());
        this.embedded = !db.isPostgres();
        dispatcher.sweepWith(() -> bulkAccept.recover(false));
        this.bulk = new BulkSends(db, clock, ids, service, templates, store, dispatcher, bulkAccept);
        ProjectScope scope = new ProjectScope(projects::exists);
        this.http = new SmsHttp(service, bulk, scope);
        this.inbound = new InboundSms(db, clock, ids, service, store, projects);
        this.inboundHttp = new InboundHttp(inbound, scope);
        carrier.listen(dispatcher::onCarrierStatus);
    }

    public SmsService service() {
        return service;
    }

    public SmsHttp http() {
        return http;
    }

    public InboundSms inbound() {
        return inbound;
    }

    public InboundHttp inboundHttp() {
        return inboundHttp;
    }

    /**
     * Registers a listener for status changes made by the carrier's reports and cancellations (sent, delivered,
     * undelivered, failed, canceled), told in the transaction of the change and after it, on the changing thread.
     */
    public void onStatus(SmsListener<Message> listener) {
        store.onStatus(listener);
    }

    /** Registers a listener for inbound messages, told in the transaction that stores each (keywords applied). */
    public void onInboundStored(SmsListener<InboundSms.Received> listener) {
        inbound.onStored(listener);
    }

    /** Registers a listener for inbound messages, called after each is stored and committed (keywords applied). */
    public void onInbound(java.util.function.Consumer<InboundSms.Received> listener) {
        inbound.onReceived(listener);
    }

    /**
     * For the release transaction of a number: cancels the project's queued and scheduled messages from it, so that
     * none leaves later from a number someone else may then hold. Listeners hear of them after that commit.
     */
    public Runnable senderReleased(io.helidon.dbclient.DbExecute tx, String projectId, String e164, String why) {
        List<String> ids = store.cancelPending(tx, "m.project_id = ? AND m.from_e164 = ?", why, projectId, e164);
        return () -> store.notifyStatus(ids);
    }

    /**
     * How the dispatcher opens a sealed message text ({@link SmsService#queueSealed}) for the carrier; set once at
     * wiring time, before {@link #start()}. Without it a sealed message goes out with its shown text.
     */
    public void openSealedWith(java.util.function.UnaryOperator<String> opener) {
        dispatcher.openSealedWith(opener);
    }

    /**
     * Puts sending under {@code policy} (the A2P registry): shared rates and admission in the dispatcher, registered
     * keyword answers in inbound handling. Called once while wiring, before the workers start.
     */
    public void govern(SendPolicy policy) {
        dispatcher.govern(policy);
        inbound.govern(policy);
    }

    /**
     * Start-up recovery, before any worker runs: fails the bulk batches a dead process left {@code accepting} (on
     * embedded H2, which only this process opens, all of them; on PostgreSQL, shared by instances, those whose
     * accept lease ran out; the dispatcher's lease sweep fails the others later). Returns how many were failed.
     */
    public int recoverBulkAccepts() {
        return bulkAccept.recover(embedded);
    }

    /** Starts the dispatcher thread. */
    public void start() {
        dispatcher.start();
    }

    BulkSends bulk() {
        return bulk;
    }

    /** For tests: the bulk accept's steps, to leave a batch half-accepted as a crash would. */
    BulkAccept bulkAccept() {
        return bulkAccept;
    }

    /** For tests under a fake clock: one dispatcher pass. */
    public int dispatchOnce() {
        return dispatcher.runOnce();
    }

    @Override
    public void close() {
        dispatcher.close();
    }
}
