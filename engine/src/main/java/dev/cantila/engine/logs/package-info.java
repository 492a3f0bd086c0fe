/**
 * How the server writes its log: {@link dev.cantila.engine.logs.Logs#install} puts one formatter on the root
 * handlers, {@code text} (one line per record, stack traces folded into it) or {@code json} (one object per
 * line), chosen by {@code cantila.log.format} / {@code CANTILA_LOG_FORMAT}. {@link dev.cantila.engine.logs.Logs#print}
 * is for the few lines the server prints for a person (start-up, the generated key), in the same format.
 */
package dev.cantila.engine.logs;
