package dev.clv.bench;

import java.io.File;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;

/** A packaged service started as its own JVM, as in production, with its log under bench/target. */
final class ServiceProcess implements AutoCloseable {
    final Process process;
    final String base;

    private ServiceProcess(Process process, String base) {
        this.process = process;
        this.base = base;
    }

    /** Starts {@code module}'s quarkus-run.jar with the given heap and environment, and waits until it is ready. */
    static ServiceProcess start(Path repo, String module, String heap, int port, Map<String, String> env)
            throws Exception {
        List<String> command = new ArrayList<>(List.of("java", "-Xmx" + heap, "-XX:+UseParallelGC"));
        // -Dbench.jfr=FILE records a Flight Recorder profile of the service, to see where its time goes
        if (System.getProperty("bench.jfr") != null) {
            command.add("-XX:StartFlightRecording=settings=profile,filename=" + System.getProperty("bench.jfr") + "."
                    + module + ".jfr");
        }
        // -Dbench.agent=JAR=OPTIONS adds a Java agent (e.g. async-profiler's loader), {module} naming the service
        if (System.getProperty("bench.agent") != null) {
            command.add("-javaagent:" + System.getProperty("bench.agent").replace("{module}", module));
        }
        command.addAll(List.of("-jar", repo.resolve(module + "/target/quarkus-app/quarkus-run.jar").toString()));
        ProcessBuilder builder = new ProcessBuilder(command).redirectErrorStream(true)
                .redirectOutput(new File("bench/target/" + module + "-bench.log"));
        builder.environment().putAll(env);
        Process process = builder.start();
        Runtime.getRuntime().addShutdownHook(new Thread(process::destroy));
        ServiceProcess service = new ServiceProcess(process, "http://localhost:" + port);
        // a service with a management interface (the gateway) answers health only there
        service.awaitReady(module, env.containsKey("MANAGEMENT_PORT")
                ? "http://localhost:" + env.get("MANAGEMENT_PORT")
                : service.base);
        return service;
    }

    private void awaitReady(String module, String healthBase) throws Exception {
        HttpClient http = HttpClient.newHttpClient();
        for (int i = 0; i < 480; i++) {
            try {
                if (http.send(HttpRequest.newBuilder(URI.create(healthBase + "/q/health/ready")).build(),
                        HttpResponse.BodyHandlers.discarding()).statusCode() == 200) {
                    return;
                }
            } catch (java.io.IOException e) {
                // not listening yet
            }
            if (!process.isAlive()) {
                break;
            }
            Thread.sleep(250);
        }
        throw new IllegalStateException(module + " did not become ready; see bench/target/" + module + "-bench.log");
    }

    @Override
    public void close() throws InterruptedException {
        process.destroy();
        process.waitFor(30, TimeUnit.SECONDS);
    }
}
