package dev.clv.gateway.docs;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.util.Properties;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;

import io.vertx.core.buffer.Buffer;
import io.vertx.ext.web.Router;

/**
 * ReDoc at {@code /redoc} (seed 002 had it beside Swagger UI), rendering the merged {@code /openapi}. Its standalone
 * bundle comes from the {@code org.webjars:redoc} jar and is served by the gateway, so the page loads nothing from
 * elsewhere.
 */
@ApplicationScoped
public class RedocRoute {
    private static final String WEBJAR = "META-INF/resources/webjars/redoc/";
    private static final String PAGE = """
            <!DOCTYPE html>
            <html lang="en">
            <head>
              <meta charset="utf-8">
              <meta name="viewport" content="width=device-width, initial-scale=1">
              <title>CLV platform API</title>
            </head>
            <body>
              <redoc spec-url="/openapi"></redoc>
              <script src="/redoc/redoc.standalone.js"></script>
            </body>
            </html>
            """;

    private final Buffer bundle;

    public RedocRoute() {
        this.bundle = Buffer.buffer(read(WEBJAR + version() + "/redoc.standalone.js"));
    }

    void install(@Observes Router router) {
        router.get("/redoc").handler(rc -> rc.response().putHeader("Content-Type", "text/html; charset=utf-8")
                .end(PAGE));
        router.get("/redoc/redoc.standalone.js").handler(rc -> rc.response()
                .putHeader("Content-Type", "text/javascript; charset=utf-8")
                .putHeader("Cache-Control", "public, max-age=86400").end(bundle));
    }

    /** The webjar's version, from its Maven metadata: the bundle's path holds it. */
    private static String version() {
        Properties pom = new Properties();
        try (InputStream in = RedocRoute.class.getClassLoader()
                .getResourceAsStream("META-INF/maven/org.webjars/redoc/pom.properties")) {
            if (in == null) {
                throw new IllegalStateException("the org.webjars:redoc jar is missing from the class path");
            }
            pom.load(in);
            return pom.getProperty("version");
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private static byte[] read(String resource) {
        try (InputStream in = RedocRoute.class.getClassLoader().getResourceAsStream(resource)) {
            if (in == null) {
                throw new IllegalStateException(resource + " is missing from the class path");
            }
            return in.readAllBytes();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
