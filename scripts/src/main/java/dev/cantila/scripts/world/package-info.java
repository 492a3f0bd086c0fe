/**
 * The simulated world behind {@code cantila test}: a project (env, kv, templates, opt-outs), a fake clock, and
 * an ordered log of {@link dev.cantila.scripts.world.Effect}s — what the handler made happen. The handler runs on
 * the real {@code runtime} module with the production sandbox and limits; only the network is simulated (and the
 * OTP service: {@code OfflineOtp}, the engine's rules with codes from a per-scenario seed).
 */
package dev.cantila.scripts.world;
