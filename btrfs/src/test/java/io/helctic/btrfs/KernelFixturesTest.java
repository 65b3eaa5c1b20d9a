package io.helctic.btrfs;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.io.InputStream;
import java.io.RandomAccessFile;
import java.lang.foreign.MemorySegment;
import java.lang.foreign.ValueLayout;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.security.MessageDigest;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.zip.GZIPInputStream;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * Images the Linux kernel wrote (btrfs/fixtures/make-fixtures.sh), read through the library
 * and compared with the kernel's own view of each (NAME.manifest, made from a read-only mount):
 * every path, its metadata, its bytes (SHA-256) and user xattrs, and nothing more; the
 * subvolume list, the default subvolume and whether a log tree is left unreplayed.
 */
class KernelFixturesTest {
    @TempDir static Path tmp;
    private static final Map<String, Path> IMAGES = new HashMap<>();
    private static final HexFormat HEX = HexFormat.of();

    record Manifest(String sha256, long size, long defaultSubvolume, boolean logTree, Set<String> subvolumes,
                    Map<String, List<String>> views) {}

    /** Parses NAME.manifest; entry lines are kept as the text after "entry VIEW". */
    static Manifest manifest(String name) throws IOException {
        String sha = null;
        long size = -1, def = -1;
        Boolean log = null;
        Set<String> subs = new TreeSet<>();
        Map<String, List<String>> views = new LinkedHashMap<>();
        for (String line : resource(name + ".manifest").split("\n")) {
            if (line.isEmpty() || line.startsWith("#")) continue;
            String[] f = line.split("\t", -1);
            switch (f[0]) {
                case "image" -> { sha = f[1]; size = Long.parseLong(f[2]); }
                case "made-by" -> { }
                case "default" -> def = Long.parseLong(f[1]);
                case "log-tree" -> log = f[1].equals("1");
                case "subvolume" -> subs.add(String.join("\t", List.of(f).subList(1, f.length)));
                case "entry" -> {
                    assertThat(f).as("manifest line %s", line).hasSize(16);
                    views.computeIfAbsent(f[1], v -> new ArrayList<>()).add(String.join("\t", List.of(f).subList(2, f.length)));
                }
                default -> throw new AssertionError(name + ".manifest: unknown line " + line);
            }
        }
        assertThat(sha).as("image line").isNotNull();
        assertThat(def).as("default line").isPositive();
        assertThat(log).as("log-tree line").isNotNull();
        assertThat(views).as("entries").containsKey("default");
        return new Manifest(sha, size, def, log, subs, views);
    }

    private static String resource(String name) throws IOException {
        try (InputStream in = KernelFixturesTest.class.getResourceAsStream("/kernel-fixtures/" + name)) {
            if (in == null) throw new IOException("missing test resource kernel-fixtures/" + name);
            return new String(in.readAllBytes(), StandardCharsets.UTF_8);
        }
    }

    /** NAME.img.gz unpacked once into a sparse file (all-zero 4 KiB blocks are skipped), checked against the manifest. */
    static synchronized Path image(String name, Manifest m) throws Exception {
        Path img = IMAGES.get(name);
        if (img != null) return img;
        img = tmp.resolve(name + ".img");
        MessageDigest sha = MessageDigest.getInstance("SHA-256");
        long size = 0;
        try (InputStream res = KernelFixturesTest.class.getResourceAsStream("/kernel-fixtures/" + name + ".img.gz");
             InputStream in = new GZIPInputStream(java.util.Objects.requireNonNull(res, name + ".img.gz"), 1 << 16);
             FileChannel out = FileChannel.open(img, StandardOpenOption.CREATE_NEW, StandardOpenOption.WRITE)) {
            byte[] block = new byte[4096];
            int n;
            while ((n = in.readNBytes(block, 0, block.length)) > 0) {
                sha.update(block, 0, n);
                boolean zero = true;
                for (int i = 0; i < n && zero; i++) zero = block[i] == 0;
                if (!zero) out.write(ByteBuffer.wrap(block, 0, n), size);
                size += n;
            }
        }
        try (RandomAccessFile f = new RandomAccessFile(img.toFile(), "rw")) {
            f.setLength(size);
        }
        assertThat(size).as("%s.img size", name).isEqualTo(m.size());
        assertThat(HEX.formatHex(sha.digest())).as("%s.img SHA-256", name).isEqualTo(m.sha256());
        IMAGES.put(name, img);
        return img;
    }

