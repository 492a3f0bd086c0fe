package dev.cantila.engine.sms;

import java.util.Optional;

/**
 * Where the send path learns which number a project sends from. Implemented in {@code App} over the numbers
 * package (the SMS activation and held numbers), so that {@code sms} does not depend on how numbers are sold.
 */
public interface SenderDirectory {

    /** The project's activated SMS number, if SMS is active. */
    Optional<Sender> active(String projectId);

    /** {@code e164} if the project holds it. */
    Optional<Sender> held(String projectId, String e164);

    /** A sending number: its type decides its throughput. */
    record Sender(String e164, String numberType, boolean smsCapable) {
    }
}
