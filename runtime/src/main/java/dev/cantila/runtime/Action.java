package dev.cantila.runtime;

import java.util.Map;

/**
 * One helper call that reached the host, in call order: {@code reply}, {@code replyTemplate}, {@code forward},
 * {@code send}. Arguments are as the host received them (strings, or a String→String map for {@code vars};
 * absent optional arguments are left out). Exactly one of messageId and errorCode is set.
 */
public record Action(String name, Map<String, Object> args, String messageId, String errorCode) {
    public Action {
        args = Map.copyOf(args);
    }
}
