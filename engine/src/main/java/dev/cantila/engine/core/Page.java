package dev.cantila.engine.core;

import java.util.List;

/**
 * One page of a listing, newest first. {@code nextCursor} is the id to pass back as {@code cursor} for the next
 * page, or null on the last page. Listings page on time-ordered ids ({@link Ids}), so a cursor stays valid while
 * rows are added.
 */
public record Page<T>(List<T> data, String nextCursor) {

    /** Builds a page from rows fetched with {@code limit + 1}: the extra row only says that more exist. */
    public static <T> Page<T> of(List<T> rowsPlusOne, int limit, java.util.function.Function<T, String> idOf) {
        if (rowsPlusOne.size() <= limit) {
            return new Page<>(rowsPlusOne, null);
        }
        List<T> page = rowsPlusOne.subList(0, limit);
        return new Page<>(List.copyOf(page), idOf.apply(page.get(limit - 1)));
    }

    public static int limit(Integer requested, int dflt, int max) {
        if (requested == null) {
            return dflt;
        }
        if (requested < 1 || requested > max) {
            throw ApiException.invalid("limit", "limit must be between 1 and " + max + ", got " + requested);
        }
        return requested;
    }
}