    @ParameterizedTest(name = "{0}")
    @ValueSource(strings = {"kernel-compress", "kernel-holes", "kernel-subvol", "kernel-log"})
    void readsWhatTheKernelShows(String name) throws Exception {
        Manifest m = manifest(name);
        try (Btrfs fs = Btrfs.open(image(name, m))) {
            assertThat(fs.superblock().label()).isEqualTo(name);
            assertThat(fs.defaultSubvolume()).isEqualTo(m.defaultSubvolume());
            assertThat(fs.hasUnreplayedLog()).isEqualTo(m.logTree());
            if (m.logTree()) assertThat(fs.warnings()).singleElement().asString().contains("log tree", "never replayed");
            else assertThat(fs.warnings()).isEmpty();

            Set<String> subs = new TreeSet<>();
            for (Subvolume s : fs.subvolumes())
                subs.add(s.id() + "\t" + s.parent() + "\t" + (s.readOnly() ? 1 : 0) + "\t" + (s.isSnapshot() ? 1 : 0) + "\t" + s.path());
            assertThat(subs).as("subvolumes").containsExactlyElementsOf(m.subvolumes());

            for (Map.Entry<String, List<String>> v : m.views().entrySet()) {
                Node root = switch (v.getKey()) {
                    case "default" -> fs.root();
                    case "top" -> fs.subvolumeRoot(Key.FS_TREE);
                    default -> throw new AssertionError("unknown view " + v.getKey());
                };
                Walk w = new Walk(fs, v.getKey().equals("default"));
                w.entry(".", root, null);
                w.checkLinks();
                assertThat(w.lines).as("%s, view %s: the library's entries against the kernel's", name, v.getKey())
                        .containsExactlyInAnyOrderElementsOf(v.getValue());
                if (name.equals("kernel-holes") || name.equals("kernel-log")) assertThat(w.contiguous).as("files read without a copy").isPositive();
            }
        }
    }

    /** Walks a tree of directories (crossing into subvolumes) and renders each path as a manifest entry. */
    private static final class Walk {
        final Btrfs fs;
        final List<String> lines = new ArrayList<>();
        /** Regular files the library gave straight from the image ({@link Btrfs#contiguous}). */
        int contiguous;
        /** For every non-directory inode met: the (parent inode, name) pairs it was found under. */
        final Map<Node, Set<String>> names = new HashMap<>();

        /** Whether paths are relative to the default subvolume, so that {@link Btrfs#resolve} must find them too. */
        final boolean resolvable;

        Walk(Btrfs fs, boolean resolvable) {
            this.fs = fs;
            this.resolvable = resolvable;
        }

