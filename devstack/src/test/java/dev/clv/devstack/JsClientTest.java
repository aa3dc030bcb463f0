package dev.clv.devstack;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.concurrent.TimeUnit;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

/**
 * The JavaScript client's integration tests (clients/js/test/integration, with Node) against the whole platform:
 * seed 003's examples through the gateway, including a tracked event arriving on the live stream within a second.
 * Where Node.js is absent the build leaves the client out (clients/js/npm-if-present.sh), and so does this test.
 */
@ExtendWith(SharedStack.class)
class JsClientTest {

    @Test
    void theJavaScriptClientsIntegrationTestsPassAgainstThePlatform() throws Exception {
        Path client = Path.of(System.getProperty("clv.repo.root")).resolve("clients/js");
        assumeTrue(onPath("npm"), "Node.js is needed");
        // with Node the build made dist/ before this module (devstack depends on js-client for that order)
        assertTrue(Files.isDirectory(client.resolve("dist")), "clients/js/dist was not built before this test");
        Stack stack = SharedStack.stack();
        Path log = Files.createTempFile("js-client-integration", ".log");
        ProcessBuilder npm = new ProcessBuilder("npm", "run", "test:integration").directory(client.toFile())
                .redirectErrorStream(true).redirectOutput(log.toFile());
        npm.environment().put("CLV_BASE_URL", stack.url("gateway"));
        npm.environment().put("CLV_TOKEN", stack.token("js-client-e2e"));
        Process run = npm.start();
        boolean ended = run.waitFor(5, TimeUnit.MINUTES);
        if (!ended) {
            run.destroyForcibly();
        }
        String output = Files.readString(log, StandardCharsets.UTF_8);
        System.out.println(output);
        assertEquals(0, ended ? run.exitValue() : -1, "npm run test:integration:\n" + output);
    }

    private static boolean onPath(String command) {
        String path = System.getenv("PATH");
        return path != null && java.util.Arrays.stream(path.split(java.io.File.pathSeparator))
                .anyMatch(dir -> Files.isExecutable(Path.of(dir, command)));
    }
}
