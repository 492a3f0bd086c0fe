package dev.cantila.engine.a2p;

import dev.cantila.engine.billing.Billing;
import dev.cantila.engine.config.A2pSettings;
import dev.cantila.engine.core.Ids;
import dev.cantila.engine.numbers.Numbers;
import dev.cantila.engine.sms.SendPolicy;
import dev.cantila.engine.storage.Database;
import dev.cantila.webhooks.WebhookSettings;
import dev.cantila.webhooks.Webhooks;
import dev.cantila.webhooks.outbound.TargetPolicy;
import io.helidon.webserver.http.HttpService;

import java.time.Clock;
import java.util.function.Predicate;

/**
 * The A2P registration domain, wired: the stores, the simulated reviewer, the send-time policy and the HTTP
 * service. {@code App} builds it after webhooks and billing, hands {@link #policy()} to the SMS send path, and
 * starts {@link #start() the reviewer} with the other workers.
 */
public final class A2p implements AutoCloseable {
    private final Brands brands;
    private final Vettings vettings;
    private final Campaigns campaigns;
    private final CampaignNumbers numbers;
    private final TollFree tollFree;
    private final Reviewer reviewer;
    private final A2pPolicy policy;
    private final TargetPolicy targets;
    private final Predicate<String> projects;

    /** The services A2P uses. */
    public record Services(Database db, Clock clock, Ids ids, Webhooks webhooks, Billing billing, Numbers numbers,
                           TargetPolicy targets, Predicate<String> projectExists) {
    }

    public A2p(Services s, A2pSettings settings) {
        A2pEvents events = new A2pEvents(s.webhooks(), s.billing(), settings);
        this.brands = new Brands(s.db(), s.clock(), s.ids(), events, settings);
        this.vettings = new Vettings(s.db(), s.clock(), s.ids(), events, settings);
        this.campaigns = new Campaigns(s.db(), s.clock(), s.ids(), events, settings, brands);
        this.numbers = new CampaignNumbers(s.db(), s.clock(), events, settings, s.numbers(), campaigns, brands);
        this.tollFree = new TollFree(s.db(), s.clock(), s.ids(), events, settings, s.numbers());
        this.reviewer = new Reviewer(s.clock(), settings.poll(), brands, vettings, campaigns, numbers, tollFree);
        this.policy = new A2pPolicy(s.db(), s.clock(), settings, events);
        events.onCommitted(policy::changed);
        this.targets = s.targets();
        this.projects = s.projectExists();
        s.numbers().onRelease(numbers::released);
    }

    /** {@code settings} with the {@code a2p.*} event types endpoints may subscribe to. */
    public static WebhookSettings withA2pEvents(WebhookSettings settings) {
        return A2pEvents.withA2pEvents(settings);
    }

    public HttpService http() {
        return new A2pHttp(this);
    }

    /** {@code /v1/sim/a2p}: the simulated registry's own moves (suspension), mounted under {@code /v1/sim}. */
    public HttpService simHttp() {
        return new A2pSimHttp(brands);
    }

    /** What the SMS send path consults. */
    public SendPolicy policy() {
        return policy;
    }

    public void start() {
        reviewer.start();
    }

    /** For tests under a fake clock: one reviewer pass. Returns how many steps moved something. */
    public int reviewOnce() {
        return reviewer.runOnce();
    }

    Brands brands() {
        return brands;
    }

    Vettings vettings() {
        return vettings;
    }

    Campaigns campaigns() {
        return campaigns;
    }

    CampaignNumbers numbers() {
        return numbers;
    }

    TollFree tollFree() {
        return tollFree;
    }

    TargetPolicy targets() {
        return targets;
    }

    boolean projectExists(String id) {
        return projects.test(id);
    }

    @Override
    public void close() {
        reviewer.close();
    }
}
