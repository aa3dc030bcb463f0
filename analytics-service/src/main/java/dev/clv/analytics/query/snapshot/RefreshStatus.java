package dev.clv.analytics.query.snapshot;

import java.time.Instant;

/**
 * Where a tenant's snapshot refreshes stand. {@code state}: running (a refresh of the tenant, on demand or in the
 * background, holds its lock now), pending (requested, not started yet), failed (the newest request failed and no
 * refresh has succeeded since), or idle. {@code last_refresh} is the newest completed refresh of either kind,
 * {@code last_request} the newest on-demand one; {@code up_to_date} says whether the snapshots reflect every row
 * projected so far.
 */
public record RefreshStatus(String state, LastRefresh lastRefresh, LastRequest lastRequest, Instant dataWatermark,
        boolean upToDate, String statusUrl) {
    public static final String URL = "/v1/admin/refresh-data/status";

    /** A completed refresh: when it started and ended, how long it took, the watermark its snapshots reflect. */
    public record LastRefresh(Instant startedAt, Instant finishedAt, long durationMs, Instant watermark) {
    }

    /** An on-demand request: when, forced or not, and its outcome (null while pending or running). */
    public record LastRequest(Instant requestedAt, boolean forceRefresh, String outcome, Instant finishedAt,
            String detail) {
    }
}
