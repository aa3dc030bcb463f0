package dev.clv.devstack;

import java.io.IOException;
import java.io.PrintStream;
import java.io.UncheckedIOException;
import java.net.ServerSocket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.GeneralSecurityException;
import java.security.KeyPair;
import java.security.KeyPairGenerator;
import java.time.Duration;
import java.util.Base64;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;

/**
 * The local platform: PostgreSQL, Kafka, Keycloak, then the five services, each started as its own process and
 * awaited before the next, so two cores are never asked to boot everything at once (with REPLICAS=n, a service's
 * replicas start together, behind a balancer of their own).
 */
public final class Stack {
    /** The services in start order (the gateway last, once everything behind it answers). */
    static final List<String> SERVICES = List.of("ingestion-service", "analytics-service", "prediction-service",
            "segmentation-service", "console", "gateway");
    /** The services the stack starts, in start order (benchmarks copy exactly these). */
    public static List<String> services() {
        return SERVICES;
    }

    /**
     * The services with a schema and a database role of their own: every one, the console too (its scheduled reports
     * and the users' encrypted offline tokens they are rendered with, in schema console).
     */
    static final List<String> DATABASE_SERVICES = SERVICES;

    /**
     * The PostgreSQL launcher's heap: unpacking the server binaries on a machine's first start (an xz archive)
     * needs about 100 MB; 48 MB ran out of memory on a clean machine (PostgresLauncherTest starts it that way).
     */
    static final String POSTGRES_HEAP = "-Xmx160m";

    private final Path repo;
    private final Path home;
    private final Path keycloakArchive;
    private final Map<String, String> env;
    private final ProcessLauncher launcher;
    /** How each part of this instance was started, so a test can kill one and start it again the same way. */
    private final Map<String, Launch> launches = new HashMap<>();
    private final Balancers balancers;
    /** Every port this stack gave a part or was given for one, so that no two parts get the same. */
    private final java.util.Set<Integer> handedOut = java.util.concurrent.ConcurrentHashMap.newKeySet();

    private record Launch(int port, String readyUrl, List<String> command, Map<String, String> env,
            Duration timeout) {
    }

    /** {@code env} supplies port overrides (GATEWAY_PORT, KEYCLOAK_PORT, ...); unset ports are picked free. */
    public Stack(Path repo, Path home, Path keycloakArchive, Map<String, String> env) {
        this.repo = repo.toAbsolutePath().normalize();
        this.home = home.toAbsolutePath().normalize();
        this.keycloakArchive = keycloakArchive;
        this.env = env;
        this.launcher = new ProcessLauncher(this.home);
        this.balancers = new Balancers(this.home.resolve("data/balancers"));
    }

    public Path home() {
        return home;
    }

