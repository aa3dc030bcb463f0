package dev.clv.devstack;

import java.io.IOException;
import java.io.Reader;
import java.io.UncheckedIOException;
import java.io.Writer;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Properties;

/** What a running stack consists of, kept in {@code state.properties} so status, token and down can find it. */
final class StackState {
    private final Path file;
    private final List<Part> parts = new ArrayList<>();
    private final Properties extra = new Properties();

    StackState(Path home) {
        this.file = home.resolve("state.properties");
    }

    static StackState load(Path home) {
        StackState state = new StackState(home);
        if (!Files.exists(state.file)) {
            return state;
        }
        Properties p = new Properties();
        try (Reader in = Files.newBufferedReader(state.file)) {
            p.load(in);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        for (String name : p.getProperty("parts", "").split(",")) {
            if (!name.isBlank()) {
                String ready = p.getProperty(name + ".ready");
                state.parts.add(new Part(name, Long.parseLong(p.getProperty(name + ".pid")),
                        Integer.parseInt(p.getProperty(name + ".port")),
                        ready == null || ready.isEmpty() ? null : ready,
                        Path.of(p.getProperty(name + ".log"))));
            }
        }
        p.stringPropertyNames().stream().filter(k -> k.startsWith("url.")).forEach(k -> state.extra.put(k, p.get(k)));
        return state;
    }

    List<Part> parts() {
        return parts;
    }

    boolean isEmpty() {
        return parts.isEmpty();
    }

    void add(Part part) {
        parts.add(part);
        save();
    }

    void remove(String name) {
        parts.removeIf(p -> p.name().equals(name));
        extra.remove("url." + name);
        save();
    }

    void url(String name, String url) {
        extra.setProperty("url." + name, url);
        save();
    }

    String url(String name) {
        return extra.getProperty("url." + name);
    }

    void delete() {
        try {
            Files.deleteIfExists(file);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        parts.clear();
    }

    private void save() {
        Properties p = new Properties();
        p.putAll(extra);
        p.setProperty("parts", String.join(",", parts.stream().map(Part::name).toList()));
        for (Part part : parts) {
            p.setProperty(part.name() + ".pid", Long.toString(part.pid()));
            p.setProperty(part.name() + ".port", Integer.toString(part.port()));
            p.setProperty(part.name() + ".ready", part.readyUrl() == null ? "" : part.readyUrl());
            p.setProperty(part.name() + ".log", part.log().toString());
        }
        try {
            Files.createDirectories(file.getParent());
            try (Writer out = Files.newBufferedWriter(file)) {
                p.store(out, "CLV local platform: parts started by ./stack up");
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
