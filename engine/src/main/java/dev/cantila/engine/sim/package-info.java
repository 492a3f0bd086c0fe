/**
 * The simulated carrier's injection API ({@code /v1/sim/…}): inbound SMS now, inbound calls, DTMF and hangups
 * with issue #4. The carrier itself is {@link dev.cantila.engine.telephony.SimulatedCarrier}.
 */
package dev.cantila.engine.sim;
