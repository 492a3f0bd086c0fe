package dev.cantila.engine.storage;

import dev.cantila.engine.config.Settings.DbSettings;
import dev.cantila.engine.scripts.ExecutionOutcomes;
import dev.cantila.engine.scripts.Executions;
import dev.cantila.engine.sms.MessageStatus;
import dev.cantila.engine.telephony.SmsErrorCodes;
import dev.cantila.engine.voice.CallStatus;
import dev.cantila.runtime.Outcome;
import dev.cantila.webhooks.delivery.DeliveryStatus;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import java.lang.reflect.Field;
import java.lang.reflect.Modifier;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.UUID;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Every code the engine writes into a short column fits it, read from the migrated schema: a status write that does
 * not fit fails, and the message, the call or the execution record with it ('recipient_opted_out' into
 * VARCHAR(16) once left a message in 'sending' for ever). Codes are enumerated from their classes (every
 * {@code public static final String} of the code catalogues, every enum constant), so a new one is checked too.
 */
class ColumnWidthsTest {
    private static Database db;

    @BeforeAll
    static void migrate() {
        db = Database.open(new DbSettings("jdbc:h2:mem:w" + UUID.randomUUID().toString().replace("-", "")
                + ";DB_CLOSE_DELAY=-1;MODE=PostgreSQL;DATABASE_TO_LOWER=TRUE;DEFAULT_NULL_ORDERING=HIGH", "sa", "", 2));
        db.migrate();
    }

    @AfterAll
    static void close() {
        db.close();
    }

    private static int width(String table, String column) {
        return Database.one(db.exec(), "SELECT character_maximum_length AS n FROM information_schema.columns"
                        + " WHERE table_name = ? AND column_name = ?", r -> (int) Database.lng(r, "n"), table, column)
                .orElseThrow(() -> new AssertionError("no column " + table + "." + column + " in the migrated schema"));
    }

    private static List<String> constants(Class<?> catalogue) {
        List<String> codes = new ArrayList<>();
        for (Field f : catalogue.getDeclaredFields()) {
            int m = f.getModifiers();
            if (Modifier.isPublic(m) && Modifier.isStatic(m) && Modifier.isFinal(m) && f.getType() == String.class) {
                try {
                    codes.add((String) f.get(null));
                } catch (IllegalAccessException e) {
                    throw new AssertionError(e);
                }
            }
        }
        assertThat(codes).as("codes of " + catalogue.getSimpleName()).isNotEmpty();
        return codes;
    }

    private static void fits(List<String> codes, String table, String column) {
        int width = width(table, column);
        assertThat(codes).as("%s.%s is VARCHAR(%d)", table, column, width)
                .allSatisfy(code -> assertThat(code.length()).as(code).isBetween(1, width));
    }

    @Test
    void messageErrorCodesFitBothErrorColumns() {
        assertThat(width("sms_messages", "error_code")).isEqualTo(SmsErrorCodes.MAX_LENGTH);
        fits(constants(SmsErrorCodes.class), "sms_messages", "error_code");
        fits(constants(SmsErrorCodes.class), "sim_carrier_submissions", "error_code");
    }

    @Test
    void statusesFitTheirColumns() {
        List<String> sms = Arrays.stream(MessageStatus.values()).map(MessageStatus::wire).toList();
        fits(sms, "sms_messages", "status");
        fits(sms, "sms_events", "status");
        List<String> calls = Arrays.stream(CallStatus.values()).map(CallStatus::wire).toList();
        fits(calls, "calls", "status");
        fits(calls, "call_events", "status");
        fits(Arrays.stream(DeliveryStatus.values()).map(DeliveryStatus::db).toList(), "webhook_deliveries", "status");
    }

    @Test
    void executionOutcomesFitTheirColumn() {
        List<String> outcomes = new ArrayList<>(constants(ExecutionOutcomes.class));
        Arrays.stream(Outcome.values()).map(ExecutionOutcomes::of).forEach(outcomes::add);
        fits(outcomes, "script_executions", "outcome");
        assertThat(Executions.MAX_DETAIL).as("what Executions writes at most").isLessThanOrEqualTo(
                width("script_executions", "detail"));
    }
}
