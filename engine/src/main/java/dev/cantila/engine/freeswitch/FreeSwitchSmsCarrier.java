package dev.cantila.engine.freeswitch;

import dev.cantila.engine.core.Worker;
import dev.cantila.engine.storage.Database;
import dev.cantila.engine.telephony.CarrierException;
import dev.cantila.engine.telephony.SmsErrorCodes;
import dev.cantila.engine.telephony.TelephonyProvider;
import dev.cantila.engine.voice.VoiceSwitch;
import java.time.Clock;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;

/**
 * Outbound SMS through FreeSWITCH ({@code chat sip|from|to|body}, a SIP MESSAGE), the SMS side of the
 * {@code freeswitch} provider. Inbound SIP MESSAGEs arrive as {@code MESSAGE} events through the switch.
 *
 * <p>Never twice: a row per message id is written before the send. A re-submit finds it: {@code sent} answers with
 * the first receipt; {@code sending} means a crash between the send and its record, so the outcome is unknown and
 * the message fails ({@code outcome_unknown}) rather than risk a duplicate; a send refused for certain (no node
 * connected) removes the row and is retried. {@code sent} is reported by a worker from the same table, so a
 * restart still reports it; SIP MESSAGE has no delivery receipt, so {@code sent} is the last status.
 *
 * <p>Addresses: with {@code sms-domain} set, numbers go out as {@code 14155550100@domain} (what a SIP endpoint
 * expects); otherwise as E.164 unchanged. The chat API cannot carry {@code |} or line breaks: such a message fails.
 */
public final class FreeSwitchSmsCarrier implements TelephonyProvider {
    private static final int REPORT_BATCH = 500;
    private final Database db;
    private final Clock clock;
    private final VoiceSwitch voiceSwitch;
    private final String domain;
    private final Duration timeout;
    private final Worker reporter;
    private volatile SmsStatusListener listener;

    public FreeSwitchSmsCarrier(Database db, Clock clock, VoiceSwitch voiceSwitch, FreeSwitchSettings settings) {
        this.db = db;
        this.clock = clock;
        this.voiceSwitch = voiceSwitch;
        this.domain = settings.smsDomain();
        this.timeout = settings.commandTimeout().multipliedBy(2);
        this.reporter = new Worker("freeswitch-sms-reports", Duration.ofMillis(100), () -> reportSent() >= REPORT_BATCH);
    }

    @Override
    public SmsSubmission submitSms(OutboundSms sms) {
        try {
            Database.update(db.exec(), "INSERT INTO switch_sms_submissions (message_id, state, created_at)"
                    + " VALUES (?, 'sending', ?)", sms.messageId(), clock.millis());
        } catch (RuntimeException e) {
            if (!Database.isUniqueViolation(e)) {
                throw e;
            }
            return earlier(sms.messageId());
        }
        String carrierId;
        try {
            carrierId = voiceSwitch.sendSms(address(sms.from()), address(sms.to()), sms.body())
                    .get(timeout.toMillis(), TimeUnit.MILLISECONDS);
        } catch (ExecutionException e) {
            throw refused(sms.messageId(), e.getCause());
        } catch (TimeoutException e) {
            throw failed(sms.messageId(), SmsErrorCodes.OUTCOME_UNKNOWN,
                    "FreeSWITCH did not answer the chat command within " + timeout.toMillis()
                            + " ms; not resent, to avoid a duplicate");
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw failed(sms.messageId(), SmsErrorCodes.OUTCOME_UNKNOWN, "interrupted while sending");
        }
        Database.update(db.exec(), "UPDATE switch_sms_submissions SET state = 'sent', carrier_id = ? WHERE message_id = ?",
                carrierId, sms.messageId());
        reporter.wake();
        return new SmsSubmission(carrierId);
    }

    private SmsSubmission earlier(String messageId) {
        var row = Database.one(db.exec(), "SELECT state, carrier_id, error FROM switch_sms_submissions WHERE message_id = ?",
                r -> List.of(Database.str(r, "state"), String.valueOf(Database.str(r, "carrier_id")),
                        String.valueOf(Database.str(r, "error"))), messageId).orElseThrow();
        return switch (row.get(0)) {
            case "sent" -> new SmsSubmission(row.get(1));
            case "sending" -> throw failed(messageId, SmsErrorCodes.OUTCOME_UNKNOWN, "message " + messageId
                    + " was being sent when the engine stopped; not resent, to avoid a duplicate");
            default -> throw new CarrierException(SmsErrorCodes.SWITCH_REFUSED, row.get(2), false, 0);
        };
    }

    /** A send that certainly did not happen is retried; one that may have happened is not. */
    private CarrierException refused(String messageId, Throwable cause) {
        if (cause instanceof EslException e && e.kind() == EslException.Kind.NOT_CONNECTED) {
            Database.update(db.exec(), "DELETE FROM switch_sms_submissions WHERE message_id = ?", messageId);
            return new CarrierException(SmsErrorCodes.SWITCH_UNAVAILABLE, e.getMessage(), true, 1_000);
        }
        if (cause instanceof EslException e && e.kind() == EslException.Kind.REFUSED
                || cause instanceof IllegalArgumentException) {
            return failed(messageId, SmsErrorCodes.SWITCH_REFUSED, cause.getMessage());
        }
        return failed(messageId, SmsErrorCodes.OUTCOME_UNKNOWN, "the chat command failed midway (" + cause
                + "); not resent, to avoid a duplicate");
    }

    private CarrierException failed(String messageId, String code, String message) {
        Database.update(db.exec(), "UPDATE switch_sms_submissions SET state = 'failed', error = ? WHERE message_id = ?",
                message.length() > 500 ? message.substring(0, 500) : message, messageId);
        return new CarrierException(code, message, false, 0);
    }

    private String address(String e164) {
        return domain == null ? e164 : e164.substring(e164.startsWith("+") ? 1 : 0) + "@" + domain;
    }

    /** Reports {@code sent} for every sent message not yet reported; the reporter calls it, tests may too. */
    public int reportSent() {
        SmsStatusListener l = listener;
        if (l == null) {
            return 0;
        }
        List<String> ids = Database.list(db.exec(), "SELECT message_id FROM switch_sms_submissions"
                + " WHERE reported = FALSE AND state = 'sent' ORDER BY created_at LIMIT " + REPORT_BATCH,
                r -> Database.str(r, "message_id"));
        if (ids.isEmpty()) {
            return 0;
        }
        for (String id : ids) {
            l.onSmsStatus(id, "sent", null, null); // a repeat after a crash is harmless: status moves are compare-and-set
        }
        Database.update(db.exec(), "UPDATE switch_sms_submissions SET reported = TRUE WHERE message_id IN ("
                + Database.placeholders(ids.size()) + ")", ids.toArray());
        return ids.size();
    }

    @Override
    public void listen(SmsStatusListener listener) {
        this.listener = listener;
    }

    @Override
    public void start() {
        reporter.start();
    }

    @Override
    public void close() {
        reporter.close();
    }
}
