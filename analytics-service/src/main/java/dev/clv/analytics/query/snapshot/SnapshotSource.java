package dev.clv.analytics.query.snapshot;

import java.time.Instant;
import java.util.List;

import io.smallrye.mutiny.Uni;

/** Answers over every customer of a tenant, served from periodic snapshots when asked without parameters. */
public interface SnapshotSource {
    /** The names of its answers, unique across sources: {@code pipe:...} or {@code c360:...}. */
    List<String> snapshotNames();

    /** One whole answer for the tenant, as JSON values (lists, maps, strings, numbers). */
    Uni<Object> snapshot(String tenant, String name);

    /** A stored snapshot: the data, and the projection watermark it reflects at least. */
    record Snapshot(Object data, Instant watermark) {
    }
}
