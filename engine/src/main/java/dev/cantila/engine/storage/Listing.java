package dev.cantila.engine.storage;

import dev.cantila.engine.core.Page;
import io.helidon.dbclient.DbExecute;
import io.helidon.dbclient.DbRow;

import java.util.ArrayList;
import java.util.List;
import java.util.function.Function;

/**
 * A newest-first listing over a table with time-ordered ids: a base query, optional filters ({@link #and} skips a
 * null value), then cursor paging on {@code id} ({@link Page}).
 */
public final class Listing {
    private final StringBuilder sql;
    private final List<Object> params = new ArrayList<>();

    /** @param base {@code SELECT … FROM … WHERE …} with its own parameters */
    public Listing(String base, Object... baseParams) {
        this.sql = new StringBuilder(base);
        params.addAll(List.of(baseParams));
    }

    /** Adds {@code AND condition} (one {@code ?}) when {@code value} is not null. */
    public Listing and(String condition, Object value) {
        if (value != null) {
            sql.append(" AND ").append(condition);
            params.add(value);
        }
        return this;
    }

    /** The page after {@code cursor} (null: the first), {@code limit} rows at most. */
    public <T> Page<T> page(DbExecute db, String cursor, int limit, Function<DbRow, T> mapper, Function<T, String> idOf) {
        and("id < ?", cursor);
        sql.append(" ORDER BY id DESC LIMIT ?");
        params.add(limit + 1);
        return Page.of(Database.list(db, sql.toString(), mapper, params.toArray()), limit, idOf);
    }
}
