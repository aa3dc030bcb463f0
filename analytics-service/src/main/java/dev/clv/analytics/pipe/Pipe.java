package dev.clv.analytics.pipe;

import java.util.List;

import dev.clv.analytics.PipeResponse.Column;
import io.smallrye.mutiny.Uni;

/** One Tinybird-style pipe: its name, result columns, and a query over the maintained aggregates. */
public interface Pipe {
    String name();

    List<Column> columns();

    /** The result rows, each with one value per column in {@link #columns()} order. */
    Uni<List<List<Object>>> run(String tenant, PipeParams params);
}
