/**
 * Example handlers with scenario files, run by the build as tests. Empty until issue #5.
 */
package dev.cantila.samples;
