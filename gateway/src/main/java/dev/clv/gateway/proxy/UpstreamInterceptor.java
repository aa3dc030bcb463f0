package dev.clv.gateway.proxy;

import java.util.List;
import java.util.concurrent.TimeoutException;

import dev.clv.contracts.Headers;
import dev.clv.contracts.problem.Problem;
import io.netty.handler.codec.http.HttpResponseStatus;
import io.vertx.core.AsyncResult;
import io.vertx.core.Context;
import io.vertx.core.Future;
import io.vertx.core.Handler;
import io.vertx.core.Promise;
import io.vertx.core.Vertx;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.json.Json;
import io.vertx.httpproxy.Body;
import io.vertx.httpproxy.ProxyContext;
import io.vertx.httpproxy.ProxyInterceptor;
import io.vertx.httpproxy.ProxyRequest;
import io.vertx.httpproxy.ProxyResponse;

/**
 * Shapes one proxied exchange: identity headers a client made up are dropped, the body is watched on its way
 * (its end starts the upstream's time to answer), the upstream's circuit is asked first and told the outcome, and an
 * upstream that cannot be reached, answers too late or has its circuit open becomes a 502/504/503 problem naming it.
 * Only the upstream's own faults reach its circuit: a client that leaves, or whose body breaks, is nobody's fault
 * there. Any answer, 5xx included, shows the upstream reachable: a service's error is its answer to that request,
 * and one tenant's requests that make it fail must not pause it for every tenant.
 * <p>
 * The upstream's time to answer bounds the head of its answer only: the body then streams to the client chunk by
 * chunk, untimed, as the proxy pipes it (nothing here reads it). So a stream (a streaming route's server-sent events)
 * lives as long as both sides keep it; once its head has come, the upstream has answered, and whatever ends the
 * stream later, the client leaving included, is nothing its circuit learns from.
 */
final class UpstreamInterceptor implements ProxyInterceptor {
    private final String upstream;
    private final List<String> strippedHeaders;
    private final UpstreamCircuit circuit;
    private final long openSeconds;
    private final Exchange exchange;
    private final String uri;
    private final String instance;
    private final boolean streaming;
    private final Handler<AsyncResult<Void>> sent;

    /**
     * {@code uri} is what the upstream is asked for; {@code instance} the client's path, named by problems;
     * {@code streaming} marks the answer as one no proxy in front may buffer; {@code sent} learns when the proxy is
     * done with the answer, and whether it went out whole.
     */
    UpstreamInterceptor(String upstream, List<String> strippedHeaders, UpstreamCircuit circuit, long openSeconds,
            Exchange exchange, String uri, String instance, boolean streaming, Handler<AsyncResult<Void>> sent) {
        this.upstream = upstream;
        this.strippedHeaders = strippedHeaders;
        this.circuit = circuit;
        this.openSeconds = openSeconds;
        this.exchange = exchange;
        this.uri = uri;
        this.instance = instance;
        this.streaming = streaming;
        this.sent = sent;
    }

    @Override
    public Future<ProxyResponse> handleProxyRequest(ProxyContext context) {
        ProxyRequest request = context.request();
        request.setURI(uri);
        strippedHeaders.forEach(request.headers()::remove);
        Body body = request.getBody();
        if (body == null) {
            exchange.bodySent();
        } else {
            request.setBody(Body.body(new ForwardedBody(body.stream(), exchange), body.length()));
        }
        UpstreamCircuit.Permit permit = circuit.tryAcquire();
        if (permit == null) {
            boolean open = circuit.state() == UpstreamCircuit.State.OPEN;
            return Future.succeededFuture(problem(request, 503, open
                    ? "The " + upstream + " service is failing; calls to it are paused for up to " + openSeconds
                            + " s."
                    : "The " + upstream + " service is recovering; only a few trial calls reach it now.",
                    open ? openSeconds : 1));
        }
        Context eventLoop = Vertx.currentContext();
        Promise<ProxyResponse> answer = Promise.promise();
        context.sendRequest().onComplete(result -> {
            if (result.succeeded()) {
                permit.succeeded();
                ProxyResponse response = result.result();
                String rows = response.headers().get(Headers.ROWS_RECEIVED);
                response.headers().remove(Headers.ROWS_RECEIVED); // the gateway's business, not the client's
                if (streaming) {
                    // nginx and proxies like it buffer answers unless told otherwise; an event must not wait there
                    response.putHeader("X-Accel-Buffering", "no");
                }
                exchange.answered(response.getStatusCode(), rows);
                answer.complete(response);
            } else {
                // when the client leaves, its connection's close and the upstream request it cancels are handled
                // in one turn of the event loop: whose fault it was is judged after that turn
                eventLoop.runOnContext(v -> answer.complete(failed(request, result.cause(), permit)));
            }
        });
        return answer.future();
    }

    @Override
    public Future<Void> handleProxyResponse(ProxyContext context) {
        // completes once the whole body went out, or fails once the proxy gave up on it (and reset the answer)
        return context.sendResponse().andThen(sent);
    }

    private ProxyResponse failed(ProxyRequest request, Throwable failure, UpstreamCircuit.Permit permit) {
        if (exchange.clientFault() == Exchange.ClientFault.STALLED_BODY) {
            permit.abandoned();
            return problem(request, 408, "The request body stopped arriving.", 0);
        }
        if (exchange.clientFault() != Exchange.ClientFault.NONE || request.proxiedRequest().response().closed()) {
            permit.abandoned();
            return problem(request, 400, "The request was cancelled or its body could not be read.", 0);
        }
        permit.failed();
        if (failure instanceof TimeoutException) {
            return problem(request, 504, "The " + upstream + " service did not answer in time.", 0);
        }
        return problem(request, 502, "The " + upstream + " service could not be reached or closed the connection "
                + "before answering.", 0);
    }

    private ProxyResponse problem(ProxyRequest request, int status, String detail, long retryAfter) {
        // the shared problem shape (contracts), as HttpProblems writes it, naming the path the client asked for
        Problem problem = Problem.of(status, HttpResponseStatus.valueOf(status).reasonPhrase(), detail)
                .withInstance(instance);
        ProxyResponse response = request.release().response().setStatusCode(status);
        response.headers().clear();
        response.putHeader("Content-Type", Problem.MEDIA_TYPE);
        if (retryAfter > 0) {
            response.putHeader("Retry-After", Long.toString(retryAfter));
        }
        return response.setBody(Body.body(Buffer.buffer(Json.encode(problem))));
    }
}
