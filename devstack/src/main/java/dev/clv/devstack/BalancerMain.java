package dev.clv.devstack;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.atomic.AtomicLong;

/**
 * A round-robin TCP balancer in front of a service's replicas on the local stack, doing what a Kubernetes Service
 * does: each new connection goes to the next replica listed (a file the stack rewrites as replicas come and go,
 * like a Service's endpoints), skipping one that refuses it (a crashed replica), and stays on it for its life.
 * <p>
 * Written by hand: an HTTP proxy library would balance each request, which is not what the platform meets in
 * Kubernetes (connection-level balancing with keep-alive pools), and the local stack needs no more than this.
 */
public final class BalancerMain {
    private static final int CONNECT_TIMEOUT_MILLIS = 1000;
    private final Path backendsFile;
    private final AtomicLong next = new AtomicLong();
    private volatile List<Integer> backends = List.of();

    private BalancerMain(Path backendsFile) {
        this.backendsFile = backendsFile;
    }

    /** {@code args}: the port to listen on, the file listing the replicas' ports (one per line). */
    public static void main(String[] args) throws IOException {
        try (ServerSocket server = new ServerSocket()) {
            server.setReuseAddress(true);
            server.bind(new InetSocketAddress(Integer.parseInt(args[0])), 512);
            System.out.println("balancing port " + args[0] + " over the replicas in " + args[1]);
            serve(server, Path.of(args[1]));
        }
    }

    /** Accepts connections on {@code server} until it is closed, each balanced over the replicas {@code file} lists. */
    static void serve(ServerSocket server, Path file) throws IOException {
        BalancerMain balancer = new BalancerMain(file);
        while (!server.isClosed()) {
            Socket client;
            try {
                client = server.accept();
            } catch (java.net.SocketException closed) {
                return;
            }
            Thread t = new Thread(() -> balancer.serve(client), "balance-" + client.getPort());
            t.setDaemon(true);
            t.start();
        }
    }

    private void serve(Socket client) {
        Socket backend = connect();
        if (backend == null) {
            close(client, null);
            return;
        }
        try {
            client.setTcpNoDelay(true);
            backend.setTcpNoDelay(true);
        } catch (IOException e) {
            close(client, backend);
            return;
        }
        Thread up = new Thread(() -> pump(client, backend), "up-" + client.getPort());
        up.setDaemon(true);
        up.start();
        pump(backend, client);
        try {
            up.join();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        close(client, backend);
    }

    /** The next replica in turn that accepts a connection, or null when none does. */
    private Socket connect() {
        List<Integer> ports = current();
        for (int tried = 0; tried < ports.size(); tried++) {
            int port = ports.get((int) (next.getAndIncrement() % ports.size()));
            Socket socket = new Socket();
            try {
                socket.connect(new InetSocketAddress("localhost", port), CONNECT_TIMEOUT_MILLIS);
                return socket;
            } catch (IOException e) {
                close(socket, null);
                System.out.println("replica on port " + port + " refused a connection (" + e.getMessage()
                        + "); trying the next");
            }
        }
        System.out.println("no replica accepted a connection; closing the client's");
        return null;
    }

    /**
     * The replicas listed now. Read again for every connection (a few bytes; connections are kept alive, so this is
     * not per request): a file's modification time is too coarse to tell two quick rewrites apart.
     */
    private List<Integer> current() {
        List<Integer> ports = Balancers.ports(backendsFile);
        if (!ports.equals(backends)) {
            System.out.println("replicas: " + ports);
            backends = List.copyOf(ports);
        }
        return backends;
    }

    /** Copies one direction until its end, then half-closes the other side so the peer sees the end too. */
    private static void pump(Socket from, Socket to) {
        byte[] buffer = new byte[16 * 1024];
        try {
            InputStream in = from.getInputStream();
            OutputStream out = to.getOutputStream();
            for (int n; (n = in.read(buffer)) >= 0;) {
                out.write(buffer, 0, n);
            }
            to.shutdownOutput();
        } catch (IOException e) {
            // a side reset or closed: end both, as the peer of a crashed replica sees its connection end
            close(from, to);
        }
    }

    private static void close(Socket a, Socket b) {
        for (Socket s : new Socket[]{a, b}) {
            if (s != null) {
                try {
                    s.close();
                } catch (IOException ignored) {
                    // already closed
                }
            }
        }
    }
}
