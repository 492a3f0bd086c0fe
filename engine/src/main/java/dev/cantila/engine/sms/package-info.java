/**
 * SMS. Start with {@link dev.cantila.engine.sms.Segments} (what a body costs: GSM-7 or UCS-2, how many
 * segments), then templates: {@link dev.cantila.engine.sms.TemplateText} (the pure {@code {{variable}}}
 * language) and {@link dev.cantila.engine.sms.Templates} (stored per project, rendered by the send path),
 * served by {@code TemplatesHttp}. Bulk sends: {@link dev.cantila.engine.sms.BulkSends} validates, then
 * {@code BulkAccept} stores the batch in chunks while it is {@code accepting} ({@code BatchStatus}) and publishes it
 * with one move the {@code Dispatcher} waits for.
 */
package dev.cantila.engine.sms;
