/**
 * Scenario files ({@code *.scenario.yaml}): a sequence of stimuli and expectations run against a handler in the
 * simulated world. Start with {@link dev.cantila.scripts.scenario.Scenario} for the format and
 * {@link dev.cantila.scripts.scenario.ScenarioFile} for how a file is read. {@link
 * dev.cantila.scripts.scenario.ScenarioRunner} runs them against a {@link dev.cantila.scripts.scenario.Subject}: an
 * ES-module handler, or a Twilio Functions project ({@code dev.cantila.scripts.functions}).
 */
package dev.cantila.scripts.scenario;
