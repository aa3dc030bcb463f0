package dev.clv.bench;

import java.net.URI;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;

import io.vertx.core.Vertx;
import io.vertx.core.buffer.Buffer;
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
        return throughput(target, token, null, connections, seconds);
    }

    /** As above; a non-null {@code json} body makes each request a POST of it. */
    double throughput(URI target, String token, String json, int connections, int seconds)
            throws InterruptedException {
        Buffer body = json == null ? null : Buffer.buffer(json);
        HttpClient client = client(connections);
        AtomicLong ok = new AtomicLong();
        AtomicLong failed = new AtomicLong();
        long end = System.nanoTime() + TimeUnit.SECONDS.toNanos(seconds);
        CountDownLatch done = new CountDownLatch(connections);
        long start = System.nanoTime();
        for (int i = 0; i < connections; i++) {
            loop(client, target, token, body, end, ok, failed, done);
        }
        done.await();
        double elapsed = (System.nanoTime() - start) / 1e9;
        client.close();
        if (failed.get() > ok.get() / 100) {
            throw new IllegalStateException(failed.get() + " of " + (ok.get() + failed.get()) + " calls failed");
        }
        return ok.get() / elapsed;
    }

    private void loop(HttpClient client, URI target, String token, Buffer body, long end, AtomicLong ok,
            AtomicLong failed, CountDownLatch done) {
        if (System.nanoTime() >= end) {
            done.countDown();
            return;
        }
        client.request(options(target, token, body)).compose(r -> body == null ? r.send() : r.send(body))
                .compose(r -> r.body().map(b -> r.statusCode()))
                .onComplete(result -> {
                    if (result.succeeded() && result.result() == 200) {
                        ok.incrementAndGet();
                    } else {
                        failed.incrementAndGet();
                    }
                    loop(client, target, token, body, end, ok, failed, done);
                });
    }

    /** Latencies of requests sent at {@code rate} per second for {@code seconds}, timed from their schedule. */
    Latencies latency(URI target, String token, double rate, int seconds) throws InterruptedException {
        return latency(target, token, null, rate, seconds);
    }

    /** As above; a non-null {@code json} body makes each request a POST of it. */
    Latencies latency(URI target, String token, String json, double rate, int seconds) throws InterruptedException {
        Buffer body = json == null ? null : Buffer.buffer(json);
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
            client.request(options(target, token, body)).compose(r -> body == null ? r.send() : r.send(body))
                    .compose(r -> r.body())
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

    private static RequestOptions options(URI target, String token, Buffer body) {
        String uri = target.getRawQuery() == null
                ? target.getRawPath()
                : target.getRawPath() + "?" + target.getRawQuery();
        RequestOptions options = new RequestOptions().setMethod(body == null ? HttpMethod.GET : HttpMethod.POST)
                .setHost(target.getHost()).setPort(target.getPort()).setURI(uri)
                .putHeader("Authorization", "Bearer " + token);
        return body == null ? options : options.putHeader("Content-Type", "application/json");
    }

    @Override
    public void close() {
        vertx.close();
    }
}
