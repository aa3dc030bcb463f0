package dev.clv.gateway;

import java.lang.annotation.ElementType;
import java.lang.annotation.Retention;
import java.lang.annotation.RetentionPolicy;
import java.lang.annotation.Target;

import dev.clv.testsupport.OidcResource;
import dev.clv.testsupport.PostgresResource;
import io.quarkus.test.common.TestResourceScope;
import io.quarkus.test.common.WithTestResource;

/** What a gateway test runs against: real PostgreSQL, the test OIDC issuer and the echoing upstreams. */
@Retention(RetentionPolicy.RUNTIME)
@Target(ElementType.TYPE)
@WithTestResource(value = PostgresResource.class, scope = TestResourceScope.GLOBAL)
@WithTestResource(value = OidcResource.class, scope = TestResourceScope.GLOBAL)
@WithTestResource(value = EchoUpstream.class, scope = TestResourceScope.GLOBAL)
public @interface WithGatewayInfrastructure {
}
