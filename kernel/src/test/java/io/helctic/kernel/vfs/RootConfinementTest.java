package io.helctic.kernel.vfs;

import static org.assertj.core.api.Assertions.assertThat;

import io.helctic.abi.Errno;
import io.helctic.kernel.context.ProcessTable;
import io.helctic.kernel.scheme.DevScheme;
import io.helctic.kernel.scheme.FileScheme;
import io.helctic.kernel.scheme.Handle;
import io.helctic.kernel.scheme.ProcScheme;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * No "..", absolute symlink, relative symlink climbing out, link chain or /proc trick
 * reaches a host path outside the guest root: each is tried against a root that has a
 * decoy of the same name inside and a secret outside.
 */
class RootConfinementTest {
    @TempDir Path host;
    Path root;
    Namespace ns;

    @BeforeEach
    void setUp() throws IOException {
        root = Files.createDirectory(host.resolve("root"));
        Files.writeString(host.resolve("secret"), "outside");
        Files.createDirectories(host.resolve("etc"));
        Files.writeString(host.resolve("etc/passwd"), "host passwd");
        Files.createDirectories(root.resolve("etc"));
        Files.writeString(root.resolve("etc/passwd"), "guest passwd");
        Files.writeString(root.resolve("secret"), "inside");
        Files.createDirectories(root.resolve("a/b"));
        Files.createSymbolicLink(root.resolve("up"), Path.of("../../../../.."));
        Files.createSymbolicLink(root.resolve("a/b/rel"), Path.of("../../../../secret"));
        Files.createSymbolicLink(root.resolve("abs"), host.resolve("secret")); // a host-absolute target
        Files.createSymbolicLink(root.resolve("etclink"), Path.of("/etc/passwd"));
        Files.createSymbolicLink(root.resolve("chain1"), Path.of("chain2"));
        Files.createSymbolicLink(root.resolve("chain2"), Path.of("up/secret"));
        Files.createSymbolicLink(root.resolve("self"), Path.of("self"));
        ns = new Namespace();
        ns.mount("/", new FileScheme(root));
        ns.mount("/dev", new DevScheme(null));
        ns.mount("/proc", new ProcScheme(new ProcessTable(), ns, () -> 0, () -> 0));
    }

    private String read(String path) {
        Result<Namespace.Resolved> r = ns.resolve("/a/b", path, true);
        if (r.failed()) return Errno.of(r.errno()).name();
        Result<Handle> h;
        try (Namespace.Resolved res = r.value()) {
            if (!res.exists()) return "ENOENT";
            h = res.scheme().open(res.dir(), res.name(), res.path(), io.helctic.abi.uapi.Fcntl.O_RDONLY, 0);
        }
        if (h.failed()) return Errno.of(h.errno()).name();
        byte[] b = new byte[64];
        long n = h.value().read(b, 0, b.length);
        h.value().close();
        return new String(b, 0, (int) Math.max(n, 0), StandardCharsets.UTF_8);
    }

    @Test
    void dotDotStopsAtTheRoot() {
        assertThat(read("../../../../../../secret")).isEqualTo("inside");
        assertThat(read("/../../secret")).isEqualTo("inside");
        assertThat(ns.resolve("/", "/..", true).value().path()).isEqualTo("/");
    }

    @Test
    void relativeSymlinksClimbingOutStayInside() {
        assertThat(read("/up/secret")).isEqualTo("inside");
        assertThat(read("rel")).isEqualTo("inside");
        assertThat(read("/chain1")).isEqualTo("inside");
    }

    @Test
    void absoluteSymlinksStartAtTheGuestRoot() {
        assertThat(read("/etclink")).isEqualTo("guest passwd");
        // a link holding a host path names that path inside the guest, where it does not exist
        assertThat(read("/abs")).isEqualTo("ENOENT");
    }

    @Test
    void procSelfRootIsTheGuestRoot() {
        // there is no such process here; /proc/self resolves to pid 1, which the table lacks
        assertThat(ns.resolve("/", "/proc/self/root/secret", true).failed()).isTrue();
        assertThat(ns.resolve("/", "/proc/../secret", true).value().path()).isEqualTo("/secret");
    }

    @Test
    void loopsEndInEloop() {
        assertThat(read("/self")).isEqualTo("ELOOP");
    }

    @Test
    void resolvedPathsAreCanonical() {
        try (Namespace.Resolved r = ns.resolve("/", "/up/./a//b/../b/rel", true).value()) {
            assertThat(r.path()).isEqualTo("/secret");
            assertThat(r.name()).isEqualTo("secret");
            assertThat(r.dir().rel()).isEqualTo("");
        }
        assertThat(ns.resolve("/", "/dev/null", true).value().mount().point()).isEqualTo("/dev");
        assertThat(ns.resolve("/", "/secret/x", true).errno()).isEqualTo(Errno.ENOTDIR.number());
        assertThat(ns.resolve("/", "/nope/x", true).errno()).isEqualTo(Errno.ENOENT.number());
        assertThat(ns.resolve("/", "/nope", true).value().exists()).isFalse();
        assertThat(ns.resolve("/", "x".repeat(300), true).errno()).isEqualTo(Errno.ENAMETOOLONG.number());
    }

