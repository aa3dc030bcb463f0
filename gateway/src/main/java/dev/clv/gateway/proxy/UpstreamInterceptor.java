package dev.clv.gateway.proxy;

import java.util.List;
import java.util.concurrent.TimeoutException;

import dev.clv.contracts.problem.Problem;
import io.netty.handler.codec.http.HttpResponseStatus;
import io.vertx.circuitbreaker.CircuitBreaker;
import io.vertx.circuitbreaker.OpenCircuitException;
import io.vertx.core.Future;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.json.Json;
import io.vertx.httpproxy.Body;
import io.vertx.httpproxy.ProxyContext;
import io.vertx.httpproxy.ProxyInterceptor;
import io.vertx.httpproxy.ProxyRequest;
import io.vertx.httpproxy.ProxyResponse;

/**
 * Shapes every proxied exchange with one upstream: identity headers a client made up are dropped, and an
 * upstream that cannot be reached, answers too late or has its circuit open becomes a 502/504/503 problem naming
 * it, never a hang or a stack trace.
 */
final class UpstreamInterceptor implements ProxyInterceptor {
    private final String upstream;
    private final List<String> strippedHeaders;
    private final CircuitBreaker breaker;
    private final long openSeconds;

    UpstreamInterceptor(String upstream, List<String> strippedHeaders, CircuitBreaker breaker, long openSeconds) {
        this.upstream = upstream;
        this.strippedHeaders = strippedHeaders;
        this.breaker = breaker;
        this.openSeconds = openSeconds;
    }

    @Override
    public Future<ProxyResponse> handleProxyRequest(ProxyContext context) {
        ProxyRequest request = context.request();
        strippedHeaders.forEach(request.headers()::remove);
        return breaker.<ProxyResponse>execute(promise -> context.sendRequest().onComplete(promise))
                .recover(failure -> Future.succeededFuture(failed(request, failure)));
    }

    private ProxyResponse failed(ProxyRequest request, Throwable failure) {
        int status;
        String detail;
        if (failure instanceof OpenCircuitException) {
            status = 503;
            detail = "The " + upstream + " service is failing; calls to it are paused for up to " + openSeconds
                    + " s.";
        } else if (failure instanceof TimeoutException || failure.getClass().getSimpleName().contains("Timeout")) {
            status = 504;
            detail = "The " + upstream + " service did not answer in time.";
        } else {
            status = 502;
            detail = "The " + upstream + " service could not be reached.";
        }
        Problem problem = new Problem("about:blank", HttpResponseStatus.valueOf(status).reasonPhrase(), status, detail,
                request.getURI(), List.of());
        ProxyResponse response = request.response().setStatusCode(status);
        response.headers().clear();
        response.putHeader("Content-Type", Problem.MEDIA_TYPE);
        if (status == 503) {
            response.putHeader("Retry-After", Long.toString(openSeconds));
        }
        return response.setBody(Body.body(Buffer.buffer(Json.encode(problem))));
    }
}
