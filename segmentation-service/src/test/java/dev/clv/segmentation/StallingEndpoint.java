package dev.clv.segmentation;

import java.io.IOException;
import java.io.InputStream;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * An endpoint that never answers: it takes each request, holds it for {@code holdMillis} and hangs up. It counts the
 * requests it holds at once, which are exactly the attempts in flight to it (an attempt ends when it hangs up; the
 * count drops just before, so it can read low, never high).
 */
final class StallingEndpoint implements AutoCloseable {
    private final ServerSocket server;
    private final AtomicInteger held = new AtomicInteger();
    private final AtomicInteger mostHeld = new AtomicInteger();
    private final AtomicInteger requests = new AtomicInteger();

    StallingEndpoint(long holdMillis) throws IOException {
        server = new ServerSocket(0, 1000, InetAddress.getLoopbackAddress());
        daemon(() -> {
            while (!server.isClosed()) {
                try {
                    Socket socket = server.accept();
                    daemon(() -> hold(socket, holdMillis));
                } catch (IOException closed) {
                    return;
                }
            }
        });
    }

    private static void daemon(Runnable task) {
        Thread thread = new Thread(task, "stalling-endpoint");
        thread.setDaemon(true);
        thread.start();
    }

    private void hold(Socket socket, long holdMillis) {
        try (socket; InputStream in = socket.getInputStream()) {
            // a kept-alive connection carries one request after another: each is held, none answered
            while (readHead(in)) {
                requests.incrementAndGet();
                mostHeld.accumulateAndGet(held.incrementAndGet(), Math::max);
                try {
                    Thread.sleep(holdMillis);
                } finally {
                    held.decrementAndGet();
                }
                return; // hang up
            }
        } catch (IOException | InterruptedException e) {
            // the client gave up first: that attempt is over
        }
    }

    /** Reads up to the end of a request head; false at the end of the stream. */
    private static boolean readHead(InputStream in) throws IOException {
        int matched = 0;
        for (int b = in.read(); b >= 0; b = in.read()) {
            matched = (b == '\r' && matched % 2 == 0) || (b == '\n' && matched % 2 == 1) ? matched + 1 : 0;
            if (matched == 4) {
                return true;
            }
        }
        return false;
    }

    int port() {
        return server.getLocalPort();
    }

    int mostHeld() {
        return mostHeld.get();
    }

    int requests() {
        return requests.get();
    }

    @Override
    public void close() throws IOException {
        server.close();
    }
}
