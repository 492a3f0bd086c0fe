/**
 * What every domain package shares: {@link dev.cantila.engine.core.ApiException} (the one error type, with a
 * machine code), time-ordered {@link dev.cantila.engine.core.Ids}, cursor {@link dev.cantila.engine.core.Page}s
 * and {@link dev.cantila.engine.core.Money}. Nothing here knows HTTP or SQL.
 */
package dev.cantila.engine.core;
