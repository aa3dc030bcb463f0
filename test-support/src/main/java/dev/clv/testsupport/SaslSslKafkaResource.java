package dev.clv.testsupport;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.concurrent.TimeUnit;

import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AdminClientConfig;
import org.apache.kafka.clients.admin.ScramCredentialInfo;
import org.apache.kafka.clients.admin.ScramMechanism;
import org.apache.kafka.clients.admin.UserScramCredentialUpsertion;
import org.apache.kafka.common.security.auth.SecurityProtocol;

import io.quarkus.test.common.QuarkusTestResourceLifecycleManager;
import io.smallrye.reactive.messaging.kafka.companion.test.EmbeddedKafkaBroker;

/**
 * A real Kafka broker that speaks what the production brokers speak to the services: SASL_SSL with SCRAM-SHA-512,
 * its certificate made for this run (keytool) and trusted through a PEM file, and a SCRAM user created through the
 * Admin API on a plaintext listener the services are not given. The service's configuration names only the
 * SASL_SSL listener, as deploy/ does.
 */
public class SaslSslKafkaResource implements QuarkusTestResourceLifecycleManager {
    public static final String USER = "clv-test";
    public static final String PASSWORD = "a-test-only-scram-password";
    private static final String STORE_PASSWORD = "test-only";
    private EmbeddedKafkaBroker broker;
    private static volatile Map<String, String> clientConfig;

    @Override
    public Map<String, String> start() {
        try {
            Path dir = Files.createTempDirectory("sasl-ssl-kafka");
            Path keystore = dir.resolve("broker.p12");
            Path certificate = dir.resolve("ca.crt");
            String keytool = Path.of(System.getProperty("java.home"), "bin", "keytool").toString();
            run(keytool, "-genkeypair", "-alias", "broker", "-keyalg", "RSA", "-keysize", "2048", "-validity", "2",
                    "-dname", "CN=localhost", "-ext", "SAN=dns:localhost,ip:127.0.0.1", "-storetype", "PKCS12",
                    "-keystore", keystore.toString(), "-storepass", STORE_PASSWORD);
            run(keytool, "-exportcert", "-rfc", "-alias", "broker", "-keystore", keystore.toString(), "-storepass",
                    STORE_PASSWORD, "-file", certificate.toString());
            int secured = FreePorts.next();
            int plain = FreePorts.next();
            broker = new EmbeddedKafkaBroker().withKafkaPort(plain).withControllerPort(FreePorts.next())
                    .withDeleteLogDirsOnClose(true)
                    .withAdvertisedListeners(EmbeddedKafkaBroker.endpoint(SecurityProtocol.PLAINTEXT, "localhost",
                            plain),
                            EmbeddedKafkaBroker.endpoint("SASL_SSL", SecurityProtocol.SASL_SSL, "localhost",
                                    secured))
                    .withAdditionalProperties(p -> secure(p, keystore)).start();
            String plaintext = "localhost:" + plain;
            try (Admin admin = Admin.create(Map.of(AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG, plaintext))) {
                admin.alterUserScramCredentials(List.of(new UserScramCredentialUpsertion(USER,
                        new ScramCredentialInfo(ScramMechanism.SCRAM_SHA_512, 4096), PASSWORD))).all()
                        .get(30, TimeUnit.SECONDS);
            }
            clientConfig = Map.of("kafka.bootstrap.servers", "localhost:" + secured,
                    "kafka.security.protocol", "SASL_SSL", "kafka.sasl.mechanism", "SCRAM-SHA-512",
                    "kafka.sasl.jaas.config", jaas(USER, PASSWORD), "kafka.ssl.truststore.type", "PEM",
                    "kafka.ssl.truststore.location", certificate.toString());
            return clientConfig;
        } catch (Exception e) {
            throw new IllegalStateException("The SASL_SSL broker did not start", e);
        }
    }

    /** What a client of the SASL_SSL listener is given, as Quarkus' kafka.* properties (after start). */
    public static Map<String, String> clientConfig() {
        return clientConfig;
    }

    /** The JAAS line of a SCRAM login. */
    public static String jaas(String user, String password) {
        return "org.apache.kafka.common.security.scram.ScramLoginModule required username=\"" + user
                + "\" password=\"" + password + "\";";
    }

    private static void secure(Properties p, Path keystore) {
        p.put("sasl.enabled.mechanisms", "SCRAM-SHA-512");
        p.put("listener.name.sasl_ssl.scram-sha-512.sasl.jaas.config",
                "org.apache.kafka.common.security.scram.ScramLoginModule required;");
        p.put("listener.name.sasl_ssl.ssl.keystore.type", "PKCS12");
        p.put("listener.name.sasl_ssl.ssl.keystore.location", keystore.toString());
        p.put("listener.name.sasl_ssl.ssl.keystore.password", STORE_PASSWORD);
        p.put("num.partitions", "3");
        p.put("auto.create.topics.enable", "true");
        p.put("group.initial.rebalance.delay.ms", "0");
        p.put("offsets.topic.replication.factor", "1");
    }

    private static void run(String... command) throws IOException, InterruptedException {
        Process p = new ProcessBuilder(command).redirectErrorStream(true).start();
        String out = new String(p.getInputStream().readAllBytes());
        if (p.waitFor() != 0) {
            throw new IOException(String.join(" ", command) + ": " + out);
        }
    }

    @Override
    public void stop() {
        if (broker != null) {
            broker.close();
        }
    }
}
