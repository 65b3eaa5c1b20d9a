package io.helctic.btrfs;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.InputStream;
import java.nio.ByteBuffer;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.nio.file.attribute.FileTime;
import java.nio.file.attribute.UserDefinedFileAttributeView;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.TreeSet;
import java.util.stream.Stream;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/** Every file of a generated tree, read back through the library from images mkfs.btrfs made of it. */
class MkfsImageTest {
    @TempDir static Path tmp;
    static Path src;

    @BeforeAll
    static void tree() throws Exception {
        src = Files.createDirectories(tmp.resolve("src"));
        Images.populate(src);
    }

    static Stream<Arguments> variants() {
        return Stream.of(
                Arguments.of("crc32c", "dup", "16384"), Arguments.of("crc32c", "single", "16384"),
                Arguments.of("xxhash", "dup", "16384"), Arguments.of("xxhash", "single", "16384"),
                Arguments.of("sha256", "dup", "16384"), Arguments.of("sha256", "single", "16384"),
                Arguments.of("blake2", "dup", "16384"), Arguments.of("blake2", "single", "16384"),
                Arguments.of("crc32c", "dup", "4096"));
    }

    @ParameterizedTest(name = "csum {0}, metadata {1}, nodesize {2}")
    @MethodSource("variants")
    void everyFileMatches(String csum, String profile, String nodesize) throws Exception {
        Path img = Images.mkfs(src, tmp.resolve("img-" + csum + "-" + profile + "-" + nodesize),
                "--csum", csum, "-m", profile, "-n", nodesize);
        try (Btrfs fs = Btrfs.open(img)) {
            Superblock sb = fs.superblock();
            assertThat(sb.label()).isEqualTo("helctic-test");
            assertThat(sb.checksumType().toString()).startsWith(csum);
            assertThat(sb.nodeSize()).isEqualTo(Integer.parseInt(nodesize));
            assertThat(fs.warnings()).isEmpty();
            assertThat(fs.hasUnreplayedLog()).isFalse();
            assertThat(fs.chunkSummary()).anySatisfy(l -> assertThat(l).contains("Metadata " + profile.toUpperCase()));
            Map<Object, Node> inodes = new HashMap<>();
            int[] count = {0};
            compareDir(fs, src, fs.root(), inodes, count);
            assertThat(count[0]).isEqualTo(1250);

            // hard links are one inode
            assertThat(fs.resolve("hard-1", false)).isEqualTo(fs.resolve("hello.txt", false));
            assertThat(fs.resolve("/d0/d1/d2/d3/d4/d5/d6/d7/d8/d9/d10/d11/hard-2", false)).isEqualTo(fs.resolve("hello.txt", false));
            assertThat(fs.links(fs.resolve("hello.txt", false))).extracting(Btrfs.Link::name)
                    .containsExactlyInAnyOrder("hello.txt", "hard-1", "hard-2");
            // path resolution through symlinks and ..
            assertThat(fs.resolve("link-dir/d2/../d2/d3", true)).isEqualTo(fs.resolve("d0/d1/d2/d3", true));
            assertThat(fs.resolve("link-rel", true)).isEqualTo(fs.resolve("hello.txt", true));
            assertThat(new String(fs.readAll(fs.resolve("link-rel", true)))).isEqualTo("hello, btrfs\n");
        }
    }

    private static void compareDir(Btrfs fs, Path dir, Node node, Map<Object, Node> inodes, int[] count) throws Exception {
        TreeSet<String> expected = new TreeSet<>();
        try (Stream<Path> s = Files.list(dir)) {
            s.forEach(p -> expected.add(p.getFileName().toString()));
        }
        List<DirEntry> entries = fs.list(node);
        assertThat(entries).extracting(DirEntry::name).containsExactlyInAnyOrderElementsOf(expected);
        for (DirEntry e : entries) {
            Path p = dir.resolve(e.name());
            count[0]++;
            assertThat(fs.lookup(node, e.name())).as("DIR_ITEM lookup of %s", p)
                    .hasValueSatisfying(l -> assertThat(l.node()).isEqualTo(e.node()));
            Inode i = fs.inode(e.node());
            Map<String, Object> a = Files.readAttributes(p, "unix:*", LinkOption.NOFOLLOW_LINKS);
            String what = p.toString();
            assertThat(i.mode()).as(what).isEqualTo((int) a.get("mode"));
            assertThat(i.uid()).as(what).isEqualTo((int) a.get("uid"));
            assertThat(i.gid()).as(what).isEqualTo((int) a.get("gid"));
            assertThat(i.nlink()).as(what).isEqualTo(e.type() == FileType.DIRECTORY ? 1 : (int) a.get("nlink"));
            assertThat(e.type()).as(what).isEqualTo(i.type());
            if (!Files.isSymbolicLink(p))
                // mkfs.btrfs 6.2 stores whole seconds (nsec 0); kernel-written nanoseconds are covered by InodeTest
                assertThat(i.mtime()).as(what).isEqualTo(((FileTime) a.get("lastModifiedTime")).toInstant()
                        .truncatedTo(java.time.temporal.ChronoUnit.SECONDS));
            Node prev = inodes.putIfAbsent(a.get("ino"), e.node());
            if (prev != null) assertThat(e.node()).as("hard link %s", what).isEqualTo(prev);
            switch (i.type()) {
                case DIRECTORY -> compareDir(fs, p, e.node(), inodes, count);
                case REGULAR -> {
                    assertThat(i.size()).as(what).isEqualTo(Files.size(p));
                    try (InputStream in = fs.open(e.node()); InputStream want = Files.newInputStream(p)) {
                        assertThat(in).as(what).hasSameContentAs(want);
                    }
                    assertThat(xattrs(fs, e.node())).as(what).isEqualTo(hostXattrs(p));
                }
                case SYMLINK -> assertThat(fs.readlink(e.node())).as(what).isEqualTo(Files.readSymbolicLink(p).toString());
                // mkfs.btrfs 6.2 stores rdev 0 for device nodes; the kernel's encoding is covered by InodeTest
                case CHAR_DEVICE, BLOCK_DEVICE -> assertThat(i.size()).as(what).isZero();
                default -> { }
            }
        }
    }

    static Map<String, String> xattrs(Btrfs fs, Node n) throws BtrfsException {
        Map<String, String> out = new TreeMap<>();
        fs.xattrs(n).forEach((k, v) -> {
            if (k.startsWith("user.")) out.put(k.substring(5), java.util.HexFormat.of().formatHex(v));
        });
        return out;
    }

    static Map<String, String> hostXattrs(Path p) throws Exception {
        Map<String, String> out = new TreeMap<>();
        UserDefinedFileAttributeView v = Files.getFileAttributeView(p, UserDefinedFileAttributeView.class);
        for (String name : v.list()) {
            ByteBuffer b = ByteBuffer.allocate(v.size(name));
            v.read(name, b);
            out.put(name, java.util.HexFormat.of().formatHex(b.array(), 0, b.position()));
        }
        return out;
    }
}
