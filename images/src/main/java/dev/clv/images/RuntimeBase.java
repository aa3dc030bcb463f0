package dev.clv.images;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.lang.module.ModuleFinder;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.TreeSet;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.spi.ToolProvider;
import java.util.stream.Stream;
import java.util.zip.ZipEntry;
import java.util.zip.ZipFile;

import com.google.cloud.tools.jib.api.Containerizer;
import com.google.cloud.tools.jib.api.Jib;
import com.google.cloud.tools.jib.api.TarImage;
import com.google.cloud.tools.jib.api.buildplan.AbsoluteUnixPath;
import com.google.cloud.tools.jib.api.buildplan.FileEntriesLayer;
import com.google.cloud.tools.jib.api.buildplan.ImageFormat;

/**
 * The images' default base, made here because no container registry can be reached from the build: a Java runtime
 * linked from the build's own JDK (jlink), the shared libraries it and the services' native code (ONNX Runtime,
 * XGBoost, Kafka's compression codecs) load, copied from this machine by what {@code ldd} says they need, the
 * machine's CA certificates, and a non-root user. No shell, no package manager, nothing else.
 */
final class RuntimeBase {
    static final String JAVA_HOME = "/opt/java";
    static final String USER = "65532:65532";
    // what the services use of the JDK (jdk.crypto.ec only exists up to Java 21; absent modules are left out)
    private static final List<String> MODULES = List.of("java.base", "java.compiler", "java.datatransfer",
            "java.desktop", "java.instrument", "java.logging", "java.management", "java.naming", "java.net.http",
            "java.prefs", "java.rmi", "java.scripting", "java.security.jgss", "java.security.sasl", "java.sql",
            "java.transaction.xa", "java.xml", "java.xml.crypto", "jdk.charsets", "jdk.crypto.cryptoki",
            "jdk.crypto.ec", "jdk.jfr", "jdk.localedata", "jdk.management", "jdk.naming.dns", "jdk.net",
            "jdk.security.auth", "jdk.security.jgss", "jdk.unsupported", "jdk.zipfs");
    private static final Pattern LDD_LINE = Pattern.compile("(?:=>\\s*)?(/\\S+)\\s+\\(0x");
    private static final Pattern NATIVE_ENTRY = Pattern.compile(".*(linux|Linux).*(x86[_-]64|amd64|x64).*\\.so.*");

    private RuntimeBase() {
    }

    /** Builds the base as an OCI tarball at {@code tar}; {@code apps} are the services' quarkus-app folders. */
    static void build(Path work, List<Path> apps, Path tar, String version) throws Exception {
        Path jre = work.resolve("jre");
        Layers.deleteTree(jre);
        link(jre);
        // the services run headless: no X11 toolkit, sound or splash screen, and none of the libraries they load
        for (String desktopOnly : List.of("libawt_xawt.so", "libjsound.so", "libsplashscreen.so", "libjawt.so")) {
            Files.deleteIfExists(jre.resolve("lib").resolve(desktopOnly));
        }
        Path machineCerts = Path.of("/etc/ssl/certs/java/cacerts");
        if (Files.exists(machineCerts)) { // the JDK's own store may be a placeholder where the OS manages certificates
            Files.copy(machineCerts.toRealPath(), jre.resolve("lib/security/cacerts"),
                    StandardCopyOption.REPLACE_EXISTING);
        }
        // the console draws its PDF charts with AWT, which finds fonts through fontconfig; the JDK loads that library
        // at run time (no ldd line names it), so it, what it needs, its configuration and one font family go in too
        Path fontconfig = FontPackages.fontconfig();
        Path fonts = FontPackages.FONTS;
        boolean withFonts = fontconfig != null;
        List<Path> loaded = natives(apps, work.resolve("natives"));
        if (withFonts) {
            loaded.add(fontconfig);
        }
        Set<Path> libraries = libraries(jre, loaded);
        if (withFonts) {
            libraries.add(fontconfig);
        } else {
            System.err.println("warning: fontconfig and DejaVu fonts could not be installed (Debian: fontconfig, "
                    + "fonts-dejavu-core): the images get no fonts and the console's PDF exports will fail");
        }
        FileEntriesLayer.Builder libs = FileEntriesLayer.builder().setName("libraries");
        for (Path lib : libraries) {
            libs.addEntry(lib.toRealPath(), AbsoluteUnixPath.get(lib.toString()), Layers.permissions(lib.toRealPath()),
                    Layers.EPOCH);
        }
        Path etc = Files.createDirectories(work.resolve("etc"));
        Files.writeString(etc.resolve("passwd"), "root:x:0:0:root:/root:/sbin/nologin\n"
                + "clv:x:65532:65532:clv:/deployments:/sbin/nologin\n");
        Files.writeString(etc.resolve("group"), "root:x:0:\nclv:x:65532:\n");
        Files.writeString(etc.resolve("nsswitch.conf"), "hosts: files dns\n");
        if (withFonts) {
            copyResolved(Path.of("/etc/fonts"), etc.resolve("fonts"));
        }
        Jib.fromScratch().setFormat(ImageFormat.Docker) // Jib reads a base tarball in Docker's format only
                .addFileEntriesLayer(Layers.tree("java runtime", jre, AbsoluteUnixPath.get(JAVA_HOME)))
                .addFileEntriesLayer(libs.build())
                .addFileEntriesLayer(Layers.tree("etc", etc, AbsoluteUnixPath.get("/etc")))
                .addFileEntriesLayer(withFonts
                        ? Layers.tree("fonts", fonts, AbsoluteUnixPath.get(fonts.toString()))
                        : FileEntriesLayer.builder().setName("fonts").build())
                .addEnvironmentVariable("JAVA_HOME", JAVA_HOME)
                .addEnvironmentVariable("PATH", JAVA_HOME + "/bin")
                .addEnvironmentVariable("LANG", "C.UTF-8").setUser(USER)
                .addLabel("org.opencontainers.image.title", "clv-runtime-base")
                .addLabel("org.opencontainers.image.version", version)
                .addLabel("org.opencontainers.image.description", "Java " + Runtime.version().feature()
                        + " runtime (jlink) with the shared libraries the CLV platform's services load")
                .containerize(Layers.caches(Containerizer.to(TarImage.at(tar).named("clv/runtime-base:" + version)),
                        work));
    }

