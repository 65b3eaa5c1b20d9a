package io.helctic.kernel.vfs;

import static io.helctic.abi.uapi.Fcntl.O_DIRECTORY;
import static io.helctic.abi.uapi.Fcntl.O_RDONLY;
import static io.helctic.abi.uapi.Fcntl.RESOLVE_BENEATH;
import static io.helctic.abi.uapi.Fcntl.RESOLVE_IN_ROOT;
import static io.helctic.abi.uapi.Fcntl.RESOLVE_NO_SYMLINKS;
import static io.helctic.abi.uapi.Fcntl.RESOLVE_NO_XDEV;
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
 * openat2's RESOLVE_* rules in the walk itself: "..", absolute paths and absolute and relative
 * symlinks against RESOLVE_BENEATH and RESOLVE_IN_ROOT, RESOLVE_NO_SYMLINKS, RESOLVE_NO_XDEV at a
 * mount, and a scoped walk that a rename of its starting directory cannot carry elsewhere.
 */
class ResolveRulesTest {
    @TempDir Path host;
    Path root;
    Namespace ns;

    @BeforeEach
    void setUp() throws IOException {
        root = Files.createDirectory(host.resolve("root"));
        Files.writeString(root.resolve("secret"), "outside base");
        Path base = Files.createDirectories(root.resolve("base/sub"));
        base = root.resolve("base");
        Files.writeString(base.resolve("f"), "base f");
        Files.createSymbolicLink(base.resolve("sub/up"), Path.of("../f"));
        Files.createSymbolicLink(base.resolve("abs"), Path.of("/secret"));
        Files.createSymbolicLink(base.resolve("absf"), Path.of("/f"));
        Files.createSymbolicLink(base.resolve("esc"), Path.of("../secret"));
        Files.createSymbolicLink(base.resolve("rel"), Path.of("f"));
        Files.createSymbolicLink(base.resolve("tosub"), Path.of("sub/../sub"));
        ns = new Namespace();
        ns.mount("/", new FileScheme(root));
        ns.mount("/dev", new DevScheme(null));
        ns.mount("/proc", new ProcScheme(new ProcessTable(), ns, () -> 0, () -> 0));
    }

    /** The errno name, or the canonical path (with "?" when it does not exist) and the file's first bytes. */
    private String walk(Namespace.Location base, String path, int rules) {
        Result<Namespace.Resolved> r = ns.resolve(base, path, true, rules);
        if (r.failed()) return Errno.of(r.errno()).name();
        try (Namespace.Resolved res = r.value()) {
            if (!res.exists()) return res.path() + "?";
            if (res.isDirectory()) return res.path() + "/";
            Result<Handle> h = res.scheme().open(res.dir(), res.name(), res.path(), O_RDONLY, 0);
            if (h.failed()) return Errno.of(h.errno()).name();
            byte[] b = new byte[64];
            long n = h.value().read(b, 0, b.length);
            h.value().close();
            return res.path() + "=" + new String(b, 0, (int) Math.max(n, 0), StandardCharsets.UTF_8);
        }
    }

    private String walk(String path, int rules) {
        return walk(Namespace.Location.of("/base"), path, rules);
    }

    /** /base as an open directory, the way a dirfd names it. */
    private Namespace.Location opened() {
        try (Namespace.Resolved r = ns.resolve("/", "/base", true).value()) {
            Handle h = r.scheme().open(r.dir(), r.name(), r.path(), O_RDONLY | O_DIRECTORY, 0).value();
            return new Namespace.Location(h.path(), h.dir());
        }
    }

