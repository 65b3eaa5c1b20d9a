package io.helctic.kernel.vfs;

import static org.assertj.core.api.Assertions.assertThat;

import io.helctic.kernel.context.ProcessTable;
import io.helctic.kernel.scheme.DevScheme;
import io.helctic.kernel.scheme.FileScheme;
import io.helctic.kernel.scheme.Handle;
import io.helctic.kernel.scheme.ProcScheme;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The quick walk (a path of plain names in one step) ends where the general walk, one name at a
 * time, ends — same answer or error, canonical path, mount, directory, name, mode and stat — or
 * leaves the path to it: over a corpus of paths from several bases that meets each thing the
 * quick walk must hand on (symlinks on the way and at the end, ".", "..", empty names, a
 * trailing slash, names of mount points with a decoy directory of the same name in the root,
 * missing directories, a name too long).
 */
class QuickWalkTest {
    @TempDir Path host;
    Namespace ns;
    final List<Namespace.Location> bases = new ArrayList<>();

    @BeforeEach
    void setUp() throws IOException {
        Path root = Files.createDirectory(host.resolve("root"));
        Files.createDirectories(root.resolve("a/b/c"));
        Files.writeString(root.resolve("a/b/c/file"), "data");
        Files.writeString(root.resolve("a/top"), "top");
        Files.createSymbolicLink(root.resolve("a/b/dirlink"), Path.of("c"));
        Files.createSymbolicLink(root.resolve("a/b/filelink"), Path.of("c/file"));
        Files.createSymbolicLink(root.resolve("a/b/abslink"), Path.of("/a/top"));
        Files.createSymbolicLink(root.resolve("a/b/dangling"), Path.of("nowhere"));
        Files.createSymbolicLink(root.resolve("a/b/up"), Path.of("../.."));
        Files.createDirectories(root.resolve("proc")); // decoys under the mounts
        Files.writeString(root.resolve("proc/version"), "decoy");
        Files.createDirectories(root.resolve("a/dev"));
        Files.writeString(root.resolve("a/dev/null"), "decoy");
        ns = new Namespace();
        FileScheme files = new FileScheme(root);
        ns.mount("/", files);
        ns.mount("/dev", new DevScheme(null));
        ns.mount("/proc", new ProcScheme(new ProcessTable(), ns, () -> 0, () -> 0));
        bases.add(new Namespace.Location("/", files.root()));
        for (String d : List.of("a", "a/b", "a/b/c")) {
            bases.add(new Namespace.Location("/" + d, files.openDir(files.root(), d).value()));
        }
        bases.add(new Namespace.Location("/proc", ns.mountFor("/proc").scheme().root()));
    }

    private static final List<String> PATHS = List.of(
            "a/b/c/file", "/a/b/c/file", "b/c/file", "c/file", "file", "top", "/a/top", "b/c", "c", "/a/b",
            "b/dirlink/file", "dirlink/file", "b/filelink", "filelink", "dirlink", "abslink", "b/abslink",
            "dangling", "b/dangling", "up", "up/a/top", "b/up/a/b/c/file",
            "missing", "b/missing/x", "b/c/missing", "/missing/a/b", "c/file/x", "/a/top/x",
            "/proc/version", "proc/version", "/proc/self", "version", "self/status", "/dev/null", "dev/null",
            "b/./c", "./b/c", "b/../b/c", "b/c/..", "b//c", "//a/top", "b/c/", "/a/b/", ".", "..", "/",
            "x".repeat(256), "b/" + "y".repeat(256) + "/c");

    @Test
    void theQuickWalkEndsWhereTheWalkEndsOrLeavesItToIt() {
        int quick = 0, handedOn = 0;
        for (Namespace.Location base : bases) {
            for (String path : PATHS) {
                for (boolean follow : new boolean[] {true, false}) {
                    Result<Namespace.Resolved> q = ns.quick(base, path, follow);
                    if (q == null) {
                        handedOn++;
                        continue;
                    }
                    quick++;
                    Result<Namespace.Resolved> w = ns.walk(base, path, follow, 0);
                    String what = base.path() + " + " + path + (follow ? "" : " (nofollow)");
                    assertThat(q.failed()).as(what).isEqualTo(w.failed());
                    if (q.failed()) {
                        assertThat(q.errno()).as(what).isEqualTo(w.errno());
                        continue;
                    }
                    try (Namespace.Resolved a = q.value(); Namespace.Resolved b = w.value()) {
                        assertThat(a.path()).as(what).isEqualTo(b.path());
                        assertThat(a.mount()).as(what).isSameAs(b.mount());
                        assertThat(a.scheme()).as(what).isSameAs(b.scheme());
                        assertThat(a.dir().rel()).as(what).isEqualTo(b.dir().rel());
                        assertThat(a.name()).as(what).isEqualTo(b.name());
                        assertThat(a.mode()).as(what).isEqualTo(b.mode());
                        if (a.exists()) {
                            Handle.Stat s = a.walkedStat().value(), t = b.stat().value();
                            assertThat(new long[] {s.dev(), s.ino(), s.mode(), s.size()}).as(what)
                                    .containsExactly(t.dev(), t.ino(), t.mode(), t.size());
                        }
                    }
                }
            }
        }
        // both kinds met: the corpus exercises the quick walk and what it must hand on
        assertThat(quick).isGreaterThan(60);
        assertThat(handedOn).isGreaterThan(60);
    }

    @Test
    void whatTheQuickWalkTakesItAnswersWithTheStatItRead() {
        Namespace.Location base = bases.get(1); // "/a"
        for (String path : List.of("b/c/file", "top", "b/filelink")) {
            try (Namespace.Resolved r = ns.quick(base, path, false).value()) {
                Handle.Stat walked = r.walkedStat().value();
                assertThat(walked.ino()).isEqualTo(r.stat().value().ino());
            }
        }
        assertThat(ns.quick(base, "b/filelink", true)).as("a final symlink to follow").isNull();
        assertThat(ns.quick(base, "b/dirlink/file", true)).as("a symlink on the way").isNull();
    }
}
