package dev.clv.images;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;

import com.google.cloud.tools.jib.api.Containerizer;
import com.google.cloud.tools.jib.api.Jib;
import com.google.cloud.tools.jib.api.JibContainerBuilder;
import com.google.cloud.tools.jib.api.TarImage;
import com.google.cloud.tools.jib.api.buildplan.AbsoluteUnixPath;
import com.google.cloud.tools.jib.api.buildplan.ImageFormat;
import com.google.cloud.tools.jib.api.buildplan.Port;

/**
 * Builds each service's OCI image from its Quarkus fast-jar (target/quarkus-app) as a tarball named
 * {@code clv/<service>:<version>}, on one base for all: {@link RuntimeBase} ("local") or a registry image. Jib lays
 * the dependencies, Quarkus' own files and the application out as separate layers, so a new version of a service
 * changes its smallest layer only. Arguments: repository root, version, output folder, base.
 */
public final class BuildImages {
    /** A service and the ports its image exposes. */
    record Service(String name, List<Integer> ports) {
    }

    static final List<Service> SERVICES = List.of(new Service("gateway", List.of(8080, 9000)),
            new Service("ingestion-service", List.of(8080)), new Service("analytics-service", List.of(8080)),
            new Service("prediction-service", List.of(8080)), new Service("segmentation-service", List.of(8080)),
            new Service("console", List.of(8080)));
    static final AbsoluteUnixPath DEPLOYMENTS = AbsoluteUnixPath.get("/deployments");

    private BuildImages() {
    }

    public static void main(String[] args) throws Exception {
        build(Path.of(args[0]), args[1], Path.of(args[2]), args[3], SERVICES);
    }

    /** Builds {@code services}' images into {@code out} (and the local base first, when {@code base} is "local"). */
    static void build(Path root, String version, Path out, String base, List<Service> services) throws Exception {
        Files.createDirectories(out);
        boolean local = base.equals("local");
        Path baseTar = out.resolve("runtime-base.tar");
        if (local) {
            // the base carries the libraries every service's native code needs, so it reads all of them
            RuntimeBase.build(out.resolve("work"), SERVICES.stream().map(s -> app(root, s)).toList(), baseTar,
                    version);
        }
        for (Service service : services) {
            JibContainerBuilder image = local
                    ? Jib.from(TarImage.at(baseTar).named("clv/runtime-base:" + version))
                    : Jib.from(base);
            Path app = app(root, service);
            image.setFormat(ImageFormat.OCI)
                    .addFileEntriesLayer(Layers.tree("dependencies", app.resolve("lib"), DEPLOYMENTS.resolve("lib")))
                    .addFileEntriesLayer(Layers.tree("quarkus", app.resolve("quarkus"), DEPLOYMENTS.resolve(
                            "quarkus")))
                    .addFileEntriesLayer(Layers.tree("application", app.resolve("app"), DEPLOYMENTS.resolve("app")))
                    .addLayer(List.of(app.resolve("quarkus-run.jar")), DEPLOYMENTS)
                    // exec form, no shell: options come from JDK_JAVA_OPTIONS, which the java launcher reads itself
                    .setEntrypoint("java", "-Djava.util.logging.manager=org.jboss.logmanager.LogManager", "-jar",
                            DEPLOYMENTS.resolve("quarkus-run.jar").toString())
                    .setWorkingDirectory(DEPLOYMENTS).setUser(RuntimeBase.USER)
                    .addLabel("org.opencontainers.image.title", service.name())
                    .addLabel("org.opencontainers.image.version", version)
                    .addLabel("org.opencontainers.image.vendor", "CLV platform")
                    .addLabel("org.opencontainers.image.base.name", local ? "clv/runtime-base:" + version : base);
            service.ports().forEach(p -> image.addExposedPort(Port.tcp(p)));
            Containerizer to = Containerizer.to(TarImage.at(out.resolve(service.name() + ".tar")).named("clv/"
                    + service.name() + ":" + version));
            image.containerize(Layers.caches(to, out.resolve("work")).setOfflineMode(local));
            System.out.println("Built clv/" + service.name() + ":" + version + " in " + out.resolve(service.name()
                    + ".tar"));
        }
    }

    private static Path app(Path root, Service service) {
        Path app = root.resolve(service.name()).resolve("target/quarkus-app");
        if (!Files.exists(app.resolve("quarkus-run.jar"))) {
            throw new IllegalStateException(app + " is missing: package " + service.name() + " first");
        }
        return app;
    }
}
