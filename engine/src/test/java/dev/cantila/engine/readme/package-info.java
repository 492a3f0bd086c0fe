/**
 * The README executed as a test: {@link dev.cantila.engine.readme.ReadmeTourIT} runs the tours' code blocks as
 * written, in bash, against the shipped {@code ./cantila serve}. Start there; {@code ReadmeCommands} reads the
 * blocks, {@code TourShell} is the reader's terminal, {@code TourServer} the server's, and {@code Placeholders} says
 * how {@code proj_...} and the like are filled.
 */
package dev.cantila.engine.readme;
