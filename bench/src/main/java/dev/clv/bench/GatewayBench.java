package dev.clv.bench;

import java.net.URI;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.Map;
import java.util.concurrent.TimeUnit;

import org.jose4j.jwa.AlgorithmConstraints;
import org.jose4j.jws.AlgorithmIdentifiers;
import org.jose4j.jwt.consumer.JwtConsumer;
import org.jose4j.jwt.consumer.JwtConsumerBuilder;

import dev.clv.testsupport.FreePorts;
import dev.clv.testsupport.OidcIssuer;
import dev.clv.testsupport.OidcResource;
import dev.clv.testsupport.PostgresResource;
import io.vertx.core.Vertx;
import io.vertx.core.http.HttpServer;

/**
 * The gateway's cost, in one run with one load tool: (1) requests/s straight to an upstream and through the
 * gateway (token validated, route and scope checked, quota counted, access-logged, streamed), both at full load;
 * (2) p50/p99 of each at half the gateway's maximum, open loop; (3) RS256 token verifications per second on one
 * core. The upstream is a minimal server answering a small JSON, so the ratio is the gateway's own cost alone.
 */
public final class GatewayBench {
    private static final String BODY = "{\"data\":[{\"customer_id\":\"c1\",\"ltv\":123.45}],\"rows\":1}";

    private GatewayBench() {
    }

    public static void main(String[] args) throws Exception {
        Path repo = Path.of(System.getProperty("clv.repo.root", "."));
        int seconds = Integer.parseInt(System.getProperty("bench.seconds", "20"));
        int connections = Integer.parseInt(System.getProperty("bench.concurrency", "32"));
        Map<String, String> db = new PostgresResource().start();
        new OidcResource().start();
        OidcIssuer issuer = OidcResource.issuer();
        String token = issuer.token("bench", "analytics:read");

        Vertx upstreamVertx = Vertx.vertx();
        HttpServer upstream = upstreamVertx.createHttpServer().requestHandler(request -> request.response()
                .putHeader("Content-Type", "application/json").end(BODY)).listen(0, "localhost")
                .toCompletionStage().toCompletableFuture().get();
        String upstreamUrl = "http://localhost:" + upstream.actualPort();
        int port = FreePorts.next();
        Map<String, String> env = new HashMap<>(Map.of("GATEWAY_PORT", Integer.toString(port), "OIDC_ISSUER_URL",
                issuer.issuer(), "DB_JDBC_URL", db.get("quarkus.datasource.jdbc.url"), "DB_REACTIVE_URL",
                db.get("quarkus.datasource.reactive.url"), "RATE_LIMIT_DEFAULT_TIER", "enterprise",
                "ENTERPRISE_CALLS_PER_HOUR", "1000000000"));
        for (String name : new String[]{"INGESTION_URL", "ANALYTICS_URL", "PREDICTION_URL", "SEGMENTATION_URL"}) {
            env.put(name, upstreamUrl);
        }
        String path = "/v0/pipes/customer_ltv.json";
        URI direct = URI.create(upstreamUrl + path);
        URI proxied = URI.create("http://localhost:" + port + path);
        try (ServiceProcess gateway = ServiceProcess.start(repo, "gateway", "512m", port, env);
                HttpLoad load = new HttpLoad()) {
            System.out.printf("gateway benchmark: %d s per phase, %d connections, 2 cores shared by all%n", seconds,
                    connections);
            load.throughput(proxied, token, connections, 10); // warm-up, not measured
            load.throughput(direct, token, connections, 5);
            double directMax = load.throughput(direct, token, connections, seconds);
            double gatewayMax = load.throughput(proxied, token, connections, seconds);
            System.out.printf("throughput   direct %,.0f req/s   gateway %,.0f req/s   ratio %.2f (goal >= 0.6)%n",
                    directMax, gatewayMax, gatewayMax / directMax);

            double half = gatewayMax / 2;
            Latencies directLatency = load.latency(direct, token, half, seconds);
            Latencies gatewayLatency = load.latency(proxied, token, half, seconds);
            double p50 = gatewayLatency.percentileMillis(50) - directLatency.percentileMillis(50);
            double p99 = gatewayLatency.percentileMillis(99) - directLatency.percentileMillis(99);
            System.out.printf("at %,.0f req/s (half the gateway's maximum), open loop:%n", half);
            System.out.printf("  direct    p50 %.2f ms   p99 %.2f ms%n", directLatency.percentileMillis(50),
                    directLatency.percentileMillis(99));
            System.out.printf("  gateway   p50 %.2f ms   p99 %.2f ms%n", gatewayLatency.percentileMillis(50),
                    gatewayLatency.percentileMillis(99));
            System.out.printf("  added     p50 %.2f ms (goal <= 1)   p99 %.2f ms (goal <= 5)%n", p50, p99);
        } finally {
            upstreamVertx.close();
        }
        System.out.printf("JWT (RS256) verifications per second on one core: %,.0f%n", verificationsPerSecond(issuer,
                token));
        System.exit(0);
    }

    // the same library and checks quarkus-oidc applies: signature, issuer, audience, expiry
    private static double verificationsPerSecond(OidcIssuer issuer, String token) throws Exception {
        JwtConsumer consumer = new JwtConsumerBuilder().setVerificationKey(issuer.publicKey())
                .setExpectedIssuer(issuer.issuer()).setExpectedAudience(OidcIssuer.AUDIENCE)
                .setRequireExpirationTime().setAllowedClockSkewInSeconds(30)
                .setJwsAlgorithmConstraints(AlgorithmConstraints.ConstraintType.PERMIT,
                        AlgorithmIdentifiers.RSA_USING_SHA256)
                .build();
        long warm = System.nanoTime() + TimeUnit.SECONDS.toNanos(3);
        while (System.nanoTime() < warm) {
            consumer.processToClaims(token);
        }
        long count = 0;
        long start = System.nanoTime();
        long end = start + TimeUnit.SECONDS.toNanos(5);
        while (System.nanoTime() < end) {
            consumer.processToClaims(token);
            count++;
        }
        return count / ((System.nanoTime() - start) / 1e9);
    }
}
