/**
 * Every outbound HTTP request Cantila makes on a user's behalf (webhook deliveries, status callbacks, SMS and
 * voice URL routing, outbound-call URLs) goes through here, so that a user-supplied URL cannot reach the
 * engine's own machine or network (SSRF).
 * <p>
 * Start reading at {@link dev.cantila.webhooks.outbound.TargetPolicy}: which URLs may be registered and which
 * addresses may be connected to (public internet only, unless the operator's allow-list says otherwise);
 * {@code Addresses} knows the special-purpose IPv4/IPv6 ranges and every spelling of an IPv4 literal.
 * {@link dev.cantila.webhooks.outbound.OutboundHttp} is the one client: it resolves the host once through the
 * policy, checks every address, connects to a checked address (no second lookup: DNS rebinding cannot swap it),
 * sends the name as {@code Host} and TLS SNI, and follows no redirects (a 3xx is a failed request).
 * {@link dev.cantila.webhooks.outbound.Excerpt} makes the short, sanitised excerpt of a response body that logs keep.
 */
package dev.cantila.webhooks.outbound;
