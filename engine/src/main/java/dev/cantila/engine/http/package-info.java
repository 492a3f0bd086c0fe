/**
 * HTTP plumbing shared by every translator: authentication ({@link dev.cantila.engine.http.AuthFilter},
 * {@link dev.cantila.engine.http.Caller}), JSON in/out with field-naming errors
 * ({@link dev.cantila.engine.http.Json}, {@link dev.cantila.engine.http.JsonRequest}), the one table of input
 * limits checked against the schema ({@link dev.cantila.engine.http.Limits}) and the single
 * error-to-status mapping ({@link dev.cantila.engine.http.ErrorMapping}, with
 * {@link dev.cantila.engine.http.AllowedMethods} for 405 and {@link dev.cantila.engine.http.DirectErrors} for what
 * the web server answers before any route). The translators themselves live in
 * their domain packages ({@code sms.SmsHttp}, {@code numbers.NumbersHttp}, …).
 */
package dev.cantila.engine.http;
