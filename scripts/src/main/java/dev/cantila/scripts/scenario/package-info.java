/**
 * Scenario files ({@code *.scenario.yaml}): a sequence of stimuli and expectations run against a handler in the
 * simulated world. Start with {@link dev.cantila.scripts.scenario.Scenario} for the format and
 * {@link dev.cantila.scripts.scenario.ScenarioFile} for how a file is read.
 */
package dev.cantila.scripts.scenario;
