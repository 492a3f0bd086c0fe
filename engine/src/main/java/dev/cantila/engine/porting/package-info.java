/**
 * Bringing numbers in from other carriers and letting them go: the portability check ({@link
 * dev.cantila.engine.porting.Portability}), port-in documents ({@link dev.cantila.engine.porting.Documents}), port-in
 * requests and their state machine ({@link dev.cantila.engine.porting.PortStatus}, {@link
 * dev.cantila.engine.porting.PortIns}), and the simulated losing carrier that decides them ({@link
 * dev.cantila.engine.porting.LosingCarrier}, driven by {@link dev.cantila.engine.porting.PortCarrier} on the engine's
 * clock). Start reading at {@code PortStatus}: every move of a request is listed there.
 */
package dev.cantila.engine.porting;
