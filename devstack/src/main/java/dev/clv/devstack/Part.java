package dev.clv.devstack;

import java.nio.file.Path;

/** One running part of the local platform: its process, port, readiness URL (or none for TCP-only) and log. */
public record Part(String name, long pid, int port, String readyUrl, Path log) {
}