    /** Copies a folder's files, a symbolic link as the file it leads to (conf.d links to conf.avail). */
    private static void copyResolved(Path from, Path to) throws IOException {
        try (Stream<Path> files = Files.walk(from)) {
            for (Path file : files.filter(Files::isRegularFile).toList()) {
                Path target = to.resolve(from.relativize(file).toString());
                Files.createDirectories(target.getParent());
                Files.copy(file.toRealPath(), target, StandardCopyOption.REPLACE_EXISTING);
            }
        }
    }

    private static void link(Path jre) {
        ToolProvider jlink = ToolProvider.findFirst("jlink").orElseThrow(() -> new IllegalStateException(
                "jlink is missing: build the images with a JDK, not a JRE"));
        List<String> modules = MODULES.stream().filter(m -> ModuleFinder.ofSystem().find(m).isPresent()).toList();
        int exit = jlink.run(System.out, System.err, "--add-modules", String.join(",", modules), "--output",
                jre.toString(), "--strip-debug", "--no-man-pages", "--no-header-files", "--compress=2");
        if (exit != 0) {
            throw new IllegalStateException("jlink failed (" + exit + ")");
        }
    }

    /** The Linux x86-64 shared libraries packed in the services' jars, extracted to {@code into}. */
    private static List<Path> natives(List<Path> apps, Path into) throws IOException {
        List<Path> out = new ArrayList<>();
        Files.createDirectories(into);
        for (Path app : apps) {
            try (Stream<Path> jars = Files.walk(app.resolve("lib"))) {
                for (Path jar : jars.filter(j -> j.toString().endsWith(".jar")).toList()) {
                    try (ZipFile zip = new ZipFile(jar.toFile())) {
                        for (ZipEntry e : zip.stream().filter(e -> NATIVE_ENTRY.matcher(e.getName()).matches())
                                .toList()) {
                            Path target = into.resolve(jar.getFileName() + "-" + e.getName().replace('/', '_'));
                            try (InputStream in = zip.getInputStream(e)) {
                                Files.copy(in, target, StandardCopyOption.REPLACE_EXISTING);
                            }
                            out.add(target);
                        }
                    }
                }
            }
        }
        return out;
    }

    /** Every library outside the runtime that {@code ldd} says its executables and libraries, and {@code more}, load. */
    static Set<Path> libraries(Path jre, List<Path> more) throws IOException {
        List<Path> objects = new ArrayList<>(more);
        try (Stream<Path> files = Files.walk(jre)) {
            files.filter(f -> f.toString().endsWith(".so") || f.getParent().getFileName().toString().equals("bin"))
                    .filter(Files::isRegularFile).forEach(objects::add);
        }
        Set<Path> out = new TreeSet<>();
        for (Path object : objects) {
            for (Path lib : ldd(object)) {
                if (!lib.startsWith(jre)) {
                    out.add(lib);
                }
            }
        }
        return out;
    }

    private static List<Path> ldd(Path object) {
        try {
            Process p = new ProcessBuilder("ldd", object.toString()).redirectErrorStream(true).start();
            String text = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
            p.waitFor();
            List<Path> out = new ArrayList<>();
            Matcher m = LDD_LINE.matcher(text);
            while (m.find()) {
                out.add(Path.of(m.group(1)));
            }
            return out;
        } catch (IOException e) {
            throw new UncheckedIOException("ldd (from Debian's libc-bin) is needed to find the runtime's libraries", e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }
}
