package dev.cantila.engine.sms;

import java.sql.Connection;
import java.sql.SQLException;
import java.util.function.Consumer;

/**
 * Hears of an SMS happening (a status a message reached, an inbound message stored) twice: inside the transaction
 * that records it, where its own writes (the webhook outbox) commit or roll back with the happening, and after
 * that transaction committed, for work that must see it committed (waking a worker). Both on the recording thread.
 */
public interface SmsListener<T> {

    /** On {@code tx}, the happening's open transaction; throwing rolls the happening back. */
    void inTransaction(Connection tx, T happening) throws SQLException;

    /** After the commit; must not throw. */
    default void committed(T happening) {
    }

    /** A listener that only acts after the commit. */
    static <T> SmsListener<T> afterCommit(Consumer<T> action) {
        return new SmsListener<>() {
            @Override
            public void inTransaction(Connection tx, T happening) {
            }

            @Override
            public void committed(T happening) {
                action.accept(happening);
            }
        };
    }
}
