/** Configuration: one YAML tree plus environment overrides, read once in {@code Main} into {@link dev.cantila.engine.config.Settings}. */
package dev.cantila.engine.config;
