/**
 * Phone numbers: {@link dev.cantila.engine.phone.PhoneNumbers} turns what a client typed into E.164 with
 * libphonenumber, or a 400 that says why it cannot. Everything stored or sent to a carrier is E.164.
 */
package dev.cantila.engine.phone;
