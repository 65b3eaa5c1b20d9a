package io.helctic.personality;

import java.nio.file.Files;
import java.nio.file.Path;

/** Locates the repository root for tests (the build passes it as helctic.root). */
public final class RepoFiles {
    private RepoFiles() {}

    public static Path root() {
        String prop = System.getProperty("helctic.root");
        Path p = prop != null ? Path.of(prop) : Path.of("").toAbsolutePath();
        while (p != null && !Files.exists(p.resolve("mvnw"))) p = p.getParent();
        if (p == null) throw new IllegalStateException("cannot find the repository root");
        return p;
    }
}
