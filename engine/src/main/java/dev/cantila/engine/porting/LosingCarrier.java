package dev.cantila.engine.porting;

import java.time.LocalDate;
import java.util.List;
import java.util.Locale;

/**
 * The simulated losing carrier: what it answers to a signed port-in request, by fixed rules (documented in the
 * README) so that tests and demos can reach every outcome on purpose. Checked in this order:
 * <ol>
 *   <li>a number ending in {@code 9999} → {@code rejected}, {@code number_not_on_account};</li>
 *   <li>account PIN {@code 0000} → {@code action_required}, {@code pin_mismatch};</li>
 *   <li>an account number of zeros only → {@code account_number_mismatch};</li>
 *   <li>the e-LOA signed by someone other than the authorised name (case and spaces ignored) →
 *       {@code name_mismatch};</li>
 *   <li>a service address without a 5-digit ZIP code, for a US or CA number → {@code address_mismatch};</li>
 *   <li>otherwise FOC on the target date, or the earliest allowed date when that is later (or none was given).</li>
 * </ol>
 */
final class LosingCarrier {
    private LosingCarrier() {
    }

    /** What the carrier answers. */
    sealed interface Answer {
    }

    record Foc(LocalDate date) implements Answer {
    }

    record Refusal(PortStatus status, String code, String message) implements Answer {
    }

    /** What the carrier is asked about: the account as the customer gave it and who signed. */
    record Request(List<String> numbers, String accountNumber, String pin, String authorizedName,
                   String serviceAddress, String signerName, LocalDate targetDate) {
    }

    static Answer decide(Request r, LocalDate today) {
        for (String n : r.numbers()) {
            if (n.endsWith("9999")) {
                return new Refusal(PortStatus.REJECTED, "number_not_on_account", n
                        + " is not on account " + r.accountNumber() + " at the losing carrier");
            }
        }
        if ("0000".equals(r.pin())) {
            return new Refusal(PortStatus.ACTION_REQUIRED, "pin_mismatch",
                    "the losing carrier does not accept the account PIN; correct losingCarrier.pin and resubmit");
        }
        if (r.accountNumber().matches("0+")) {
            return new Refusal(PortStatus.ACTION_REQUIRED, "account_number_mismatch",
                    "no account " + r.accountNumber() + " at the losing carrier; correct losingCarrier.accountNumber");
        }
        if (!normal(r.signerName()).equals(normal(r.authorizedName()))) {
            return new Refusal(PortStatus.ACTION_REQUIRED, "name_mismatch", "the letter of authorisation was signed by "
                    + r.signerName() + ", not by the account's authorised name " + r.authorizedName());
        }
        boolean nanp = r.numbers().stream().anyMatch(n -> n.startsWith("+1"));
        if (nanp && !r.serviceAddress().matches(".*\\b\\d{5}(-\\d{4})?\\b.*")) {
            return new Refusal(PortStatus.ACTION_REQUIRED, "address_mismatch",
                    "the service address does not match the account (no ZIP code); correct losingCarrier.serviceAddress");
        }
        LocalDate earliest = PortCalendar.earliest(today);
        return new Foc(r.targetDate() == null || r.targetDate().isBefore(earliest) ? earliest : r.targetDate());
    }

    private static String normal(String name) {
        return name == null ? "" : name.strip().replaceAll("\\s+", " ").toLowerCase(Locale.ROOT);
    }
}
