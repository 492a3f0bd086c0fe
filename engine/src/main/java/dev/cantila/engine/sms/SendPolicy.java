package dev.cantila.engine.sms;

import java.util.Optional;

/**
 * What a registry (A2P 10DLC and toll-free verification, {@code engine.a2p}) says about sending from a number,
 * consulted by the send path at three points: the dispatcher asks {@link #sharedRate} when it paces a sender and
 * {@link #admit} for each claimed message right before the carrier; inbound keyword handling asks {@link #keyword}
 * (after the standard words) and {@link #keywordReply}. Implementations are called from the dispatcher thread and request threads concurrently.
 */
public interface SendPolicy {
    /** No registry: every number paces on its own, every message goes, the project's default keyword answers. */
    SendPolicy NONE = new SendPolicy() {
        @Override
        public Optional<SharedRate> sharedRate(String sender) {
            return Optional.empty();
        }

        @Override
        public Verdict admit(String messageId, String projectId, String from, String to, long now) {
            return Verdict.SEND;
        }

        @Override
        public void warned(java.sql.Connection tx, String messageId, String projectId, String from, String to,
                           Send warning) {
        }

        @Override
        public Optional<String> keyword(String number, String word) {
            return Optional.empty();
        }

        @Override
        public Optional<String> keywordReply(String number, String keyword) {
            return Optional.empty();
        }
    };

    /**
     * A rate bucket several senders draw from (a brand's numbers), replacing the sender's own rate by number type;
     * empty: the sender paces alone. {@code bucket} is at most 40 characters.
     */
    Optional<SharedRate> sharedRate(String sender);

    /** Whether a claimed message may go to the carrier now. */
    Verdict admit(String messageId, String projectId, String from, String to, long now);

    /**
     * Records, in {@code tx} (the one that writes the warning into the message's history), whatever else a
     * {@link Send} with a warning stands for (the registry's own event).
     */
    void warned(java.sql.Connection tx, String messageId, String projectId, String from, String to, Send warning)
            throws java.sql.SQLException;

    /**
     * Which keyword ({@code opt_out}, {@code opt_in}, {@code help}) {@code word} (the whole message, trimmed and
     * upper-cased) is for messages to {@code number} by the registry's own lists (a campaign's keywords), if any.
     * Asked only when the message is none of the standard words.
     */
    Optional<String> keyword(String number, String word);

    /** The answer to {@code keyword} ({@code opt_out}, {@code opt_in}, {@code help}) texted to {@code number}, if the registry has its own. */
    Optional<String> keywordReply(String number, String keyword);

    record SharedRate(String bucket, double perSecond) {
    }

    /** What becomes of a claimed message. */
    sealed interface Verdict {
        Verdict SEND = new Send(null, null);
    }

    /** Send it; a non-null {@code warning} (machine {@code code} and text) is recorded on the message. */
    record Send(String code, String warning) implements Verdict {
    }

    /** Fail it with {@code code} (one of {@code SmsErrorCodes}). */
    record Fail(String code, String message) implements Verdict {
    }

    /** Hold it until {@code until} (epoch ms), saying why in the message's history. */
    record Wait(long until, String reason) implements Verdict {
    }
}
