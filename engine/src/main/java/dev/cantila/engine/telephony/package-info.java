/**
 * The seam to the network: {@link dev.cantila.engine.telephony.TelephonyProvider} and its simulated-carrier
 * implementation {@link dev.cantila.engine.telephony.SimulatedCarrier} (the {@code stub} provider). FreeSWITCH
 * joins in issue #4.
 */
package dev.cantila.engine.telephony;
