package dev.cantila.engine.a2p;

import dev.cantila.engine.billing.Billing;
import dev.cantila.engine.config.A2pSettings;
import dev.cantila.engine.core.Money;
import dev.cantila.webhooks.WebhookSettings;
import dev.cantila.webhooks.Webhooks;
import dev.cantila.webhooks.events.NewEvent;

import java.sql.Connection;
import java.sql.SQLException;
import java.util.HashSet;
import java.util.Set;

/**
 * The {@code a2p.*} webhook events and the registration fees. Both are written in the caller's transaction, the
 * one that moves the resource, so an event and a fee exist exactly when the move committed. Fees go through
 * {@link Billing#usageOnce}, keyed by the resource id and the move's instant, so a replayed step charges once.
 */
final class A2pEvents {
    static final Set<String> TYPES = Set.of(
            "a2p.brand.created", "a2p.brand.in_review", "a2p.brand.approved", "a2p.brand.failed",
            "a2p.brand.updated", "a2p.brand.suspended", "a2p.brand.reinstated",
            "a2p.brand.deletion_pending", "a2p.brand.deleted",
            "a2p.brand.vetting_completed",
            "a2p.campaign.created", "a2p.campaign.verified", "a2p.campaign.failed", "a2p.campaign.resubmitted",
            "a2p.campaign.deleted",
            "a2p.number.added", "a2p.number.registered", "a2p.number.deleted",
            "a2p.tollfree.created", "a2p.tollfree.in_review", "a2p.tollfree.approved", "a2p.tollfree.rejected",
            "a2p.tollfree.deleted",
            "a2p.warning");

    private final Webhooks webhooks;
    private final Billing billing;
    private final A2pSettings settings;
    private volatile Runnable onCommitted = () -> { };

    A2pEvents(Webhooks webhooks, Billing billing, A2pSettings settings) {
        this.webhooks = webhooks;
        this.billing = billing;
        this.settings = settings;
    }

    /** {@code s} with the {@code a2p.*} event types added to the ones endpoints may subscribe to. */
    static WebhookSettings withA2pEvents(WebhookSettings s) {
        Set<String> types = new HashSet<>(s.eventTypes());
        types.addAll(TYPES);
        return new WebhookSettings(s.connectTimeout(), s.requestTimeout(), s.maxAttempts(), s.backoffBase(),
                s.backoffCap(), s.concurrency(), s.pollInterval(), s.lease(), types, s.targets());
    }

    void emit(Connection tx, String projectId, String type, String resourceId, Object data) {
        if (!TYPES.contains(type)) {
            throw new IllegalArgumentException("not an a2p event type: " + type);
        }
        webhooks.emit(tx, NewEvent.of(projectId, type, resourceId, data));
    }

    /** Told after every committed move (the send-time policy forgets what it cached). */
    void onCommitted(Runnable listener) {
        this.onCommitted = listener;
    }

    /** After a commit that moved something: wakes the delivery worker, tells the listener. */
    void committed() {
        onCommitted.run();
        wake();
    }

    /** Wakes the delivery worker after a commit that emitted events but moved nothing. */
    void wake() {
        webhooks.worker().wakeUp();
    }

    /**
     * Charges fee {@code fee} ({@code brand}, {@code vetting}, {@code campaign}, {@code tollfree}) for {@code source}
     * at {@code at}; a fee set to 0 writes no ledger line.
     */
    void charge(Connection tx, String projectId, String source, String fee, String description, long at)
            throws SQLException {
        charge(tx, projectId, source, "a2p_" + fee, settings.fee(fee), description, at);
    }

    void charge(Connection tx, String projectId, String source, String kind, long amount, String description,
                long at) throws SQLException {
        if (amount > 0) {
            billing.usageOnce(tx, projectId, source, "", kind, description, new Money(amount, settings.currency()), at);
        }
    }
}