        void entry(String path, Node node, Node parent) throws Exception {
            if (resolvable) assertThat(fs.resolve(path, false)).as("resolve %s", path).isEqualTo(node);
            Inode i = fs.inode(node);
            FileType t = i.type();
            boolean standIn = node.ino() == Key.EMPTY_SUBVOL_DIR && t == FileType.DIRECTORY;
            String sha = "-", target = "-", rdev = "-";
            switch (t) {
                case REGULAR -> {
                    sha = sha256(node);
                    java.util.Optional<java.lang.foreign.MemorySegment> direct = fs.contiguous(node);
                    if (direct.isPresent()) { // the image's own bytes, uncopied: the same as the file read
                        contiguous++;
                        assertThat(HEX.formatHex(MessageDigest.getInstance("SHA-256").digest(
                                direct.get().toArray(java.lang.foreign.ValueLayout.JAVA_BYTE)))).as("contiguous %s", path).isEqualTo(sha);
                    }
                }
                case SYMLINK -> target = fs.readlink(node);
                case CHAR_DEVICE, BLOCK_DEVICE -> rdev = i.major() + ":" + i.minor();
                default -> { }
            }
            lines.add(String.join("\t", letter(t), Integer.toOctalString(i.mode()), Integer.toUnsignedString(i.uid()),
                    Integer.toUnsignedString(i.gid()), Long.toString(i.size()), Integer.toString(i.nlink()),
                    Long.toString(node.ino()), standIn ? "-" : ns(i.mtime()), standIn ? "-" : ns(i.ctime()), rdev, sha,
                    xattrs(node), path, target));
            if (t != FileType.DIRECTORY) {
                names.computeIfAbsent(node, n -> new TreeSet<>()).add(parent.ino() + "/" + path.substring(path.lastIndexOf('/') + 1));
                return;
            }
            for (DirEntry e : fs.list(node)) {
                String p = path.equals(".") ? e.name() : path + "/" + e.name();
                assertThat(fs.lookup(node, e.name())).as("DIR_ITEM lookup of %s", p)
                        .hasValueSatisfying(l -> assertThat(l.node()).isEqualTo(e.node()));
                assertThat(fs.inode(e.node()).type()).as("directory entry type of %s", p).isEqualTo(e.type());
                assertThat(p.split("/")).as("depth of %s", p).hasSizeLessThan(64);
                entry(p, e.node(), node);
            }
        }

        /** Every name of an inode (INODE_REF and INODE_EXTREF) is one the walk found it under. */
        void checkLinks() throws BtrfsException {
            for (Map.Entry<Node, Set<String>> e : names.entrySet()) {
                Set<String> links = new TreeSet<>();
                for (Btrfs.Link l : fs.links(e.getKey())) links.add(l.parentIno() + "/" + l.name());
                assertThat(links).as("names of inode %s", e.getKey()).isEqualTo(e.getValue());
            }
        }

        String sha256(Node node) throws Exception {
            MessageDigest md = MessageDigest.getInstance("SHA-256");
            try (InputStream in = fs.open(node)) {
                byte[] b = new byte[1 << 16];
                for (int n; (n = in.read(b)) > 0; ) md.update(b, 0, n);
            }
            return HEX.formatHex(md.digest());
        }

        String xattrs(Node node) throws BtrfsException {
            TreeSet<String> out = new TreeSet<>();
            fs.xattrs(node).forEach((k, v) -> {
                if (k.startsWith("user.")) out.add(k + "=" + HEX.formatHex(v));
            });
            return out.isEmpty() ? "-" : String.join(";", out);
        }
    }

    static String letter(FileType t) {
        return switch (t) {
            case REGULAR -> "f";
            case DIRECTORY -> "d";
            case SYMLINK -> "l";
            case FIFO -> "p";
            case CHAR_DEVICE -> "c";
            case BLOCK_DEVICE -> "b";
            case SOCKET -> "s";
            case UNKNOWN -> "?";
        };
    }

    static String ns(Instant t) {
        return Long.toString(Math.addExact(Math.multiplyExact(t.getEpochSecond(), 1_000_000_000L), t.getNano()));
    }

    static java.util.stream.Stream<Arguments> coverage() {
        return java.util.stream.Stream.of(
                Arguments.of("kernel-compress", List.of("inline:zlib", "inline:lzo", "inline:zstd", "regular:zlib", "regular:lzo",
                        "regular:zstd", "lzo:padded", "regular:zlib:offset", "regular:lzo:offset", "regular:zstd:offset", "regular:none",
                        "shared", "shared:lzo"), List.of("hole", "prealloc")),
                Arguments.of("kernel-holes", List.of("hole", "prealloc", "prealloc:past-eof", "prealloc:over-old-data", "regular:none", "regular:none:offset",
                        "inline:none", "shared", "extref", "nodatasum"), List.of("regular:zlib", "regular:lzo", "regular:zstd")),
                Arguments.of("kernel-subvol", List.of("inline:none", "snapshot", "read-only", "nested", "stand-in"), List.of()),
                Arguments.of("kernel-log", List.of("inline:none", "regular:none"), List.of()));
    }

