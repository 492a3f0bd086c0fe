/**
 * SMS. Start with {@link dev.cantila.engine.sms.Segments}: what a body costs (GSM-7 or UCS-2, how many
 * segments).
 */
package dev.cantila.engine.sms;
