package dev.clv.ingestion.ingest;

import java.io.FilterInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.util.zip.GZIPInputStream;
import java.util.zip.ZipException;

import jakarta.ws.rs.ext.Provider;
import jakarta.ws.rs.ext.ReaderInterceptor;
import jakarta.ws.rs.ext.ReaderInterceptorContext;

import dev.clv.contracts.problem.Problem;
import dev.clv.contracts.problem.ProblemException;
import io.vertx.ext.web.RoutingContext;

/**
 * Inflates {@code Content-Encoding: gzip} bodies as they are read, counting what comes out: the body limit applies
 * to the inflated bytes (a small bomb is refused with 413 as soon as it passes the limit, never inflated whole),
 * and every inflated byte beyond the compressed size is charged to the writes' in-flight budget while the request
 * lasts. Done here rather than by the HTTP layer's decompression, which knows neither limit.
 */
@Provider
public class GzipBodies implements ReaderInterceptor {
    private final AdmissionControl admission;
    private final RoutingContext rc;

    public GzipBodies(AdmissionControl admission, RoutingContext rc) {
        this.admission = admission;
        this.rc = rc;
    }

    @Override
    public Object aroundReadFrom(ReaderInterceptorContext context) throws IOException {
        String encoding = context.getHeaders().getFirst("Content-Encoding");
        if (encoding == null || encoding.isBlank() || encoding.equalsIgnoreCase("identity")) {
            return context.proceed();
        }
        if (!encoding.strip().equalsIgnoreCase("gzip")) {
            throw new ProblemException(Problem.of(415, "Unsupported Media Type",
                    "Content-Encoding " + encoding + " is not supported; send gzip or no encoding."));
        }
        context.getHeaders().remove("Content-Encoding");
        Counted inflated = new Counted(context.getInputStream());
        rc.addEndHandler(done -> admission.release(inflated.charged));
        context.setInputStream(inflated);
        try {
            return context.proceed();
        } catch (ZipException e) {
            throw ProblemException.badRequest("body", "the body is not valid gzip");
        }
    }

    /** The inflated stream, refusing past the body limit and charging the budget chunk by chunk. */
    private final class Counted extends FilterInputStream {
        private static final int CHUNK = 256 * 1024;
        private long read;
        private long charged;

        Counted(InputStream compressed) throws IOException {
            super(new GZIPInputStream(compressed, 64 * 1024));
        }

        @Override
        public int read() throws IOException {
            byte[] one = new byte[1];
            int n = read(one, 0, 1);
            return n < 0 ? -1 : one[0] & 0xff;
        }

        @Override
        public int read(byte[] buffer, int offset, int length) throws IOException {
            int n = super.read(buffer, offset, length);
            if (n > 0) {
                read += n;
                if (read > admission.maxBody()) {
                    throw new ProblemException(Problem.of(413, "Content Too Large", "The body inflates to more "
                            + "than " + admission.maxBody() + " bytes; split the rows over several requests."));
                }
                while (read > charged) {
                    if (!admission.take(CHUNK)) {
                        throw ProblemException.unavailable("Too many writes are in progress; nothing from this one "
                                + "was taken. Retry shortly.", 1);
                    }
                    charged += CHUNK;
                }
            }
            return n;
        }
    }
}
