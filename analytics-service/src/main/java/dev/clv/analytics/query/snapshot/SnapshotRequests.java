package dev.clv.analytics.query.snapshot;

import java.time.Instant;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;

import jakarta.enterprise.context.ApplicationScoped;

import org.jboss.logging.Logger;

import io.smallrye.mutiny.Uni;
import io.vertx.pgclient.PgException;

/**
 * Refreshes a tenant's snapshots on demand (seed 002's {@code POST /admin/refresh-data}), in the background of the
 * request: forced, at once whatever moved and however recent the last refresh (after the one running, if any); not
 * forced, only when the background refresh would take it now (the data moved or a day began, and the quiet period
 * after the last one is over), and not while one is running.
 */
@ApplicationScoped
public class SnapshotRequests {
    private static final Logger LOG = Logger.getLogger(SnapshotRequests.class);
    private final AnswerSnapshots snapshots;
    private final RefreshRequests requests;
    // tenants this process is refreshing on demand right now: one at a time each, however often asked
    private final Set<String> running = ConcurrentHashMap.newKeySet();

    public SnapshotRequests(AnswerSnapshots snapshots, RefreshRequests requests) {
        this.snapshots = snapshots;
        this.requests = requests;
    }

    /** What a request did: whether a refresh was started (or already running), and the status after it. */
    public record Requested(boolean started, RefreshStatus status) {
    }

    public Uni<Requested> request(String tenant, boolean force) {
        return requests.read(tenant).chain(read -> {
            // one on-demand refresh per tenant here at a time; not forced, any running refresh will do
            if (running.contains(tenant) || !force && "running".equals(read.status().state())) {
                return Uni.createFrom().item(new Requested(true, read.status()));
            }
            if (!force && !(read.moved() && read.quietOver())) {
                String why = !read.moved()
                        ? "nothing has moved since the last refresh"
                        : "the last refresh ended too recently (quiet period: analytics.snapshots.quiet-factor times"
                                + " its duration)";
                return requests.requested(tenant, false, "skipped", why + "; force_refresh=true refreshes anyway")
                        .chain(() -> requests.read(tenant)).map(after -> new Requested(false, after.status()));
            }
            if (!running.add(tenant)) {
                return Uni.createFrom().item(new Requested(true, read.status()));
            }
            return requests.requested(tenant, force, null, null).onFailure().invoke(() -> running.remove(tenant))
                    .invoke(at -> start(tenant, at)).chain(() -> requests.read(tenant))
                    .map(after -> new Requested(true, after.status()));
        });
    }

    public Uni<RefreshStatus> status(String tenant) {
        return requests.read(tenant).map(RefreshRequests.Read::status);
    }

    // not part of the request: the refresh goes on after the answer, and whatever the asker does
    private void start(String tenant, Instant at) {
        snapshots.refreshNow(tenant).onTermination().invoke(() -> running.remove(tenant))
                .chain(() -> requests.ended(tenant, at, "succeeded", null))
                .onFailure().call(e -> {
                    LOG.warnf("Refreshing the answer snapshots of tenant %s on demand failed: %s", tenant, e);
                    return requests.ended(tenant, at, "failed", reason(e));
                })
                .subscribe().with(done -> {
                }, e -> LOG.warnf("Recording the end of tenant %s's refresh failed: %s", tenant, e));
    }

    // for the tenant's admin: what happened, without the database's internals
    private static String reason(Throwable e) {
        if (e instanceof PgException pg && "57014".equals(pg.getSqlState())) {
            return "a statement of the refresh ran past the statement timeout (or waited that long for another "
                    + "replica's refresh of this tenant)";
        }
        return "the refresh failed (" + e.getClass().getSimpleName() + "); the service log has the details";
    }
}
