package dev.clv.segmentation.webhook.secret;

import java.util.ArrayList;
import java.util.List;
import java.util.UUID;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;

import org.jboss.logging.Logger;

import io.quarkus.runtime.LaunchMode;
import io.quarkus.runtime.StartupEvent;
import io.quarkus.scheduler.Scheduled;
import io.smallrye.mutiny.Uni;
import io.vertx.mutiny.sqlclient.Pool;
import io.vertx.mutiny.sqlclient.Row;
import io.vertx.mutiny.sqlclient.Tuple;

/**
 * Moves every stored signing secret to the active key, at start and every 10 minutes: secrets under another key are
 * re-encrypted, secrets stored before encryption (plain text) encrypted, and previous secrets whose overlap has ended
 * dropped (nothing signs with them). Batches of 100 rows, each in its own transaction; replicas share the work
 * ({@code SKIP LOCKED}). Once a rotation's run is done, the old key can be removed.
 */
@ApplicationScoped
public class SecretReencryption {
    private static final Logger LOG = Logger.getLogger(SecretReencryption.class);
    private static final int BATCH = 100;
    private static final String DUE = """
            SELECT id, secret, CASE WHEN previous_secret_expires_at > now() THEN previous_secret END AS previous
            FROM segmentation.webhooks
            WHERE id > $2 AND (NOT starts_with(secret, $1) OR previous_secret IS NOT NULL
              AND (NOT starts_with(previous_secret, $1) OR NOT previous_secret_expires_at > now()))
            ORDER BY id LIMIT $3 FOR UPDATE SKIP LOCKED""";
    private static final String MOVE = "UPDATE segmentation.webhooks SET secret = $2, previous_secret = $3 WHERE id = $1";
    private final Pool pool;
    private final SecretCipher cipher;

    public SecretReencryption(Pool pool, SecretCipher cipher) {
        this.pool = pool;
        this.cipher = cipher;
    }

    void started(@Observes StartupEvent event) {
        if (LaunchMode.current() == LaunchMode.NORMAL && cipher.activeKeyId().startsWith("dev")) {
            LOG.warnf("Webhook secrets are encrypted with the development key %s: set WEBHOOK_SECRET_KEYS and "
                    + "WEBHOOK_SECRET_ACTIVE_KEY outside local runs", cipher.activeKeyId());
        }
        scheduled().subscribe().with(v -> {
        });
    }

    @Scheduled(every = "10m", delayed = "10m", concurrentExecution = Scheduled.ConcurrentExecution.SKIP)
    Uni<Void> scheduled() {
        return run().invoke(n -> {
            if (n > 0) {
                LOG.infof("Moved %d webhook endpoints' secrets to key %s", n, cipher.activeKeyId());
            }
        }).onFailure().recoverWithItem(e -> {
            LOG.errorf("Re-encrypting webhook secrets failed (%s); the next round tries again", e.toString());
            return 0;
        }).replaceWithVoid();
    }

    /** Moves every due row to the active key; answers how many rows were rewritten. */
    public Uni<Integer> run() {
        return batch(new UUID(0, 0));
    }

    private Uni<Integer> batch(UUID after) {
        List<UUID> seen = new ArrayList<>();
        return pool.withTransaction(db -> db.preparedQuery(DUE).execute(Tuple.of(cipher.activePrefix(), after, BATCH))
                .chain(rows -> {
                    List<Tuple> moves = new ArrayList<>();
                    for (Row r : rows) {
                        seen.add(r.getUUID("id"));
                        Tuple move = move(r);
                        if (move != null) {
                            moves.add(move);
                        }
                    }
                    return moves.isEmpty()
                            ? Uni.createFrom().item(0)
                            : db.preparedQuery(MOVE).executeBatch(moves).replaceWith(moves.size());
                }))
                .chain(moved -> seen.size() < BATCH
                        ? Uni.createFrom().item(moved)
                        : batch(seen.get(seen.size() - 1)).map(more -> more + moved));
    }

    // an unreadable row is left as it is (its deliveries fail, naming why) and the others go on
    private Tuple move(Row r) {
        UUID id = r.getUUID("id");
        try {
            String previous = r.getString("previous");
            return Tuple.of(id, cipher.encrypt(cipher.decrypt(r.getString("secret"), id), id), previous == null
                    ? null
                    : cipher.encrypt(cipher.decrypt(previous, id), id));
        } catch (SecretCipher.Unreadable e) {
            LOG.errorf("Webhook %s: cannot re-encrypt its secret: %s", id, e.getMessage());
            return null;
        }
    }
}