    /**
     * Several directories in a row are entered in one host call (openat2 beneath the starting
     * directory, no symlink followed; Scheme.descendAll): the same file as one lookup per name,
     * a symlink or mount point among them still handled by the walk.
     */
    @Test
    void directoriesInARowAreEnteredInOneStepAsByTheWalk() throws IOException {
        Files.createDirectories(root.resolve("a/b/c/d"));
        Files.writeString(root.resolve("a/b/c/d/deep"), "deep inside");
        Files.createSymbolicLink(root.resolve("a/b/hostdir"), host); // an absolute host path: not the guest's
        Files.createSymbolicLink(root.resolve("a/b/climb"), Path.of("../../../../.."));
        Files.createDirectories(host.resolve("a/b/c/d"));
        assertThat(read("/a/b/c/d/deep")).isEqualTo("deep inside");
        assertThat(read("c/d/deep")).isEqualTo("deep inside"); // from /a/b
        try (Namespace.Resolved r = ns.resolve("/", "/a/b/c/d/deep", true).value()) {
            assertThat(r.path()).isEqualTo("/a/b/c/d/deep");
            assertThat(r.dir().rel()).isEqualTo("a/b/c/d");
            assertThat(r.name()).isEqualTo("deep");
        }
        assertThat(read("/a/b/climb/secret")).isEqualTo("inside");
        assertThat(read("/a/b/climb/a/b/c/d/deep")).isEqualTo("deep inside");
        assertThat(read("/a/b/hostdir/secret")).isEqualTo("ENOENT");
        assertThat(read("/a/b/c/d/../../../../secret")).isEqualTo("inside");
        assertThat(ns.resolve("/", "/a/b/c/nope/x/y", true).errno()).isEqualTo(Errno.ENOENT.number());
        assertThat(ns.resolve("/", "/a/b/c/d/deep/x/y", true).errno()).isEqualTo(Errno.ENOTDIR.number());
        // a mount point in the middle of the names: the walk enters the mounted scheme there
        Path other = Files.createDirectories(host.resolve("other/d"));
        Files.writeString(other.resolve("deep"), "mounted");
        ns.mount("/a/b/c", new FileScheme(host.resolve("other")));
        assertThat(read("/a/b/c/d/deep")).isEqualTo("mounted");
    }

    /**
     * A directory in the middle of a path swapped, over and over, with a symlink to a host
     * directory holding the same names: resolving through it never reaches the host's file.
     */
    @Test
    void aSwapRacingAOneStepWalkNeverLeavesTheRoot() throws Exception {
        Files.createDirectories(root.resolve("r/real/c/d"));
        Files.writeString(root.resolve("r/real/c/d/f"), "inside");
        Files.createDirectories(host.resolve("decoy/c/d"));
        Files.writeString(host.resolve("decoy/c/d/f"), "outside");
        Files.createSymbolicLink(root.resolve("r/lnk"), host.resolve("decoy"));
        Files.move(root.resolve("r/real"), root.resolve("r/dir"));
        java.util.concurrent.atomic.AtomicBoolean stop = new java.util.concurrent.atomic.AtomicBoolean();
        Thread swapper = Thread.ofPlatform().start(() -> {
            Path dir = root.resolve("r/dir"), lnk = root.resolve("r/lnk"), tmp = root.resolve("r/tmp");
            while (!stop.get()) {
                try {
                    Files.move(dir, tmp, java.nio.file.StandardCopyOption.ATOMIC_MOVE);
                    Files.move(lnk, dir, java.nio.file.StandardCopyOption.ATOMIC_MOVE);
                    Files.move(dir, lnk, java.nio.file.StandardCopyOption.ATOMIC_MOVE);
                    Files.move(tmp, dir, java.nio.file.StandardCopyOption.ATOMIC_MOVE);
                } catch (IOException e) {
                    throw new java.io.UncheckedIOException(e);
                }
            }
        });
        int attempts = 0, inside = 0;
        long end = System.nanoTime() + 1_000_000_000L;
        try {
            while (System.nanoTime() < end) {
                String got = read("/r/dir/c/d/f");
                attempts++;
                if (got.equals("inside")) inside++;
                assertThat(got).as("attempt " + attempts).isNotEqualTo("outside");
            }
        } finally {
            stop.set(true);
            swapper.join();
        }
        assertThat(inside).as("reads that found the file (of " + attempts + ")").isPositive();
    }
}