    @Test
    void beneathNeverLeavesTheStartingDirectory() {
        assertThat(walk("f", RESOLVE_BENEATH)).isEqualTo("/base/f=base f");
        assertThat(walk("..", RESOLVE_BENEATH)).isEqualTo("EXDEV");
        assertThat(walk("sub/..", RESOLVE_BENEATH)).isEqualTo("/base/");
        assertThat(walk("sub/../..", RESOLVE_BENEATH)).isEqualTo("EXDEV");
        assertThat(walk("sub/../../base/f", RESOLVE_BENEATH)).isEqualTo("EXDEV");
        assertThat(walk("/base/f", RESOLVE_BENEATH)).as("an absolute path").isEqualTo("EXDEV");
        assertThat(walk("abs", RESOLVE_BENEATH)).as("an absolute symlink").isEqualTo("EXDEV");
        assertThat(walk("esc", RESOLVE_BENEATH)).as("a relative symlink climbing out").isEqualTo("EXDEV");
        assertThat(walk("sub/up", RESOLVE_BENEATH)).as("a relative symlink staying in").isEqualTo("/base/f=base f");
        assertThat(walk("tosub/up", RESOLVE_BENEATH)).isEqualTo("/base/f=base f");
        // without the rule the same walks leave
        assertThat(walk("esc", 0)).isEqualTo("/secret=outside base");
        assertThat(walk("abs", 0)).isEqualTo("/secret=outside base");
    }

    @Test
    void inRootTreatsTheStartingDirectoryAsTheRoot() {
        assertThat(walk("../f", RESOLVE_IN_ROOT)).isEqualTo("/base/f=base f");
        assertThat(walk("../../../f", RESOLVE_IN_ROOT)).isEqualTo("/base/f=base f");
        assertThat(walk("/f", RESOLVE_IN_ROOT)).isEqualTo("/base/f=base f");
        assertThat(walk("/", RESOLVE_IN_ROOT)).isEqualTo("/base/");
        assertThat(walk("absf", RESOLVE_IN_ROOT)).as("an absolute symlink starts at base").isEqualTo("/base/f=base f");
        assertThat(walk("abs", RESOLVE_IN_ROOT)).isEqualTo("/base/secret?");
        assertThat(walk("esc", RESOLVE_IN_ROOT)).isEqualTo("/base/secret?");
        assertThat(walk("sub/../../sub/up", RESOLVE_IN_ROOT)).isEqualTo("/base/f=base f");
    }

    @Test
    void noSymlinksRefusesEveryLinkItWouldFollow() {
        assertThat(walk("rel", RESOLVE_NO_SYMLINKS)).isEqualTo("ELOOP");
        assertThat(walk("sub/up", RESOLVE_NO_SYMLINKS)).isEqualTo("ELOOP");
        assertThat(walk("tosub/up", RESOLVE_NO_SYMLINKS)).isEqualTo("ELOOP");
        assertThat(walk("f", RESOLVE_NO_SYMLINKS)).isEqualTo("/base/f=base f");
        try (Namespace.Resolved r = ns.resolve(Namespace.Location.of("/base"), "rel", false, RESOLVE_NO_SYMLINKS).value()) {
            assertThat(r.isSymlink()).as("a last link not followed is the link").isTrue();
        }
    }

    @Test
    void noXdevRefusesToCrossAMount() {
        assertThat(walk("/proc/self", RESOLVE_NO_XDEV)).isEqualTo("EXDEV");
        assertThat(walk("/dev", RESOLVE_NO_XDEV)).isEqualTo("EXDEV");
        assertThat(walk(Namespace.Location.of("/dev"), "..", RESOLVE_NO_XDEV)).isEqualTo("EXDEV");
        assertThat(walk("sub/../f", RESOLVE_NO_XDEV)).isEqualTo("/base/f=base f");
        assertThat(walk("/base/f", RESOLVE_NO_XDEV)).as("an absolute path is not a crossing").isEqualTo("/base/f=base f");
    }

    @Test
    void aRenameCannotCarryAScopedWalkOut() throws IOException {
        Namespace.Location base = opened();
        // the directory the walk starts from moves away, and another takes its name
        Files.move(root.resolve("base"), root.resolve("moved"));
        Files.createDirectories(root.resolve("base/sub"));
        Files.writeString(root.resolve("base/f"), "impostor");
        for (int rules : new int[] {RESOLVE_BENEATH, RESOLVE_IN_ROOT}) {
            assertThat(walk(base, "f", rules)).endsWith("=base f");
            assertThat(walk(base, "sub/../f", rules)).as(".. returns by the directory it came through").endsWith("=base f");
            assertThat(walk(base, "sub/up", rules)).endsWith("=base f");
        }
        assertThat(walk(base, "sub/../..", RESOLVE_BENEATH)).isEqualTo("EXDEV");
        assertThat(walk(base, "../../f", RESOLVE_IN_ROOT)).endsWith("=base f");
    }
}
