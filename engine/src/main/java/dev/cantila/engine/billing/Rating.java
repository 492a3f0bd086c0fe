package dev.cantila.engine.billing;

import dev.cantila.engine.config.PricingSettings;
import dev.cantila.engine.core.Money;
import dev.cantila.engine.phone.PhoneNumbers;
import dev.cantila.engine.storage.Database;

import java.sql.Connection;
import java.sql.SQLException;

/**
 * Rates usage into the ledger as it happens, inside the transaction that records the happening (a message reaching
 * {@code sent}, an inbound message stored, a call ending), so the charge commits with it or not at all.
 *
 * <p>Each charge is identified by what it charges ({@code source}: the message or call id), its kind and the instant
 * the thing was created; {@link Billing#usageOnce} refuses a second charge with that identity, so a redelivered
 * carrier report or a second end event never charges twice (the callers' compare-and-set on the status already
 * makes such a second event rare; this is the ledger's own guarantee). Nothing priced at 0 is written.
 *
 * <p>The price row is that of the project's number in the exchange (the sender of an outbound message or call, the
 * receiver of an inbound one): its country and type as the number catalog holds them, else the country of its
 * E.164 prefix and the {@code default} type.
 */
public final class Rating {
    private final Billing billing;
    private final PricingSettings prices;

    public Rating(Billing billing, PricingSettings prices) {
        this.billing = billing;
        this.prices = prices;
    }

    /** An outbound message the carrier accepted: {@code segments} × the outbound SMS price of {@code from}. */
    public void smsSent(Connection tx, String projectId, String messageId, String from, int segments, long createdAt)
            throws SQLException {
        long each = price(tx, from, "sms", "outbound");
        charge(tx, projectId, messageId, from, "sms_out", "SMS, " + segments + (segments == 1 ? " segment" : " segments"),
                each * segments, createdAt);
    }

    /** An inbound message stored for the project holding {@code to}. */
    public void smsReceived(Connection tx, String projectId, String messageId, String to, long createdAt)
            throws SQLException {
        charge(tx, projectId, messageId, to, "sms_in", "SMS received", price(tx, to, "sms", "inbound"), createdAt);
    }

    /**
     * A call that ended after {@code seconds} answered ({@code inbound}: rated on {@code local}, the number called;
     * outbound: on the caller id), rounded as configured.
     */
    public void callEnded(Connection tx, String projectId, String callId, boolean inbound, String local, long seconds,
                          long createdAt) throws SQLException {
        if (seconds <= 0) {
            return;
        }
        long perMinute = price(tx, local, "voice", inbound ? "inbound" : "outbound");
        charge(tx, projectId, callId, local, inbound ? "voice_in" : "voice_out",
                "Call, " + seconds + " s (" + prices.voiceRounding().wire() + ")",
                prices.voiceCharge(seconds, perMinute), createdAt);
    }

    private void charge(Connection tx, String projectId, String source, String e164, String kind, String description,
                        long amount, long at) {
        if (amount > 0) {
            billing.usageOnce(tx, projectId, source, e164 == null ? "" : e164, kind, description,
                    new Money(amount, prices.currency()), at);
        }
    }

    private long price(Connection tx, String e164, String service, String direction) throws SQLException {
        String[] row = Database.one(tx, "SELECT country, number_type FROM numbers WHERE e164 = ?",
                        r -> new String[] {String.valueOf(r.apply("country")).trim(), (String) r.apply("number_type")},
                        e164)
                .orElseGet(() -> new String[] {region(e164), null});
        return prices.price(row[0], row[1], service, direction);
    }

    private static String region(String e164) {
        try {
            return e164 == null || !e164.startsWith("+") ? null : PhoneNumbers.regionOf(e164);
        } catch (RuntimeException e) {
            return null; // not a phone number (an alphanumeric sender): the default country's price
        }
    }
}
