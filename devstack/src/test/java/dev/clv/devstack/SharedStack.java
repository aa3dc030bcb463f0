package dev.clv.devstack;

import static org.junit.jupiter.api.Assertions.assertFalse;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.ServerSocket;
import java.nio.file.Path;
import java.util.Map;

import org.junit.jupiter.api.extension.BeforeAllCallback;
import org.junit.jupiter.api.extension.ExtensionContext;

/**
 * The whole platform as ./stack starts it, started once for all the platform test classes of a run (each class
 * uses tenants of its own) and stopped after the last one, checking that ./stack down leaves no part running.
 */
public final class SharedStack implements BeforeAllCallback {
    private static volatile Stack stack;

    /** The running stack; only valid in a class extended with this. */
    static Stack stack() {
        return stack;
    }

    @Override
    public void beforeAll(ExtensionContext context) {
        context.getRoot().getStore(ExtensionContext.Namespace.GLOBAL)
                .getOrComputeIfAbsent(SharedStack.class, key -> new Running(start()), Running.class);
    }

    private static Stack start() {
        Path repo = Path.of(System.getProperty("clv.repo.root"));
        int gatewayPort;
        try (ServerSocket socket = new ServerSocket(0)) {
            gatewayPort = socket.getLocalPort();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        Stack started = new Stack(repo, repo.resolve("devstack/target/e2e-stack"),
                Path.of(System.getProperty("clv.keycloak.archive")),
                Map.of("GATEWAY_PORT", Integer.toString(gatewayPort)));
        started.down(System.out, true);
        started.up(System.out);
        stack = started;
        return started;
    }

    /** Stops the stack when the run ends (JUnit closes what the root store holds). */
    private record Running(Stack stack) implements ExtensionContext.Store.CloseableResource {
        @Override
        public void close() {
            stack.down(System.out, false);
            String marker = "-Dclv.stack.part=";
            String home = stack.home().toString();
            boolean leftover = ProcessHandle.allProcesses().anyMatch(p -> p.info().commandLine()
                    .map(cmd -> cmd.contains(marker) && cmd.contains(home)).orElse(false));
            assertFalse(leftover, "./stack down must stop every part it started");
        }
    }
}
