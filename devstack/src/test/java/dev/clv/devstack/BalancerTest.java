package dev.clv.devstack;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.io.IOException;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import com.sun.net.httpserver.HttpServer;

/**
 * The local stack's balancer against real HTTP servers: new connections take the replicas in turn, a connection
 * stays on its replica, a replica that is gone is skipped, and the replica list is read again when it changes.
 */
class BalancerTest {
    private final List<HttpServer> replicas = new ArrayList<>();
    private ServerSocket front;

    @TempDir
    Path dir;

    @AfterEach
    void stop() throws IOException {
        replicas.forEach(r -> r.stop(0));
        if (front != null) {
            front.close();
        }
    }

    @Test
    void balancesConnectionsSkipsDeadReplicasAndFollowsTheList() throws Exception {
        HttpServer a = replica("a");
        HttpServer b = replica("b");
        Balancers balancers = new Balancers(dir);
        balancers.write("svc", List.of(a.getAddress().getPort(), b.getAddress().getPort()));
        String url = start(balancers.file("svc"));

        // a new client is a new connection: the replicas answer in turn, whatever the first one was
        List<String> answers = new ArrayList<>();
        for (int i = 0; i < 4; i++) {
            answers.add(get(HttpClient.newHttpClient(), url));
        }
        assertEquals(2, answers.stream().filter("a"::equals).count(), answers.toString());
        assertEquals(2, answers.stream().filter("b"::equals).count(), answers.toString());
        for (int i = 0; i < 3; i++) {
            assertEquals(answers.get(i).equals("a") ? "b" : "a", answers.get(i + 1), "in turn: " + answers);
        }

        // one client keeps its connection, so its replica
        HttpClient kept = HttpClient.newHttpClient();
        String first = get(kept, url);
        for (int i = 0; i < 5; i++) {
            assertEquals(first, get(kept, url));
        }

        // a crashed replica refuses connections: every new one goes to the other
        a.stop(0);
        for (int i = 0; i < 4; i++) {
            assertEquals("b", get(HttpClient.newHttpClient(), url));
        }

        // a replica added to the list takes its share; a replica removed takes none
        HttpServer c = replica("c");
        balancers.add("svc", c.getAddress().getPort());
        List<String> later = new ArrayList<>();
        for (int i = 0; i < 6; i++) {
            later.add(get(HttpClient.newHttpClient(), url));
        }
        assertEquals(3, later.stream().filter("c"::equals).count(), later.toString());
        balancers.remove("svc", b.getAddress().getPort());
        for (int i = 0; i < 4; i++) {
            assertEquals("c", get(HttpClient.newHttpClient(), url));
        }

        // no replica left: the client's connection is closed, not left hanging
        c.stop(0);
        assertThrows(IOException.class, () -> get(HttpClient.newHttpClient(), url));
    }

    private HttpServer replica(String name) throws IOException {
        HttpServer server = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 16);
        server.createContext("/", exchange -> {
            byte[] body = name.getBytes(StandardCharsets.UTF_8);
            exchange.sendResponseHeaders(200, body.length);
            exchange.getResponseBody().write(body);
            exchange.close();
        });
        server.start();
        replicas.add(server);
        return server;
    }

    private String start(Path file) throws IOException {
        front = new ServerSocket(0);
        Thread t = new Thread(() -> {
            try {
                BalancerMain.serve(front, file);
            } catch (IOException e) {
                throw new java.io.UncheckedIOException(e);
            }
        }, "balancer");
        t.setDaemon(true);
        t.start();
        return "http://localhost:" + front.getLocalPort() + "/";
    }

    private static String get(HttpClient client, String url) throws IOException, InterruptedException {
        return client.send(HttpRequest.newBuilder(URI.create(url)).build(), HttpResponse.BodyHandlers.ofString())
                .body();
    }
}
