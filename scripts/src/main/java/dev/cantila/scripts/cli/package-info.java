/**
 * The script author's commands, {@code cantila test} ({@link dev.cantila.scripts.cli.TestCommand}) and
 * {@code cantila deploy} ({@link dev.cantila.scripts.cli.DeployCommand}); the engine's main registers them next to
 * {@code serve}.
 */
package dev.cantila.scripts.cli;
