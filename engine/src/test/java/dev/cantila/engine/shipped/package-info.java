/**
 * The shipped-product tier: {@code *ShippedIT} classes start the product exactly as a user does, through the
 * launcher ({@code ./cantila serve}, which {@code exec}s the packaged jar with its JVM flags) and the shipped
 * {@code application.yaml}, configured only by the environment variables and flags the README documents. Start
 * with {@link dev.cantila.engine.shipped.Shipped}, the harness (start, {@code kill -9}, SIGTERM, restart, the
 * log). Failsafe runs this tier after {@code package}, on H2 in the data directory and, on the PostgreSQL pass, in
 * a fresh schema per server.
 */
package dev.cantila.engine.shipped;
