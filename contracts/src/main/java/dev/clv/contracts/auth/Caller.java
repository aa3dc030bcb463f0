package dev.clv.contracts.auth;

import java.util.Arrays;
import java.util.Set;
import java.util.stream.Collectors;

import org.eclipse.microprofile.jwt.JsonWebToken;

/** Who is calling: the tenant and scopes taken from a validated bearer token, never from the request itself. */
public record Caller(String tenant, String subject, Set<String> scopes) {

    public boolean has(String scope) {
        return scopes.contains(scope) || scopes.contains(Scopes.ADMIN);
    }

    /** Reads tenant and scopes from a token; a token without a tenant claim yields a null tenant. */
    public static Caller of(JsonWebToken token) {
        Object tenant = token.getClaim(Scopes.TENANT_CLAIM);
        Object scope = token.getClaim("scope");
        Set<String> scopes = scope == null
                ? Set.of()
                : Arrays.stream(scope.toString().split(" ")).filter(s -> !s.isBlank()).collect(Collectors.toSet());
        String tenantText = tenant == null ? null : stripQuotes(tenant.toString());
        return new Caller(tenantText == null || tenantText.isBlank() ? null : tenantText, token.getSubject(), scopes);
    }

    // a JSON string claim may surface as a JsonString whose toString keeps the quotes
    private static String stripQuotes(String value) {
        return value.length() >= 2 && value.startsWith("\"") && value.endsWith("\"")
                ? value.substring(1, value.length() - 1)
                : value;
    }
}
