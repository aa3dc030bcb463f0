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
import dev.clv.testsupport.KafkaResource;
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

        Vertx upstreamVertx = Vertx.vertx();
        HttpServer stub = upstreamVertx.createHttpServer().requestHandler(request -> request.response()
                .putHeader("Content-Type", "application/json").end(BODY)).listen(0, "localhost")
                .toCompletionStage().toCompletableFuture().get();
        String stubUrl = "http://localhost:" + stub.actualPort();
        int predictionPort = FreePorts.next();
        String predictionUrl = "http://localhost:" + predictionPort;
        System.out.printf("gateway benchmark: %d s per phase, %d connections, 2 cores shared by all%n", seconds,
                connections);
        try (ServiceProcess prediction = ServiceProcess.start(repo, "prediction-service", "512m", predictionPort,
                Map.of("PREDICTION_PORT", Integer.toString(predictionPort), "OIDC_ISSUER_URL", issuer.issuer(),
                        "DB_JDBC_URL", db.get("quarkus.datasource.jdbc.url"), "DB_REACTIVE_URL",
                        db.get("quarkus.datasource.reactive.url"), "KAFKA_BOOTSTRAP_SERVERS",
                        KafkaResource.bootstrapServers()))) {
            System.out.println("1. a real service: the prediction service's GET /v1/models (token validated, one "
                    + "query)");
            compare(repo, db, issuer, Map.of("PREDICTION_URL", predictionUrl), "/v1/models", predictionUrl,
                    issuer.token("bench", "predictions:read"), seconds, connections, prediction.process.toHandle());
        }
        System.out.println("2. the gateway's own ceiling: an upstream that answers at once, without checking the "
                + "token");
        compare(repo, db, issuer, Map.of("ANALYTICS_URL", stubUrl), "/v0/pipes/customer_ltv.json", stubUrl,
                issuer.token("bench", "analytics:read"), seconds, connections, null);
        upstreamVertx.close();
        System.out.printf("JWT (RS256) verifications per second on one core: %,.0f%n", verificationsPerSecond(issuer,
                issuer.token("bench", "analytics:read")));
        System.exit(0);
    }

    private static void compare(Path repo, Map<String, String> db, OidcIssuer issuer, Map<String, String> upstream,
            String path, String upstreamUrl, String token, int seconds, int connections, ProcessHandle service)
            throws Exception {
        int port = FreePorts.next();
        Map<String, String> env = new HashMap<>(Map.of("GATEWAY_PORT", Integer.toString(port), "OIDC_ISSUER_URL",
                issuer.issuer(), "DB_JDBC_URL", db.get("quarkus.datasource.jdbc.url"), "DB_REACTIVE_URL",
                db.get("quarkus.datasource.reactive.url"), "RATE_LIMIT_DEFAULT_TIER", "enterprise",
                "ENTERPRISE_CALLS_PER_HOUR", "1000000000"));
        env.putAll(upstream);
        // -Dbench.gateway.env=K=V,K=V runs the gateway with other settings, to see what a feature costs
        for (String pair : System.getProperty("bench.gateway.env", "").split(",")) {
            if (pair.contains("=")) {
                env.put(pair.substring(0, pair.indexOf('=')), pair.substring(pair.indexOf('=') + 1));
            }
        }
        URI direct = URI.create(upstreamUrl + path);
        URI proxied = URI.create("http://localhost:" + port + path);
        env.put("MANAGEMENT_PORT", Integer.toString(FreePorts.next()));
        try (ServiceProcess gateway = ServiceProcess.start(repo, "gateway", "512m", port, env);
                HttpLoad load = new HttpLoad()) {
            load.throughput(proxied, token, connections, 10); // warm-up of both, not measured
            load.throughput(direct, token, connections, 5);
            CpuShare directCpu = new CpuShare(gateway.process.toHandle(), service);
            double directMax = load.throughput(direct, token, connections, seconds);
            directCpu.stop((long) (directMax * seconds));
            CpuShare gatewayCpu = new CpuShare(gateway.process.toHandle(), service);
            double gatewayMax = load.throughput(proxied, token, connections, seconds);
            gatewayCpu.stop((long) (gatewayMax * seconds));
            System.out.printf("   throughput  direct %,.0f req/s   gateway %,.0f req/s   ratio %.2f (goal >= 0.6)%n",
                    directMax, gatewayMax, gatewayMax / directMax);
            System.out.println("   CPU per request, direct:  " + directCpu);
            System.out.println("   CPU per request, gateway: " + gatewayCpu);
            double half = gatewayMax / 2;
            Latencies directLatency = load.latency(direct, token, half, seconds);
            Latencies gatewayLatency = load.latency(proxied, token, half, seconds);
            System.out.printf("   at %,.0f req/s (half the gateway's maximum), open loop:%n", half);
            System.out.printf("     direct    p50 %.2f ms   p99 %.2f ms%n", directLatency.percentileMillis(50),
                    directLatency.percentileMillis(99));
            System.out.printf("     gateway   p50 %.2f ms   p99 %.2f ms%n", gatewayLatency.percentileMillis(50),
                    gatewayLatency.percentileMillis(99));
            System.out.printf("     added     p50 %.2f ms (goal <= 0.5)   p99 %.2f ms (goal <= 3)%n",
                    gatewayLatency.percentileMillis(50) - directLatency.percentileMillis(50),
                    gatewayLatency.percentileMillis(99) - directLatency.percentileMillis(99));
        }
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