    /** Starts every part; on any failure stops what it started and throws with the failing part's log. */
    public void up(PrintStream out) {
        StackState state = StackState.load(home);
        if (!state.isEmpty()) {
            if (state.parts().stream().anyMatch(p -> launcher.isOurs(p.name(), p.pid()))) {
                throw new StackException("The platform is already running (./stack status, ./stack down).");
            }
            state.delete();
        }
        deleteTree(home.resolve("data/balancers")); // a last up's replica lists name ports long gone
        int gatewayPort = port("GATEWAY_PORT", 8080);
        ensureFree(gatewayPort, "GATEWAY_PORT");
        for (String service : SERVICES) {
            if (!Files.exists(quarkusApp(service))) {
                throw new StackException(quarkusApp(service) + " is missing; build first: ./mvnw install -DskipTests");
            }
        }
        try {
            int pg = port("POSTGRES_PORT", 0);
            start(state, out, "postgres", pg, null, javaCommand("postgres", POSTGRES_HEAP, PostgresMain.class,
                    Integer.toString(pg), postgresData().toString()), Map.of(), Duration.ofSeconds(200));
            // each service logs in with a role of its own that can read only its own schema (docs/privacy.md)
            Map<String, DatabaseRoles.Credentials> credentials = new DatabaseRoles(pg, postgresData()).ensure();
            String kafka = kafka(state, out);
            int kc = port("KEYCLOAK_PORT", 0);
            int kcManagement = port("KEYCLOAK_MANAGEMENT_PORT", 0);
            if (!KeycloakServer.isUnpacked(home)) {
                out.println("  (first start unpacks and builds Keycloak: about a minute)");
            }
            Path distribution = KeycloakServer.prepare(home, keycloakArchive);
            start(state, out, "keycloak", kc, "http://localhost:" + kcManagement + "/health/ready",
                    KeycloakServer.command(distribution, kc, kcManagement),
                    KeycloakServer.environment(launcher.marker("keycloak")), Duration.ofSeconds(240));
            String issuer = "http://localhost:" + kc + "/realms/" + KeycloakServer.REALM;
            state.url("keycloak", "http://localhost:" + kc);
            // the console's login may return only to this gateway's /app/callback: exact, never a pattern
            new KeycloakTokens("http://localhost:" + kc).consoleRedirects("http://localhost:" + gatewayPort);

            Map<String, String> common = new HashMap<>(Map.of(
                    "DB_JDBC_URL", "jdbc:postgresql://localhost:" + pg + "/" + DatabaseRoles.DATABASE,
                    "DB_REACTIVE_URL", "postgresql://localhost:" + pg + "/" + DatabaseRoles.DATABASE,
                    "KAFKA_BOOTSTRAP_SERVERS", kafka, "OIDC_ISSUER_URL", issuer));
            common.putAll(tracing(state, out));
            // API-key calls reach the services with tokens the gateway signs: a key pair made for this run
            KeyPair apiKeyTokens = apiKeyTokenKeys();
            common.put("API_KEY_TOKENS_ENABLED", "true");
            common.put("API_KEY_PUBLIC_KEY", Base64.getEncoder().encodeToString(apiKeyTokens.getPublic().getEncoded()));
            int replicas = replicas();
            for (String service : SERVICES) {
                int port = service.equals("gateway") ? gatewayPort : port(envName(service), 0);
                common.put(service.replace("-service", "").toUpperCase() + "_URL", "http://localhost:" + port);
                Map<String, String> env = new HashMap<>(common);
                if (credentials.containsKey(service)) {
                    env.put("DB_USER", credentials.get(service).user());
                    env.put("DB_PASSWORD", credentials.get(service).password());
                }
                if (service.equals("console")) {
                    // the console calls the public API as each user, through the one front door
                    env.put("GATEWAY_URL", "http://localhost:" + gatewayPort);
                    // its users page calls Keycloak's admin API as the realm's client clv-console-users
                    env.put("KEYCLOAK_URL", "http://localhost:" + kc);
                    env.put("CONSOLE_USERS_CLIENT_SECRET", KeycloakTokens.CONSOLE_USERS_SECRET);
                }
                if (service.equals("gateway")) {
                    // the local stack is for building and demos, not for meeting quotas (README: rate limits)
                    env.put("RATE_LIMIT_DEFAULT_TIER", "enterprise");
                    env.put("GATEWAY_SIGNING_KEY",
                            Base64.getEncoder().encodeToString(apiKeyTokens.getPrivate().getEncoded()));
                }
                if (service.equals("ingestion-service")) {
                    // a tenant may ask for pseudonymised fields; their key is the stack's own, kept with its data
                    env.put("PSEUDONYMISATION_KEY", PseudonymisationKey.of(home));
                }
                if (service.equals("segmentation-service")) {
                    // local receivers (a script on this machine) may take webhooks over plain http: README, webhooks
                    env.put("WEBHOOKS_ALLOW_LOOPBACK_HTTP", "true");
                }
                if (replicas == 1) {
                    awaitService(out, launchService(state, service, service, port, env));
                    continue;
                }
                // REPLICAS=n: n replicas on ports of their own behind a balancer on the service's port, all
                // started before any is awaited (Flyway's lock lets one migrate while the others wait)
                List<Part> parts = new ArrayList<>();
                for (int r = 1; r <= replicas; r++) {
                    parts.add(launchService(state, r == 1 ? service : service + "-" + r, service, freePort(), env));
                }
                balancers.write(service, parts.stream().map(Part::port).toList());
                start(state, out, service + "-lb", port, null, javaCommand(service + "-lb", "-Xmx32m",
                        BalancerMain.class, Integer.toString(port), balancers.file(service).toString()), Map.of(),
                        Duration.ofSeconds(30));
                parts.forEach(part -> awaitService(out, part));
                parts.stream().skip(1).forEach(part -> state.url(part.name(), "http://localhost:" + part.port()));
            }
            state.url("gateway", "http://localhost:" + gatewayPort);
        } catch (RuntimeException e) {
            down(out, false);
            throw e;
        }
    }

