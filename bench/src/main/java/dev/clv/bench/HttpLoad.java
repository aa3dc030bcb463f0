package dev.clv.bench;

import java.net.URI;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;

import io.vertx.core.Vertx;
import io.vertx.core.http.HttpClient;
import io.vertx.core.http.HttpClientOptions;
import io.vertx.core.http.HttpMethod;
import io.vertx.core.http.RequestOptions;

/**
 * The gateway benchmark's load tool, the same for the direct and the proxied target: a closed loop of keep-alive
 * connections (each sends its next request when the last answered) for throughput, and an open loop at a fixed
 * rate (requests leave on schedule; waiting counts as latency) for latency.
 */
final class HttpLoad implements AutoCloseable {
    private final Vertx vertx = Vertx.vertx();

    /** Requests answered 200 per second over {@code seconds}, with {@code connections} in flight. */
    double throughput(URI target, String token, int connections, int seconds) throws InterruptedException {
        HttpClient client = client(connections);
        AtomicLong ok = new AtomicLong();
        AtomicLong failed = new AtomicLong();
        long end = System.nanoTime() + TimeUnit.SECONDS.toNanos(seconds);
        CountDownLatch done = new CountDownLatch(connections);
        long start = System.nanoTime();
        for (int i = 0; i < connections; i++) {
            loop(client, target, token, end, ok, failed, done);
        }
        done.await();
        double elapsed = (System.nanoTime() - start) / 1e9;
        client.close();
        if (failed.get() > ok.get() / 100) {
            throw new IllegalStateException(failed.get() + " of " + (ok.get() + failed.get()) + " calls failed");
        }
        return ok.get() / elapsed;
    }

    private void loop(HttpClient client, URI target, String token, long end, AtomicLong ok, AtomicLong failed,
            CountDownLatch done) {
        if (System.nanoTime() >= end) {
            done.countDown();
            return;
        }
        client.request(options(target, token)).compose(r -> r.send()).compose(r -> r.body().map(b -> r.statusCode()))
                .onComplete(result -> {
                    if (result.succeeded() && result.result() == 200) {
                        ok.incrementAndGet();
                    } else {
                        failed.incrementAndGet();
                    }
                    loop(client, target, token, end, ok, failed, done);
                });
    }

    /** Latencies of requests sent at {@code rate} per second for {@code seconds}, timed from their schedule. */
    Latencies latency(URI target, String token, double rate, int seconds) throws InterruptedException {
        HttpClient client = client(64);
        Latencies latencies = new Latencies();
        long total = (long) (rate * seconds);
        CountDownLatch done = new CountDownLatch((int) total);
        long start = System.nanoTime();
        long interval = (long) (1e9 / rate);
        for (long i = 0; i < total; i++) {
            long due = start + i * interval;
            long wait = due - System.nanoTime();
            if (wait > 0) {
                TimeUnit.NANOSECONDS.sleep(wait);
            }
            client.request(options(target, token)).compose(r -> r.send()).compose(r -> r.body())
                    .onComplete(result -> {
                        latencies.add((System.nanoTime() - due) / 1000);
                        done.countDown();
                    });
        }
        done.await(seconds + 30L, TimeUnit.SECONDS);
        client.close();
        return latencies;
    }

    private HttpClient client(int connections) {
        return vertx.createHttpClient(new HttpClientOptions().setKeepAlive(true).setMaxPoolSize(connections)
                .setMaxWaitQueueSize(-1));
    }

    private static RequestOptions options(URI target, String token) {
        return new RequestOptions().setMethod(HttpMethod.GET).setHost(target.getHost()).setPort(target.getPort())
                .setURI(target.getRawPath()).putHeader("Authorization", "Bearer " + token);
    }

    @Override
    public void close() {
        vertx.close();
    }
}
