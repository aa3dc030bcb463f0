package dev.clv.testsupport;

import java.util.Map;

import io.quarkus.test.common.QuarkusTestResourceLifecycleManager;

/** Points a service's quarkus-oidc at the shared {@link OidcIssuer}, started once per test JVM. */
public class OidcResource implements QuarkusTestResourceLifecycleManager {
    private static OidcIssuer issuer;

    public static synchronized OidcIssuer issuer() {
        if (issuer == null) {
            issuer = OidcIssuer.start();
            Runtime.getRuntime().addShutdownHook(new Thread(issuer::stop));
        }
        return issuer;
    }

    /** Shorthand for tests: a token of {@code tenant} with {@code scopes}. */
    public static String token(String tenant, String... scopes) {
        return issuer().token(tenant, scopes);
    }

    @Override
    public Map<String, String> start() {
        return Map.of(
                "quarkus.oidc.auth-server-url", issuer().issuer(),
                "quarkus.oidc.token.audience", OidcIssuer.AUDIENCE);
    }

    @Override
    public void stop() {
        // kept for the whole JVM
    }
}
