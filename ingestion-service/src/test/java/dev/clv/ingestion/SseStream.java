package dev.clv.ingestion;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import java.util.function.Predicate;

/**
 * A client of {@code GET /v1/events/stream} as a browser's EventSource reads it: the body as lines, a blank line
 * ending each message; messages without data (comments with an id) are kept too, so a test sees heartbeats and
 * ids. Each message is stamped with the time it was read.
 */
final class SseStream implements AutoCloseable {
    private static final HttpClient CLIENT = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1)
            .connectTimeout(Duration.ofSeconds(5)).build();

    /** One message: its event name (null without one), id (null without one), data (null without any), comments. */
    record Message(String event, String id, String data, List<String> comments, long readAtNanos) {
        boolean isEvent() {
            return "customer_event".equals(event);
        }

        boolean hasComment(String text) {
            return comments.contains(text);
        }
    }

    private final HttpResponse<InputStream> response;
    private final LinkedBlockingQueue<Message> messages = new LinkedBlockingQueue<>();
    private final List<Message> seen = new ArrayList<>();
    private volatile boolean ended;

    private SseStream(HttpResponse<InputStream> response) {
        this.response = response;
        if (response.statusCode() == 200) {
            Thread reader = new Thread(this::read, "sse-test-reader");
            reader.setDaemon(true);
            reader.start();
        }
    }

    /** Opens a stream and answers whatever the server answered (read the status first). */
    static SseStream open(URI uri, String token, String lastEventId) throws IOException, InterruptedException {
        return open(uri, token, lastEventId, "text/event-stream");
    }

    static SseStream open(URI uri, String token, String lastEventId, String accept) throws IOException,
            InterruptedException {
        HttpRequest.Builder request = HttpRequest.newBuilder(uri).GET().header("Accept", accept)
                .header("Cache-Control", "no-cache");
        if (token != null) {
            request.header("Authorization", "Bearer " + token);
        }
        if (lastEventId != null) {
            request.header("Last-Event-ID", lastEventId);
        }
        return new SseStream(CLIENT.send(request.build(), HttpResponse.BodyHandlers.ofInputStream()));
    }

    /** Opens a stream, trying again while the replica answers 503 (its stream consumer is still starting). */
    static SseStream connect(URI uri, String token, String lastEventId) throws Exception {
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(60);
        while (true) {
            SseStream stream = open(uri, token, lastEventId);
            if (stream.status() != 503 || System.nanoTime() > deadline) {
                if (stream.status() != 200) {
                    throw new AssertionError("the stream answered " + stream.status() + ": " + stream.body());
                }
                return stream;
            }
            stream.close();
            Thread.sleep(200);
        }
    }

    int status() {
        return response.statusCode();
    }

    HttpResponse<InputStream> response() {
        return response;
    }

    /** The whole body of an answer that is not a stream. */
    String body() throws IOException {
        try (InputStream in = response.body()) {
            return new String(in.readAllBytes(), StandardCharsets.UTF_8);
        }
    }

    private void read() {
        try (BufferedReader lines = new BufferedReader(new InputStreamReader(response.body(),
                StandardCharsets.UTF_8))) {
            String event = null;
            String id = null;
            StringBuilder data = null;
            List<String> comments = new ArrayList<>();
            String line;
            while ((line = lines.readLine()) != null) {
                if (line.isEmpty()) {
                    if (event != null || id != null || data != null || !comments.isEmpty()) {
                        messages.add(new Message(event, id, data == null ? null : data.toString(), comments,
                                System.nanoTime()));
                    }
                    event = null;
                    id = null;
                    data = null;
                    comments = new ArrayList<>();
                } else if (line.startsWith(":")) {
                    comments.add(line.substring(1).strip());
                } else {
                    int colon = line.indexOf(':');
                    String field = colon < 0 ? line : line.substring(0, colon);
                    String value = colon < 0 ? "" : line.substring(colon + 1);
                    value = value.startsWith(" ") ? value.substring(1) : value;
                    switch (field) {
                        case "event" -> event = value;
                        case "id" -> id = value;
                        case "data" -> data = data == null ? new StringBuilder(value) : data.append('\n').append(value);
                        default -> {
                        }
                    }
                }
            }
        } catch (IOException e) {
            // closed by the test, or by the server
        } finally {
            ended = true;
        }
    }

    /** The next message read, waiting at most {@code timeout}; null if none came. */
    Message next(Duration timeout) throws InterruptedException {
        Message m = messages.poll(timeout.toMillis(), TimeUnit.MILLISECONDS);
        if (m != null) {
            seen.add(m);
        }
        return m;
    }

    /** Reads until a message matches; fails after {@code timeout}. Every message read is kept in {@link #seen()}. */
    Message until(Predicate<Message> wanted, Duration timeout, String what) throws InterruptedException {
        long deadline = System.nanoTime() + timeout.toNanos();
        while (System.nanoTime() < deadline) {
            Message m = next(Duration.ofNanos(Math.max(1, deadline - System.nanoTime())));
            if (m != null && wanted.test(m)) {
                return m;
            }
        }
        throw new AssertionError("no " + what + " within " + timeout + "; read: " + seen);
    }

    /** Every message read so far by {@link #next} and {@link #until}. */
    List<Message> seen() {
        return seen;
    }

    /** The last id the client saw, as an EventSource would send it on reconnecting. */
    String lastId() {
        String id = null;
        for (Message m : seen) {
            if (m.id() != null) {
                id = m.id();
            }
        }
        return id;
    }

    boolean ended() {
        return ended;
    }

    @Override
    public void close() throws IOException {
        response.body().close();
    }
}
