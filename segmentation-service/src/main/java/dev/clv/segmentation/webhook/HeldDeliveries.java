package dev.clv.segmentation.webhook;

import java.time.Duration;

import jakarta.enterprise.context.ApplicationScoped;

import org.jboss.logging.Logger;

import io.quarkus.scheduler.Scheduled;
import io.smallrye.mutiny.Uni;
import io.vertx.mutiny.sqlclient.Pool;
import io.vertx.mutiny.sqlclient.Tuple;

/**
 * Messages queued for a disabled endpoint are held (the dispatcher claims enabled endpoints only) and sent once it
 * is enabled again; those held longer than {@code segmentation.webhooks.held-retention} fail with the reason, so a
 * queue nobody will enable does not grow for ever. A failed one can still be redelivered by hand.
 */
@ApplicationScoped
public class HeldDeliveries {
    private static final Logger LOG = Logger.getLogger(HeldDeliveries.class);
    private static final String EXPIRE = """
            UPDATE segmentation.webhook_deliveries d SET status = 'failed', finished_at = now(),
              last_error = 'expired: held for longer than ' || $2 || ' while the endpoint was disabled'
            FROM segmentation.webhooks w
            WHERE w.status <> 'enabled' AND d.webhook_id = w.id AND d.status = 'pending'
              AND d.created_at < now() - make_interval(secs => $1)
            """;
    private final Pool pool;
    private final Duration retention;

    public HeldDeliveries(Pool pool, WebhookConfig config) {
        this.pool = pool;
        this.retention = config.heldRetention();
    }

    @Scheduled(every = "10m", delayed = "1m", concurrentExecution = Scheduled.ConcurrentExecution.SKIP)
    Uni<Void> scheduled() {
        return expire().onFailure().recoverWithItem(e -> {
            LOG.errorf("Expiring held webhook messages failed (%s); the next round tries again", e.toString());
            return 0;
        }).replaceWithVoid();
    }

    /** Fails the held messages past the retention; answers how many. */
    public Uni<Integer> expire() {
        return pool.preparedQuery(EXPIRE).execute(Tuple.of((double) retention.toSeconds(), describe(retention)))
                .map(rows -> rows.rowCount());
    }

    private static String describe(Duration d) {
        return d.toHours() >= 48 && d.toHours() % 24 == 0 ? d.toDays() + " days" : d.toString();
    }
}
