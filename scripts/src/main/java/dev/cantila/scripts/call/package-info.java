/**
 * Calls in the offline world of {@code cantila test}: {@link dev.cantila.scripts.call.OfflineCall} implements the
 * runtime's call channel against the scenario's stimuli and a virtual clock ({@link
 * dev.cantila.scripts.call.VirtualTimers}); {@link dev.cantila.scripts.call.Gathering}, the gather state machine,
 * is the engine's own, shared so a gather behaves the same offline and on a real call.
 */
package dev.cantila.scripts.call;
