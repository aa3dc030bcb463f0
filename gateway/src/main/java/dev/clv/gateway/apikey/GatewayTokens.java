package dev.clv.gateway.apikey;

import java.security.GeneralSecurityException;
import java.security.KeyFactory;
import java.security.KeyPair;
import java.security.KeyPairGenerator;
import java.security.interfaces.RSAPrivateCrtKey;
import java.security.interfaces.RSAPublicKey;
import java.security.spec.PKCS8EncodedKeySpec;
import java.security.spec.RSAPublicKeySpec;
import java.util.Base64;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;

import jakarta.enterprise.context.ApplicationScoped;

import org.jboss.logging.Logger;
import org.jose4j.jwk.RsaJsonWebKey;
import org.jose4j.jws.AlgorithmIdentifiers;
import org.jose4j.jws.JsonWebSignature;
import org.jose4j.jwt.JwtClaims;
import org.jose4j.jwt.NumericDate;
import org.jose4j.lang.JoseException;

import dev.clv.contracts.auth.Caller;
import dev.clv.contracts.auth.Scopes;
import dev.clv.gateway.config.ApiKeyConfig;
import dev.clv.gateway.config.GatewayConfig;

/**
 * Signs the short-lived token an API-key call carries upstream, so every service still validates a signed token
 * (issuer {@code clv-gateway}) and reads tenant and scopes from it exactly as from a Keycloak token. A token is
 * reused for most of its lifetime: an RSA signature costs about a millisecond, too much for every call.
 */
@ApplicationScoped
public class GatewayTokens {
    private static final Logger LOG = Logger.getLogger(GatewayTokens.class);

    private record Signed(String token, long renewAt) {
    }

    private final ApiKeyConfig config;
    private final RsaJsonWebKey key;
    private final ConcurrentHashMap<UUID, Signed> signed = new ConcurrentHashMap<>();

    public GatewayTokens(GatewayConfig config) throws GeneralSecurityException, JoseException {
        this.config = config.apiKeys();
        KeyPair pair = this.config.signingKey().map(GatewayTokens::decode).orElseGet(GatewayTokens::generate);
        this.key = new RsaJsonWebKey((RSAPublicKey) pair.getPublic());
        key.setPrivateKey(pair.getPrivate());
        key.setKeyId(key.calculateBase64urlEncodedThumbprint("SHA-256"));
        key.setAlgorithm(AlgorithmIdentifiers.RSA_USING_SHA256);
        key.setUse("sig");
    }

    /** The token the services see for a key (its tenant and scopes as a caller): subject {@code api-key:<id>}. */
    public String tokenFor(UUID keyId, Caller owner) {
        long now = System.currentTimeMillis();
        Signed current = signed.get(keyId);
        if (current == null || current.renewAt() <= now) {
            current = sign(keyId, owner, now);
            signed.put(keyId, current);
        }
        return current.token();
    }

    /** Forgets the key's cached token, so a revoked key stops being forwarded at once on this replica. */
    public void forget(UUID keyId) {
        signed.remove(keyId);
    }

    /** The public key set a service or a reader of the docs can verify the tokens with. */
    public String jwks() {
        return "{\"keys\":[" + key.toJson() + "]}";
    }

    private Signed sign(UUID keyId, Caller owner, long now) {
        long lifetime = config.tokenLifetime().toMillis();
        JwtClaims claims = new JwtClaims();
        claims.setIssuer(config.issuer());
        claims.setAudience(config.audience());
        claims.setSubject("api-key:" + keyId);
        claims.setClaim(Scopes.TENANT_CLAIM, owner.tenant());
        claims.setClaim("scope", String.join(" ", owner.scopes().stream().sorted().toList()));
        claims.setClaim("azp", "api-key:" + keyId);
        claims.setIssuedAt(NumericDate.fromMilliseconds(now));
        claims.setExpirationTime(NumericDate.fromMilliseconds(now + lifetime));
        JsonWebSignature jws = new JsonWebSignature();
        jws.setPayload(claims.toJson());
        jws.setKey(key.getPrivateKey());
        jws.setKeyIdHeaderValue(key.getKeyId());
        jws.setAlgorithmHeaderValue(AlgorithmIdentifiers.RSA_USING_SHA256);
        try {
            return new Signed(jws.getCompactSerialization(), now + lifetime * 4 / 5);
        } catch (JoseException e) {
            throw new IllegalStateException("cannot sign an API-key token", e);
        }
    }

    private static KeyPair decode(String base64Pkcs8) {
        try {
            KeyFactory rsa = KeyFactory.getInstance("RSA");
            var privateKey = (RSAPrivateCrtKey) rsa.generatePrivate(
                    new PKCS8EncodedKeySpec(Base64.getMimeDecoder().decode(base64Pkcs8)));
            var publicKey = rsa.generatePublic(
                    new RSAPublicKeySpec(privateKey.getModulus(), privateKey.getPublicExponent()));
            return new KeyPair(publicKey, privateKey);
        } catch (GeneralSecurityException | ClassCastException e) {
            throw new IllegalStateException("gateway.api-keys.signing-key is not a PKCS#8 RSA private key", e);
        }
    }

    private static KeyPair generate() {
        LOG.warn("gateway.api-keys.signing-key is not set: signing API-key tokens with a key made for this run; "
                + "services verify them only if given its public key (./stack does this)");
        try {
            KeyPairGenerator generator = KeyPairGenerator.getInstance("RSA");
            generator.initialize(2048);
            return generator.generateKeyPair();
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException(e);
        }
    }
}
