package dev.clv.gateway.proxy;

import java.util.List;
import java.util.concurrent.TimeoutException;

import dev.clv.contracts.problem.Problem;
import io.netty.handler.codec.http.HttpResponseStatus;
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
 * upstream that cannot be reached or answers too late becomes a 502/504 problem naming it, never a hang.
 */
final class UpstreamInterceptor implements ProxyInterceptor {
    private final String upstream;
    private final List<String> strippedHeaders;

    UpstreamInterceptor(String upstream, List<String> strippedHeaders) {
        this.upstream = upstream;
        this.strippedHeaders = strippedHeaders;
    }

    @Override
    public Future<ProxyResponse> handleProxyRequest(ProxyContext context) {
        ProxyRequest request = context.request();
        strippedHeaders.forEach(request.headers()::remove);
        return context.sendRequest().recover(failure -> Future.succeededFuture(failed(request, failure)));
    }

    private ProxyResponse failed(ProxyRequest request, Throwable failure) {
        boolean timeout = failure instanceof TimeoutException || failure.getClass().getSimpleName().contains("Timeout");
        int status = timeout ? 504 : 502;
        String detail = timeout
                ? "The " + upstream + " service did not answer in time."
                : "The " + upstream + " service could not be reached.";
        Problem problem = new Problem("about:blank", HttpResponseStatus.valueOf(status).reasonPhrase(), status, detail,
                request.getURI(), List.of());
        ProxyResponse response = request.response().setStatusCode(status);
        response.headers().clear();
        response.putHeader("Content-Type", Problem.MEDIA_TYPE);
        return response.setBody(Body.body(Buffer.buffer(Json.encode(problem))));
    }
}
