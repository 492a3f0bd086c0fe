/**
 * A handler as an artifact: validation at upload, immutable content-hashed versions, and the simulated
 * world plus scenario runner behind {@code cantila test}. Empty until issues #3 and #5.
 */
package dev.cantila.scripts;