    /**
     * Launches one replica of a service as part {@code name} on {@code port} with the service's environment; the
     * gateway's health answers on a management port of its own, picked just before it starts, as a free port picked
     * minutes earlier can be taken meanwhile (an outgoing connection's ephemeral port took it once).
     */
    private Part launchService(StackState state, String name, String service, int port, Map<String, String> env) {
        // prediction trains and generates sample data in memory; the others stream
        String heap = service.equals("prediction-service")
                ? "-Xmx512m"
                : service.equals("console") ? "-Xmx192m" : "-Xmx256m";
        List<String> command = List.of(java(), heap, "-XX:+UseSerialGC", launcher.marker(name), "-jar",
                quarkusApp(service).toString());
        Map<String, String> partEnv = new HashMap<>(env);
        partEnv.put(envName(service), Integer.toString(port));
        int health = port;
        if (service.equals("gateway")) {
            health = name.equals(service) ? port("GATEWAY_MANAGEMENT_PORT", 0) : freePort();
            partEnv.put("MANAGEMENT_PORT", Integer.toString(health));
        }
        return launch(state, name, port, "http://localhost:" + health + healthPath(service), command, partEnv,
                Duration.ofSeconds(180));
    }

    /** Where a service answers its readiness: the console serves everything under /app. */
    private static String healthPath(String service) {
        return service.equals("console") ? "/app/q/health/ready" : "/q/health/ready";
    }

    private void awaitService(PrintStream out, Part part) {
        awaitReady(out, part, System.nanoTime(), Duration.ofSeconds(180));
    }

    /** REPLICAS: how many replicas of each service the stack runs (1 by default; 2 or 3 behind balancers). */
    private int replicas() {
        int replicas = Integer.parseInt(env.getOrDefault("REPLICAS", "1").strip());
        if (replicas < 1 || replicas > 3) {
            throw new StackException("REPLICAS is 1, 2 or 3 (each replica is a JVM on this machine)");
        }
        return replicas;
    }

    /**
     * Kafka: one broker ("kafka"), or with KAFKA_BROKERS=3 (or 5) a KRaft cluster of that many nodes ("kafka-1", …)
     * with deploy/'s durability (three replicas, two in sync), all started before any is awaited, as a node is ready
     * only once a quorum is. Each keeps its log under data/, so a restart within this run loses nothing it
     * acknowledged; each up starts from empty logs, as local Kafka is scratch across ups (KafkaMain). Answers the
     * bootstrap servers.
     */
    private String kafka(StackState state, PrintStream out) {
        int brokers = Integer.parseInt(env.getOrDefault("KAFKA_BROKERS", "1").strip());
        Path logs = home.resolve("data/kafka");
        deleteTree(logs);
        if (brokers == 1) {
            int port = port("KAFKA_PORT", 0);
            start(state, out, "kafka", port, null, javaCommand("kafka", "-Xmx320m", KafkaMain.class, Integer
                    .toString(port), Integer.toString(port("KAFKA_CONTROLLER_PORT", 0)), logs.toString()), Map.of(),
                    Duration.ofSeconds(90));
            return "localhost:" + port;
        }
        if (brokers != 3 && brokers != 5) {
            throw new StackException("KAFKA_BROKERS is 1, 3 or 5 (a cluster needs an odd quorum)");
        }
        int[] ports = new int[brokers];
        List<String> voters = new ArrayList<>();
        for (int i = 0; i < brokers; i++) {
            ports[i] = freePort();
            voters.add((i + 1) + "@localhost:" + freePort());
        }
        List<String> bootstrap = new ArrayList<>();
        List<Part> nodes = new ArrayList<>();
        for (int i = 0; i < brokers; i++) {
            String name = "kafka-" + (i + 1);
            String controller = voters.get(i).substring(voters.get(i).lastIndexOf(':') + 1);
            nodes.add(launch(state, name, ports[i], null, javaCommand(name, "-Xmx320m", KafkaMain.class, Integer
                    .toString(ports[i]), controller, logs.resolve(name).toString(), Integer.toString(i + 1),
                    String
                            .join(",", voters)),
                    Map.of(), Duration.ofSeconds(120)));
            bootstrap.add("localhost:" + ports[i]);
        }
        for (Part node : nodes) {
            awaitReady(out, node, System.nanoTime(), Duration.ofSeconds(120));
        }
        return String.join(",", bootstrap);
    }

