package dev.clv.images;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.io.ByteArrayInputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.zip.GZIPInputStream;

import org.apache.commons.compress.archivers.tar.TarArchiveEntry;
import org.apache.commons.compress.archivers.tar.TarArchiveInputStream;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;

/**
 * Builds the runtime base and the prediction service's image (the one with the most native code: ONNX Runtime and
 * XGBoost) offline, then reads the image as a container runtime would: its config (non-root user, entrypoint,
 * exposed port, labels), its layers (the base's first, then the application's; no shell), and, where this test may
 * chroot (it runs as root), runs the image's own Java and checks every native library of the service resolves
 * inside the image.
 */
class ImagesTest {
    private static final Path ROOT = Path.of(System.getProperty("clv.repo.root"));
    private static final String VERSION = System.getProperty("clv.version");
    private static final Path OUT = ROOT.resolve("images/target/test-images");
    private static final ObjectMapper JSON = new ObjectMapper();
    private static Image image;
    private static List<String> baseLayers;

    /** An OCI image tarball: its config and, per layer in order, its files and their modes. */
    record Image(JsonNode config, List<String> layerDigests, List<Map<String, Integer>> layers) {
    }

    @BeforeAll
    static void build() throws Exception {
        BuildImages.build(ROOT, VERSION, OUT, "local", List.of(BuildImages.SERVICES.get(3)));
        image = read(OUT.resolve("prediction-service.tar"));
        // the base is in Docker's tarball format (what Jib reads a base from): its layers are named by digest
        JsonNode manifest = JSON.readTree(entries(OUT.resolve("runtime-base.tar")).get("manifest.json")).get(0);
        baseLayers = new ArrayList<>();
        manifest.path("Layers").forEach(l -> baseLayers.add("sha256:" + l.asText().replace(".tar.gz", "")));
    }

    @AfterAll
    static void cleanUp() throws IOException {
        Layers.deleteTree(OUT); // images, Jib's caches and the unpacked runtime: some 800 MB
    }

    @Test
    void theConfigRunsTheServiceAsANonRootUser() {
        JsonNode c = image.config().path("config");
        assertEquals("65532:65532", c.path("User").asText(), "numeric, so that runAsNonRoot can check it");
        assertEquals("[\"java\",\"-Djava.util.logging.manager=org.jboss.logmanager.LogManager\",\"-jar\","
                + "\"/deployments/quarkus-run.jar\"]", c.path("Entrypoint").toString());
        assertEquals("/deployments", c.path("WorkingDir").asText());
        assertEquals(List.of("8080/tcp"), fieldNames(c.path("ExposedPorts")));
        assertEquals("prediction-service", c.path("Labels").path("org.opencontainers.image.title").asText());
        assertEquals(VERSION, c.path("Labels").path("org.opencontainers.image.version").asText());
        assertTrue(c.path("Env").toString().contains("PATH=/opt/java/bin"), c.path("Env").toString());
    }

    @Test
    void theLayersAreTheBaseThenTheApplicationWithoutAShell() {
        assertEquals(4, baseLayers.size(), "the runtime, its libraries, /etc, fonts");
        assertEquals(baseLayers, image.layerDigests().subList(0, baseLayers.size()),
                "the service's image starts with the base's very layers");
        Map<String, Integer> files = new HashMap<>();
        image.layers().forEach(files::putAll);
        assertEquals(0755, files.get("opt/java/bin/java") & 0777, "java is executable");
        assertTrue(files.containsKey("deployments/quarkus-run.jar"));
        assertTrue(files.containsKey("lib64/ld-linux-x86-64.so.2"));
        assertTrue(files.keySet().stream().anyMatch(f -> f.startsWith("deployments/lib/main/")
                && f.contains("onnxruntime")));
        for (String shell : List.of("bin/sh", "bin/bash", "usr/bin/sh", "bin/busybox")) {
            assertFalse(files.containsKey(shell), shell);
        }
        assertTrue(files.get("etc/passwd") != null, "the user 65532 is named");
    }

