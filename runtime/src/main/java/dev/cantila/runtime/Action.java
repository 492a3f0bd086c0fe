package dev.cantila.runtime;

import java.util.Map;

/**
 * One helper call that reached the host, in call order: SMS {@code reply}, {@code replyTemplate},
 * {@code forward}, {@code send}; call {@code say}, {@code play}, {@code pause}, {@code gather}, {@code forward},
 * {@code voicemail}, {@code record}, {@code hangup}, {@code reject}. Arguments are as the host received them
 * (absent optional arguments are left out). For SMS actions exactly one of messageId and errorCode is set;
 * call actions are recorded when started and carry neither (their results arrive later, in the script).
 * {@code otp.request} carries the verification's id as its messageId; {@code otp.verify} carries its outcome
 * ({@code status}, {@code checksLeft}) in args, and the code as {@code "[redacted]"}: no action holds a code.
 */
public record Action(String name, Map<String, Object> args, String messageId, String errorCode) {
    public Action {
        args = Map.copyOf(args);
    }
}