    /** Whether the kernel moved one of an lzo extent's segment headers to the next sector (fewer than 4 bytes left). */
    static boolean lzoPadded(MemorySegment d) {
        long total = Le.u32(d, 0), pos = 4;
        while (pos < total) {
            long left = 4096 - pos % 4096;
            if (left < 4) return true;
            pos += 4 + Le.u32(d, pos);
        }
        return false;
    }

    /**
     * The images hold what they were made to hold (so a regenerated set cannot quietly lose
     * coverage): kinds of extent, names and subvolumes, from the raw items of every tree.
     */
    @ParameterizedTest(name = "{0}")
    @MethodSource("coverage")
    void fixtureHoldsWhatItWasMadeFor(String name, List<String> present, List<String> absent) throws Exception {
        Manifest m = manifest(name);
        Set<String> seen = new TreeSet<>();
        try (Btrfs fs = Btrfs.open(image(name, m))) {
            List<Long> trees = new ArrayList<>(List.of(Key.FS_TREE));
            Map<Long, Long> parents = new HashMap<>();
            for (Subvolume s : fs.subvolumes()) {
                trees.add(s.id());
                parents.put(s.id(), s.parent());
                if (s.isSnapshot()) seen.add("snapshot");
                if (s.readOnly()) seen.add("read-only");
                if (s.parent() != Key.FS_TREE) seen.add("nested");
            }
            for (long tree : trees) {
                Map<Long, Long> sizes = new HashMap<>();
                Map<Long, Integer> refs = new HashMap<>();
                fs.scanItems(tree, new Key(0, 0, 0), new Key(-1L, 255, -1L), (k, d) -> {
                    Node n = new Node(tree, k.objectid());
                    switch (k.type()) {
                        case Key.INODE_ITEM -> {
                            Inode i = Inode.parse(n, d);
                            sizes.put(k.objectid(), i.size());
                            if ((i.flags() & Inode.FLAG_NODATASUM) != 0 && i.type() == FileType.REGULAR) seen.add("nodatasum");
                        }
                        case Key.INODE_EXTREF -> seen.add("extref");
                        case Key.DIR_INDEX -> {
                            // an entry for a subvolume that is not this tree's child: a snapshot's stand-in
                            for (DirItems.Raw r : DirItems.parse(d, "coverage"))
                                if (r.location().type() == Key.ROOT_ITEM && parents.get(r.location().objectid()) != tree)
                                    seen.add("stand-in");
                        }
                        case Key.EXTENT_DATA -> {
                            FileExtent e = FileExtent.parse(n, k.offset(), d);
                            String algo = Decompress.name(e.compression());
                            switch (e.type()) {
                                case FileExtent.INLINE -> seen.add("inline:" + algo);
                                case FileExtent.PREALLOC -> {
                                    seen.add("prealloc");
                                    if (k.offset() >= sizes.getOrDefault(k.objectid(), Long.MAX_VALUE)) {
                                        seen.add("prealloc:past-eof");
                                    } else {
                                        MemorySegment old = fs.vol.read(e.diskBytenr() + e.offset(), e.length(), 0);
                                        if (old.elements(ValueLayout.JAVA_BYTE).anyMatch(b -> b.get(ValueLayout.JAVA_BYTE, 0) != 0))
                                            seen.add("prealloc:over-old-data"); // which must read as zeros
                                    }
                                }
                                default -> {
                                    if (e.diskBytenr() == 0) {
                                        seen.add("hole");
                                    } else {
                                        seen.add("regular:" + algo);
                                        if (e.compression() == Decompress.LZO && lzoPadded(fs.vol.read(e.diskBytenr(), e.diskNumBytes(), 0)))
                                            seen.add("lzo:padded");
                                        if (e.offset() > 0) seen.add("regular:" + algo + ":offset");
                                        if (refs.merge(e.diskBytenr(), 1, Integer::sum) == 2) {
                                            seen.add("shared");
                                            seen.add("shared:" + algo);
                                        }
                                    }
                                }
                            }
                        }
                        default -> { }
                    }
                    return true;
                });
            }
        }
        assertThat(seen).as("what %s holds", name).containsAll(present);
        for (String a : absent) assertThat(seen).as("what %s holds", name).doesNotContain(a);
    }
}