    @Test
    void theImagesJavaRunsAndEveryNativeLibraryResolvesInsideIt() throws Exception {
        Path rootfs = OUT.resolve("rootfs");
        Layers.deleteTree(rootfs);
        extract(OUT.resolve("prediction-service.tar"), rootfs);
        Path proc = Files.createDirectories(rootfs.resolve("proc"));
        // the dynamic loader finds the runtime's own libraries from /proc/self/exe, which a container always has
        if (run(List.of("mount", "-t", "proc", "proc", proc.toString())).exit() != 0) {
            Layers.deleteTree(rootfs);
            Assumptions.abort("mounting /proc for a chroot needs root");
        }
        try {
            Result version = run(List.of("chroot", rootfs.toString(), "/opt/java/bin/java", "-version"));
            assertEquals(0, version.exit(), version.output());
            assertTrue(version.output().contains("version \"" + Runtime.version().feature()), version.output());
            // the console's PDF charts measure and draw text with AWT: the image's fontconfig finds a font
            Path probe = Files.createDirectories(rootfs.resolve("probe"));
            Files.writeString(probe.resolve("FontProbe.java"), """
                    public class FontProbe {
                        public static void main(String[] args) {
                            var g = new java.awt.image.BufferedImage(200, 40, 1).createGraphics();
                            g.setFont(new java.awt.Font(java.awt.Font.SANS_SERIF, java.awt.Font.PLAIN, 12));
                            g.drawString("Net revenue", 1, 20);
                            System.out.println("width " + g.getFontMetrics().stringWidth("Net revenue"));
                        }
                    }
                    """);
            assertEquals(0, javax.tools.ToolProvider.getSystemJavaCompiler().run(null, null, null, "--release", "17",
                    probe.resolve("FontProbe.java").toString()));
            Result fonts = run(List.of("chroot", rootfs.toString(), "/opt/java/bin/java", "-Djava.awt.headless=true",
                    "-cp", "/probe", "FontProbe"));
            assertEquals(0, fonts.exit(), fonts.output());
            Matcher width = Pattern.compile("width (\\d+)").matcher(fonts.output());
            assertTrue(width.find() && Integer.parseInt(width.group(1)) > 20, fonts.output());
            List<Path> natives = new ArrayList<>();
            try (var files = Files.walk(OUT.resolve("work/natives"))) {
                files.filter(f -> f.toString().contains("onnxruntime") || f.toString().contains("xgboost"))
                        .forEach(natives::add);
            }
            assertTrue(natives.size() >= 2, "ONNX Runtime's and XGBoost's libraries: " + natives);
            for (Path lib : natives) {
                Files.copy(lib, rootfs.resolve("tmp-" + lib.getFileName()), StandardCopyOption.REPLACE_EXISTING);
                Result list = run(List.of("chroot", rootfs.toString(), "/lib64/ld-linux-x86-64.so.2", "--list", "/tmp-"
                        + lib.getFileName()));
                // a library its own jar ships beside it (ONNX Runtime's JNI part needs its runtime) is loaded first
                // by the jar's loader; every other one must come from the image
                for (String line : list.output().split("\n")) {
                    Matcher missing = Pattern
                            .compile("(lib[\\w+-]+)\\.so[.\\d]*: cannot open|(lib[\\w+-]+)\\.so[.\\d]* => "
                                    + "not found")
                            .matcher(line);
                    if (missing.find()) {
                        String name = missing.group(1) != null ? missing.group(1) : missing.group(2);
                        assertTrue(natives.stream().anyMatch(n -> n.getFileName().toString().endsWith(name + ".so")),
                                lib.getFileName() + " needs " + name + ", which the image lacks:\n" + list.output());
                    }
                }
            }
        } finally {
            // the unpacked image is some 400 MB: it does not outlive the test
            if (run(List.of("umount", proc.toString())).exit() == 0) {
                Layers.deleteTree(rootfs);
            }
        }
    }

    record Result(int exit, String output) {
    }

    private static Result run(List<String> command) throws Exception {
        Process p = new ProcessBuilder(command).redirectErrorStream(true).start();
        String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        assertTrue(p.waitFor(60, TimeUnit.SECONDS), String.join(" ", command));
        return new Result(p.exitValue(), out);
    }

    private static Image read(Path tar) throws IOException {
        Map<String, byte[]> blobs = entries(tar);
        JsonNode manifest = manifest(blobs);
        List<String> digests = new ArrayList<>();
        List<Map<String, Integer>> layers = new ArrayList<>();
        for (JsonNode layer : manifest.path("layers")) {
            digests.add(layer.path("digest").asText());
            Map<String, Integer> files = new HashMap<>();
            try (TarArchiveInputStream in = layer(blobs, layer)) {
                for (TarArchiveEntry e = in.getNextEntry(); e != null; e = in.getNextEntry()) {
                    files.put(e.getName().replaceFirst("^/", ""), e.getMode());
                }
            }
            layers.add(files);
        }
        return new Image(JSON.readTree(blob(blobs, manifest.path("config"))), digests, layers);
    }

    /** The OCI layout's files by name (blobs/sha256/…, index.json, oci-layout). */
    private static Map<String, byte[]> entries(Path tar) throws IOException {
        Map<String, byte[]> blobs = new HashMap<>();
        try (TarArchiveInputStream in = new TarArchiveInputStream(Files.newInputStream(tar))) {
            for (TarArchiveEntry e = in.getNextEntry(); e != null; e = in.getNextEntry()) {
                blobs.put(e.getName(), in.readAllBytes());
            }
        }
        return blobs;
    }

    private static JsonNode manifest(Map<String, byte[]> blobs) throws IOException {
        return JSON.readTree(blob(blobs, JSON.readTree(blobs.get("index.json")).path("manifests").get(0)));
    }

    private static TarArchiveInputStream layer(Map<String, byte[]> blobs, JsonNode layer) throws IOException {
        return new TarArchiveInputStream(new GZIPInputStream(new ByteArrayInputStream(blob(blobs, layer))));
    }

    /** Unpacks the layers in order into {@code into}, as a container runtime makes its root file system. */
    private static void extract(Path tar, Path into) throws IOException {
        Map<String, byte[]> blobs = entries(tar);
        for (JsonNode layer : manifest(blobs).path("layers")) {
            try (TarArchiveInputStream in = layer(blobs, layer)) {
                for (TarArchiveEntry e = in.getNextEntry(); e != null; e = in.getNextEntry()) {
                    Path target = into.resolve(e.getName().replaceFirst("^/", ""));
                    if (e.isDirectory()) {
                        Files.createDirectories(target);
                    } else {
                        Files.createDirectories(target.getParent());
                        Files.copy(in, target, StandardCopyOption.REPLACE_EXISTING);
                        target.toFile().setExecutable((e.getMode() & 0100) != 0, false);
                    }
                }
            }
        }
    }

    private static byte[] blob(Map<String, byte[]> blobs, JsonNode descriptor) {
        return blobs.get("blobs/sha256/" + descriptor.path("digest").asText().substring("sha256:".length()));
    }

    private static List<String> fieldNames(JsonNode node) {
        List<String> out = new ArrayList<>();
        node.fieldNames().forEachRemaining(out::add);
        return out;
    }
}
