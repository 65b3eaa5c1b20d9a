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
}