    /**
     * The services' tracing: to the collector at OTEL_EXPORTER_OTLP_ENDPOINT when one is set, else to the stack's
     * own trace sink ({@link TraceSinkMain}), started here, which writes every span to logs/traces.log.
     */
    private Map<String, String> tracing(StackState state, PrintStream out) {
        String collector = env.get("OTEL_EXPORTER_OTLP_ENDPOINT");
        if (collector != null && !collector.isBlank()) {
            return Map.of("OTEL_SDK_DISABLED", "false", "OTEL_EXPORTER_OTLP_ENDPOINT", collector,
                    "OTEL_EXPORTER_OTLP_PROTOCOL", env.getOrDefault("OTEL_EXPORTER_OTLP_PROTOCOL", "grpc"));
        }
        int sink = port("TRACES_PORT", 0);
        start(state, out, "traces", sink, null, javaCommand("traces", "-Xmx64m", TraceSinkMain.class,
                Integer.toString(sink)), Map.of(), Duration.ofSeconds(60));
        return Map.of("OTEL_SDK_DISABLED", "false", "OTEL_EXPORTER_OTLP_ENDPOINT", "http://localhost:" + sink,
                "OTEL_EXPORTER_OTLP_PROTOCOL", "http/protobuf");
    }

    /**
     * Stops every part this stack started: the services together first, then the infrastructure together, so
     * no service sees its database vanish while it still serves; {@code purge} also deletes the stored data.
     */
    public void down(PrintStream out, boolean purge) {
        StackState state = StackState.load(home);
        List<Part> services = state.parts().stream().filter(p -> serviceOf(p.name()) != null).toList();
        List<Part> infrastructure = state.parts().stream().filter(p -> serviceOf(p.name()) == null).toList();
        for (List<Part> wave : List.of(services, infrastructure)) {
            List<String> stopped = launcher.stopAll(wave, Duration.ofSeconds(30));
            wave.forEach(
                    p -> out.println("  " + p.name() + (stopped.contains(p.name()) ? " stopped" : " was not running")));
        }
        stopOrphanedPostgres(out);
        state.delete();
        if (purge) {
            deleteTree(home.resolve("data"));
            try (Stream<Path> dists = Files.exists(home.resolve("keycloak"))
                    ? Files.list(home.resolve("keycloak"))
                    : Stream.empty()) {
                dists.forEach(d -> deleteTree(d.resolve("data/h2")));
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
            out.println("  stored data deleted");
        }
    }

    /**
     * The PostgreSQL server outlives its launcher JVM if that JVM is killed hard; one still serving this stack's
     * data directory (its command line names it) is stopped too, or the next start would find the directory locked.
     */
    private void stopOrphanedPostgres(PrintStream out) {
        try {
            postgresServer().ifPresent(p -> {
                p.destroy();
                p.onExit().orTimeout(30, java.util.concurrent.TimeUnit.SECONDS).join();
                out.println("  orphaned postgres server stopped");
            });
        } catch (IOException | RuntimeException e) {
            out.println("  could not check " + postgresData().resolve("postmaster.pid") + ": " + e.getMessage());
        }
    }

    /**
     * SIGKILLs the PostgreSQL server serving this stack's data directory and its backends, as a crash of the
     * database would; PostgreSQL recovers from its WAL on the next start. Answers whether one was running.
     */
    private boolean killPostgresServer() {
        try {
            return postgresServer().map(p -> {
                List<ProcessHandle> backends = p.descendants().toList();
                p.destroyForcibly();
                backends.forEach(ProcessHandle::destroyForcibly);
                p.onExit().join();
                backends.forEach(b -> b.onExit().join());
                return true;
            }).orElse(false);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** The server named by the data directory's postmaster.pid, if it runs and its command line names that directory. */
    private java.util.Optional<ProcessHandle> postgresServer() throws IOException {
        Path data = postgresData();
        Path pidFile = data.resolve("postmaster.pid");
        if (!Files.exists(pidFile)) {
            return java.util.Optional.empty();
        }
        long pid = Long.parseLong(Files.readAllLines(pidFile).get(0).strip());
        return ProcessHandle.of(pid).filter(p -> p.info().commandLine().map(c -> c.contains(data.toString()))
                .orElse(false));
    }

    private Path postgresData() {
        return home.resolve("data/postgres");
    }

    /** One line per part: name, pid, port, whether it is running and ready, and its log. */
    public List<String> status() {
        return StackState.load(home).parts().stream().map(p -> String.format("%-22s pid %-8d port %-6d %-9s %s",
                p.name(), p.pid(), p.port(), !launcher.isOurs(p.name(), p.pid())
                        ? "stopped"
                        : Readiness.isReady(p) ? "ready" : "starting",
                p.log())).toList();
    }

    /**
     * SIGKILLs one part (and its children) without any chance to clean up, as a crash would. For "postgres" that is
     * the launcher JVM and the server it started, which is no child of it (pg_ctl detaches it), with its backends.
     */
    public void kill(String name) {
        Part part = StackState.load(home).parts().stream().filter(p -> p.name().equals(name)).findFirst()
                .orElseThrow(() -> new StackException(name + " is not running"));
        ProcessHandle.of(part.pid()).ifPresent(p -> {
            p.descendants().forEach(ProcessHandle::destroyForcibly);
            p.destroyForcibly();
            p.onExit().join();
        });
        if (name.equals("postgres")) {
            killPostgresServer();
        }
    }

    /**
     * Starts a part this instance started before, the same way, and waits until it is ready again. A PostgreSQL
     * server left running by a launcher that died alone is killed first, or the new one would find its data
     * directory locked and its port taken.
     */
    public void restart(String name, PrintStream out) {
        Launch launch = launches.get(name);
        if (launch == null) {
            throw new StackException(name + " was not started by this instance");
        }
        if (name.equals("postgres") && killPostgresServer()) {
            out.println("  orphaned postgres server killed before the restart");
        }
        StackState state = StackState.load(home);
        state.parts().removeIf(p -> p.name().equals(name));
        start(state, out, name, launch.port(), launch.readyUrl(), launch.command(), launch.env(), launch.timeout());
    }

    /**
     * Starts one more replica of a service this instance started, as part {@code name} ("segmentation-service-2"):
     * the same command and environment with ports of its own, plus {@code extraEnv}; waits until it is ready and
     * answers its port. Replicas of a consumer share its groups, so Kafka rebalances the partitions among them.
     */
    public int startReplica(String service, String name, Map<String, String> extraEnv, PrintStream out) {
        Launch original = launches.get(service);
        if (original == null || !service.equals(serviceOf(name)) || name.equals(service)) {
            throw new StackException(name + " is no replica name of a service this instance started");
        }
        int port = freePort();
        Map<String, String> partEnv = new HashMap<>(original.env());
        partEnv.put(envName(service), Integer.toString(port));
        int health = port;
        if (service.equals("gateway")) {
            health = freePort();
            partEnv.put("MANAGEMENT_PORT", Integer.toString(health));
        }
        partEnv.putAll(extraEnv);
        List<String> command = original.command().stream().map(arg -> arg.equals(launcher.marker(service))
                ? launcher.marker(name)
                : arg).toList();
        StackState state = StackState.load(home);
        start(state, out, name, port, "http://localhost:" + health + healthPath(service), command, partEnv,
                original.timeout());
        state.url(name, "http://localhost:" + port);
        balancers.add(service, port); // once ready, as a Service lists a pod once its readiness probe passes
        return port;
    }

    /** Stops one part as Kubernetes scales a Deployment in: SIGTERM, a graceful shutdown, then it is forgotten. */
    public void stop(String name) {
        StackState state = StackState.load(home);
        List<Part> parts = state.parts().stream().filter(p -> p.name().equals(name)).toList();
        if (parts.isEmpty()) {
            throw new StackException(name + " is not running");
        }
        String service = serviceOf(name);
        if (service != null) {
            balancers.remove(service, parts.get(0).port()); // out of the endpoints before it is told to stop
        }
        launcher.stopAll(parts, Duration.ofSeconds(30));
        state.remove(name);
    }

    /** The service a part is, or a replica of ("gateway-2" is the gateway's); null for infrastructure. */
    static String serviceOf(String part) {
        String base = part.replaceFirst("-\\d+$", "");
        return SERVICES.contains(part) ? part : SERVICES.contains(base) ? base : null;
    }

    /** The environment this instance started a part with (a test logs in as a service's database role). */
    public Map<String, String> environment(String name) {
        Launch launch = launches.get(name);
        if (launch == null) {
            throw new StackException(name + " was not started by this instance");
        }
        return launch.env();
    }

    public String url(String name) {
        return StackState.load(home).url(name);
    }

    /** The port a part of the running stack listens on (as {@code ./stack status} shows it). */
    public int port(String name) {
        return StackState.load(home).parts().stream().filter(p -> p.name().equals(name)).findFirst()
                .orElseThrow(() -> new StackException(name + " is not running")).port();
    }

    /** A bearer token for {@code tenant} ("demo" uses the realm's demo client). */
    public String token(String tenant) {
        return tokens().tenantToken(tenant);
    }

    /**
     * A bearer token for {@code tenant} whose client also carries the claim {@code tier} (free, pro, enterprise),
     * which the gateway's quotas take before the default tier ./stack sets; that client is made on first use.
     */
    public String token(String tenant, String tier) {
        return tokens().tenantToken(tenant, tier);
    }

    private KeycloakTokens tokens() {
        String keycloak = url("keycloak");
        if (keycloak == null) {
            throw new StackException("The platform is not running: ./stack up");
        }
        return new KeycloakTokens(keycloak);
    }

    private void start(StackState state, PrintStream out, String name, int port, String readyUrl,
            List<String> command, Map<String, String> partEnv, Duration timeout) {
        long began = System.nanoTime();
        awaitReady(out, launch(state, name, port, readyUrl, command, partEnv, timeout), began, timeout);
    }

    /** Starts a part and records it, without waiting for it. */
    private Part launch(StackState state, String name, int port, String readyUrl, List<String> command,
            Map<String, String> partEnv, Duration timeout) {
        launches.put(name, new Launch(port, readyUrl, command, partEnv, timeout));
        Path log = home.resolve("logs").resolve(name + ".log");
        long pid = launcher.start(command, partEnv, log, repo);
        Part part = new Part(name, pid, port, readyUrl, log);
        state.add(part);
        return part;
    }

    private void awaitReady(PrintStream out, Part part, long began, Duration timeout) {
        out.printf("  starting %-24s", part.name());
        out.flush();
        if (!Readiness.await(part, timeout)) {
            out.println("FAILED");
            throw new StackException(part.name() + " did not become ready; see its log: " + part.log());
        }
        out.printf("ready on port %d (%.1f s)%n", part.port(), (System.nanoTime() - began) / 1e9);
    }

    private List<String> javaCommand(String name, String heap, Class<?> main, String... args) {
        List<String> command = new ArrayList<>(List.of(java(), heap, "-XX:+UseSerialGC", launcher.marker(name),
                "-cp", absoluteClassPath(), main.getName()));
        command.addAll(List.of(args));
        return command;
    }

    /** This JVM's class path with every entry absolute, as parts run in the repository, whatever this JVM's. */
    private static String absoluteClassPath() {
        return Stream.of(System.getProperty("java.class.path").split(java.io.File.pathSeparator))
                .filter(entry -> !entry.isBlank()).map(entry -> Path.of(entry).toAbsolutePath().toString())
                .collect(java.util.stream.Collectors.joining(java.io.File.pathSeparator));
    }

    private Path quarkusApp(String service) {
        return repo.resolve(service).resolve("target/quarkus-app/quarkus-run.jar");
    }

    private static String envName(String service) {
        return service.replace("-service", "").toUpperCase() + "_PORT";
    }

    private int port(String name, int fallback) {
        String value = env.get(name);
        if (value != null && !value.isBlank()) {
            handedOut.add(Integer.parseInt(value.strip()));
            return Integer.parseInt(value.strip());
        }
        if (fallback != 0) {
            handedOut.add(fallback);
        }
        return fallback != 0 ? fallback : freePort();
    }

    /**
     * A port free now and not handed out before by this stack: a port picked free is not held until its part binds
     * it, so without the record a later pick could hand out the same one (the trace sink once took the gateway's
     * port, picked free by a test before the stack started, and the gateway could not bind it).
     */
    private int freePort() {
        while (true) {
            try (ServerSocket socket = new ServerSocket(0)) {
                if (handedOut.add(socket.getLocalPort())) {
                    return socket.getLocalPort();
                }
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
        }
    }

    private static void ensureFree(int port, String variable) {
        try (ServerSocket socket = new ServerSocket(port)) {
            socket.setReuseAddress(true);
        } catch (IOException e) {
            throw new StackException("Port " + port + " is taken; choose another with " + variable + "=<port>.");
        }
    }

    private static String java() {
        return ProcessHandle.current().info().command().orElse("java");
    }

    static void deleteTree(Path root) {
        if (!Files.exists(root)) {
            return;
        }
        try (Stream<Path> paths = Files.walk(root)) {
            paths.sorted(Comparator.reverseOrder()).forEach(p -> p.toFile().delete());
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** A failure to report to the user as one clear sentence, without a stack trace. */
    public static final class StackException extends RuntimeException {
        public StackException(String message) {
            super(message);
        }
    }

    private static KeyPair apiKeyTokenKeys() {
        try {
            KeyPairGenerator generator = KeyPairGenerator.getInstance("RSA");
            generator.initialize(2048);
            return generator.generateKeyPair();
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException(e);
        }
    }
}
