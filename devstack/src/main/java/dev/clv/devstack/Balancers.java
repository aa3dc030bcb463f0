package dev.clv.devstack;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Collectors;

/**
 * The replica lists {@link BalancerMain} reads, one file per balanced service: what a Kubernetes Service's
 * endpoints are. A service without a file has no balancer (the stack runs one replica of it), and changes to it
 * are ignored.
 */
final class Balancers {
    private final Path directory;

    Balancers(Path directory) {
        this.directory = directory;
    }

    Path file(String service) {
        return directory.resolve(service + ".replicas");
    }

    synchronized void write(String service, List<Integer> ports) {
        try {
            Files.createDirectories(directory);
            // written aside and moved into place, so the balancer never reads half a list
            Path next = directory.resolve(service + ".next");
            Files.writeString(next, ports.stream().map(String::valueOf).collect(Collectors.joining("\n", "", "\n")));
            Files.move(next, file(service), StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    synchronized void add(String service, int port) {
        List<Integer> ports = read(service);
        if (ports != null && !ports.contains(port)) {
            ports.add(port);
            write(service, ports);
        }
    }

    synchronized void remove(String service, int port) {
        List<Integer> ports = read(service);
        if (ports != null && ports.remove(Integer.valueOf(port))) {
            write(service, ports);
        }
    }

    /** The listed ports, or null when the service has no balancer. */
    private List<Integer> read(String service) {
        return Files.exists(file(service)) ? ports(file(service)) : null;
    }

    /** The ports a replica list names, one per line. */
    static List<Integer> ports(Path file) {
        try {
            List<Integer> ports = new ArrayList<>();
            for (String line : Files.readAllLines(file)) {
                if (!line.isBlank()) {
                    ports.add(Integer.parseInt(line.strip()));
                }
            }
            return ports;
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
