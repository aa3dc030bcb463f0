package dev.clv.segmentation.webhook.dispatch;

import jakarta.annotation.PreDestroy;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;

import org.eclipse.microprofile.config.inject.ConfigProperty;
import org.jboss.logging.Logger;

import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;
import io.quarkus.runtime.StartupEvent;
import io.vertx.core.Vertx;
import io.vertx.pgclient.PgConnectOptions;
import io.vertx.pgclient.pubsub.PgSubscriber;

/**
 * Wakes the dispatcher when webhook messages are queued, on any replica: it listens for the notification the outbox
 * table's trigger sends at commit (V9). While the listening connection is down (reconnected every second), the
 * dispatcher's poll still finds every message, only later.
 */
@ApplicationScoped
public class DeliveryWakeups {
    private static final Logger LOG = Logger.getLogger(DeliveryWakeups.class);
    static final String CHANNEL = "segmentation_deliveries_queued";
    private final PgSubscriber subscriber;
    private final WebhookDispatcher dispatcher;
    private final Counter heard;
    private final Vertx vertx;

    public DeliveryWakeups(Vertx vertx, WebhookDispatcher dispatcher, MeterRegistry registry,
            @ConfigProperty(name = "quarkus.datasource.reactive.url") String url,
            @ConfigProperty(name = "quarkus.datasource.username") String user,
            @ConfigProperty(name = "quarkus.datasource.password") String password) {
        this.dispatcher = dispatcher;
        this.vertx = vertx;
        this.heard = registry.counter("segmentation.webhook.wakeups");
        // the same database, user and URL options (sslmode among them) as the service's reactive pool
        PgConnectOptions options = PgConnectOptions.fromUri(url.replaceFirst("^vertx-reactive:", "")).setUser(user)
                .setPassword(password);
        this.subscriber = PgSubscriber.subscriber(vertx, options).reconnectPolicy(retries -> 1000L);
    }

    void start(@Observes StartupEvent started) {
        subscriber.channel(CHANNEL).handler(payload -> {
            heard.increment();
            dispatcher.wake();
        });
        connect();
    }

    // the reconnect policy covers a connection lost later; a first connection that fails is tried again here
    private void connect() {
        subscriber.connect().onFailure(e -> {
            if (!subscriber.closed()) {
                LOG.warnf("Not listening for queued webhook messages yet (%s); polls still find them", e.toString());
                vertx.setTimer(1000, t -> connect());
            }
        });
    }

    @PreDestroy
    void stop() {
        subscriber.close();
    }
}
