package dev.cantila.engine.numbers;

/** A number a project holds, with what it can do. */
public record HeldNumber(String e164, String projectId, String country, String numberType, boolean sms, boolean voice,
                         boolean mms) {
}
