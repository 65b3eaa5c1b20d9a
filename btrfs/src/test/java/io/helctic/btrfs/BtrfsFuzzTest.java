package io.helctic.btrfs;

import static org.assertj.core.api.Assertions.assertThat;

import com.code_intelligence.jazzer.api.FuzzedDataProvider;
import com.code_intelligence.jazzer.junit.FuzzTest;
import java.io.IOException;
import java.io.InputStream;
import java.io.RandomAccessFile;
import java.lang.foreign.MemorySegment;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.regex.Pattern;
import java.util.zip.CRC32C;
import org.junit.jupiter.api.Timeout;

/**
 * Fuzzes the whole reader with damaged images. The fuzzer's bytes do not form an image: they
 * choose which blocks of a small valid image ({@link FuzzBaseImage}) to damage and how — header
 * fields, item keys, item offsets and sizes, child pointers, bytes inside items, slices spliced
 * from other blocks, a whole block transplanted, the superblock's fields and sys_chunk_array, a
 * truncated file — and whether to rewrite the checksum of each damaged block (mostly yes, so the
 * damage gets past checksum verification; sometimes no). The image is then opened through the
 * public API and walked: subvolumes, every directory listing and lookup, inodes, names, xattrs,
 * every file read whole, symlinks read and followed.
 *
 * <p>The only acceptable failure is a {@link BtrfsException} whose message names what is wrong
 * and where. Anything else — an unchecked exception or error, a hang, an error that slipped past
 * the explicit checks into {@code Btrfs.guard}'s safety net ("malformed metadata: ..."), or one
 * that does not say where — is a finding.
 *
 * <p>Without {@code JAZZER_FUZZ} this is a regression test over the inputs in
 * {@code src/test/resources/io/helctic/btrfs/BtrfsFuzzTestInputs/mutatedImage}; the empty input
 * walks the undamaged image, which must give no error at all. A campaign (see
 * docs/ARCHITECTURE.md): {@code JAZZER_FUZZ=1 ./mvnw -B -pl btrfs test -Dtest=BtrfsFuzzTest}.
 */
class BtrfsFuzzTest {
    /** Per file, bytes read through the stream; larger (sparse) files are read this far. */
    private static final int READ_CAP = 1 << 20;
    /** Inodes visited per image, so that a damaged directory graph cannot make the walk itself long. */
    private static final int VISIT_CAP = 500;
    /** A message must say where: an address, an offset, a tree, an inode, a chunk, a directory. */
    private static final Pattern WHERE = Pattern.compile(
            "logical|offset|inode|tree|superblock|chunk|device|directory|sys_chunk_array|image");
    private static final String[] PATHS = {"hello.txt", "/link", "link-abs/f/leaf", "/link-dir/leaf", "d/e/f/../f/leaf",
        "loop-a", "dangling", "many/entry-59", "hard", "nope/x", "hello.txt/x"};

    private static Base base;

    /** The valid image, its file, and where its tree blocks are. */
    private record Base(SparseImage image, Path file, Map<Long, byte[]> pages, List<Block> blocks, int nodeSize,
                        int sysArraySize, long[] interesting) {}

    /** A tree block of a tree the reader uses, by physical offset in the image file. */
    private record Block(long physical, long logical) {}

    private static synchronized Base base() throws IOException {
        if (base != null) return base;
        SparseImage img;
        try (InputStream in = BtrfsFuzzTest.class.getResourceAsStream(FuzzBaseImage.RESOURCE)) {
            img = SparseImage.read(in);
        }
        Path dir = Files.createTempDirectory("btrfs-fuzz");
        Path file = dir.resolve("image");
        img.materialize(file);
        file.toFile().deleteOnExit();
        dir.toFile().deleteOnExit();
        Map<Long, byte[]> pages = new LinkedHashMap<>();
        for (SparseImage.Page p : img.pages()) pages.put(p.offset(), p.data());
        ByteBuffer sb = ByteBuffer.wrap(pages.get(Superblock.OFFSETS[0])).order(ByteOrder.LITTLE_ENDIAN);
        int nodeSize = sb.getInt(0x94);
        assertThat(nodeSize).as("the base image has 4 KiB nodes").isEqualTo(SparseImage.PAGE);
        byte[] fsid = new byte[16];
        sb.get(0x20, fsid);
        // Tree blocks are found without the library: fsid in place and a good crc32c.
        List<Block> blocks = new ArrayList<>();
        List<Long> interesting = new ArrayList<>(List.of(0L, 1L, -1L, 2L, 7L, 8L, 0x65L, 4095L, 4096L, 4097L, 16384L,
                65536L, 0x7fL, 0x80L, 0xffL, 0x100L, 0x7fffL, 0x8000L, 0xffffL, 0x7fffffffL, 0x80000000L, 0xffffffffL,
                Long.MAX_VALUE, Long.MIN_VALUE, img.length(), img.length() - 4096, 16L << 20, 1L << 30));
        for (SparseImage.Page p : img.pages()) {
            ByteBuffer b = ByteBuffer.wrap(p.data()).order(ByteOrder.LITTLE_ENDIAN);
            byte[] id = new byte[16];
            b.get(0x20, id);
            if (!java.util.Arrays.equals(id, fsid) || b.getInt(0) != crc32c(p.data(), 0x20, nodeSize)) continue;
            long owner = b.getLong(0x58);
            if (owner == Key.ROOT_TREE || owner == Key.CHUNK_TREE || owner == Key.FS_TREE || owner == Key.CSUM_TREE) {
                blocks.add(new Block(p.offset(), b.getLong(0x30)));
                interesting.add(b.getLong(0x30));
            }
        }
        assertThat(blocks).as("tree blocks of the base image").hasSizeGreaterThan(5);
        base = new Base(img, file, pages, List.copyOf(blocks), nodeSize, sb.getInt(0xa0),
                interesting.stream().mapToLong(Long::longValue).toArray());
        return base;
    }

    static int crc32c(byte[] b, int from, int to) {
        CRC32C c = new CRC32C();
        c.update(b, from, to - from);
        return (int) c.getValue();
    }

    @FuzzTest(maxDuration = "3m")
    @Timeout(10)
    void mutatedImage(FuzzedDataProvider data) throws Exception {
        Base b = base();
        Map<Long, byte[]> changed = new LinkedHashMap<>();
        int rounds = data.consumeInt(0, 4);
        for (int r = 0; r < rounds; r++) mutate(b, data, changed);
        long truncate = -1;
        if (rounds > 0 && data.consumeInt(0, 15) == 0) {
            truncate = data.consumeBoolean() ? data.consumeLong(0, b.image.length())
                    : b.blocks.get(data.consumeInt(0, b.blocks.size() - 1)).physical + data.consumeInt(0, b.nodeSize);
        }
        // Rewrite the checksums of most damaged blocks, with the (maybe damaged) superblock's algorithm.
        int csumType = ByteBuffer.wrap(changed.getOrDefault(Superblock.OFFSETS[0], b.pages.get(Superblock.OFFSETS[0])))
                .order(ByteOrder.LITTLE_ENDIAN).getShort(0xc4) & 0xffff;
        ChecksumType csum = ChecksumType.of(csumType);
        for (Map.Entry<Long, byte[]> e : changed.entrySet()) {
            if (csum != null && data.consumeInt(0, 7) != 0) {
                byte[] page = e.getValue();
                int size = e.getKey() == Superblock.OFFSETS[0] ? Superblock.SIZE : b.nodeSize;
                byte[] c = csum.compute(MemorySegment.ofArray(page).asSlice(0x20, size - 0x20));
                java.util.Arrays.fill(page, 0, 0x20, (byte) 0);
                System.arraycopy(c, 0, page, 0, c.length);
            }
        }
        Walk w = new Walk();
        try {
            write(b.file, changed, truncate);
            walk(b.file, w);
        } finally {
            restore(b, changed, truncate);
        }
        if (rounds == 0) {
            // the undamaged image: only the errors it was made to have, and the walk really covered it
            assertThat(w.errors).as("errors on the undamaged image")
                    .allMatch(m -> m.matches("/?(loop-[ab]|dangling|nope/x|hello\\.txt/x): .*"));
            assertThat(w.inodes).isGreaterThan(80);
            assertThat(w.bytes).isGreaterThan(50_000);
        }
    }

    private static final int[] HEADER_FIELDS = {0x30, 0x50, 0x58, 0x60, 0x64};
    private static final int[] LEAF_ITEM_FIELDS = {0, 8, 9, 17, 21};
    private static final int[] NODE_PTR_FIELDS = {0, 8, 9, 17, 25};
    private static final int[] SB_FIELDS = {0x30, 0x40, 0x48, 0x50, 0x58, 0x60, 0x70, 0x80, 0x88, 0x90, 0x94, 0x9c,
        0xa0, 0xa4, 0xbc, 0xc4, 0xc6, 0xc7, 0xc8, 0xc9, 0xd1, 0xd9, 0x23b};
    private static final int[] WIDTHS = {1, 2, 4, 8};

    /** One damage to one block (or the superblock), chosen by the fuzzer. */
    private static void mutate(Base b, FuzzedDataProvider data, Map<Long, byte[]> changed) {
        int t = data.consumeInt(0, b.blocks.size());
        boolean sb = t == b.blocks.size();
        long phys = sb ? Superblock.OFFSETS[0] : b.blocks.get(t).physical;
        int size = sb ? Superblock.SIZE : b.nodeSize;
        byte[] page = changed.computeIfAbsent(phys, p -> b.pages.get(p).clone());
        ByteBuffer bb = ByteBuffer.wrap(page).order(ByteOrder.LITTLE_ENDIAN);
        switch (data.consumeInt(0, 5)) {
            case 0 -> { // one field
                int off = offset(b, data, bb, sb, size);
                int width = WIDTHS[data.consumeInt(0, 3)];
                off = Math.min(off, size - width);
                long old = get(bb, off, width);
                long v = switch (data.consumeInt(0, 5)) {
                    case 0 -> data.consumeLong();
                    case 1 -> old + data.consumeInt(-16, 16);
                    case 2 -> b.interesting[data.consumeInt(0, b.interesting.length - 1)];
                    case 3 -> old ^ (1L << data.consumeInt(0, width * 8 - 1));
                    case 4 -> b.blocks.get(data.consumeInt(0, b.blocks.size() - 1)).logical + data.consumeInt(-64, 64);
                    default -> data.consumeInt(0, 300);
                };
                put(bb, off, width, v);
            }
            case 1 -> { // bytes of the fuzzer's choosing
                int off = offset(b, data, bb, sb, size);
                byte[] x = data.consumeBytes(Math.min(data.consumeInt(1, 32), size - off));
                System.arraycopy(x, 0, page, off, x.length);
            }
            case 2 -> { // a slice of another block (or of this one) copied over
                byte[] from = data.consumeBoolean() ? page.clone() : b.pages.get(b.blocks.get(data.consumeInt(0, b.blocks.size() - 1)).physical);
                int src = offset(b, data, bb, sb, size), dst = offset(b, data, bb, sb, size);
                int len = Math.min(data.consumeInt(1, size), Math.min(size - src, size - dst));
                System.arraycopy(from, src, page, dst, len);
            }
            case 3 -> { // another block transplanted here, claiming this address
                if (sb) break;
                byte[] from = b.pages.get(b.blocks.get(data.consumeInt(0, b.blocks.size() - 1)).physical);
                long logical = bb.getLong(0x30);
                System.arraycopy(from, 0, page, 0, size);
                if (data.consumeBoolean()) bb.putLong(0x30, logical);
            }
            case 4 -> { // two item slots swapped
                if (sb) break;
                int n = Math.max(1, (int) Math.min(bb.getInt(0x60) & 0xffffffffL, 160));
                int per = page[0x64] == 0 ? TreeBlock.LEAF_ITEM : TreeBlock.KEY_PTR;
                int i = data.consumeInt(0, n - 1), j = data.consumeInt(0, n - 1);
                int oi = TreeBlock.HEADER + i * per, oj = TreeBlock.HEADER + j * per;
                if (oi + per > size || oj + per > size) break;
                byte[] tmp = java.util.Arrays.copyOfRange(page, oi, oi + per);
                System.arraycopy(page, oj, page, oi, per);
                System.arraycopy(tmp, 0, page, oj, per);
            }
            default -> { // a range zeroed
                int off = offset(b, data, bb, sb, size);
                java.util.Arrays.fill(page, off, Math.min(size, off + data.consumeInt(1, 512)), (byte) 0);
            }
        }
    }

    /** An offset in the block: a header field, a field of an item slot, a byte inside an item's data, or any. */
    private static int offset(Base b, FuzzedDataProvider data, ByteBuffer bb, boolean sb, int size) {
        if (sb) {
            return switch (data.consumeInt(0, 2)) {
                case 0 -> SB_FIELDS[data.consumeInt(0, SB_FIELDS.length - 1)];
                case 1 -> 0x32b + data.consumeInt(0, Math.max(0, Math.min(b.sysArraySize, 2048) - 1));
                default -> data.consumeInt(0, size - 1);
            };
        }
        int n = (int) Math.min(bb.getInt(0x60) & 0xffffffffL, 160);
        boolean leaf = bb.get(0x64) == 0;
        int per = leaf ? TreeBlock.LEAF_ITEM : TreeBlock.KEY_PTR;
        int off = switch (data.consumeInt(0, 3)) {
            case 0 -> HEADER_FIELDS[data.consumeInt(0, HEADER_FIELDS.length - 1)];
            case 1 -> n == 0 ? 0x60 : TreeBlock.HEADER + data.consumeInt(0, n - 1) * per
                    + (leaf ? LEAF_ITEM_FIELDS : NODE_PTR_FIELDS)[data.consumeInt(0, 4)];
            case 2 -> {
                if (n == 0 || !leaf) yield data.consumeInt(0, size - 1);
                int slot = TreeBlock.HEADER + data.consumeInt(0, n - 1) * per;
                if (slot + per > size) yield data.consumeInt(0, size - 1);
                long start = TreeBlock.HEADER + (bb.getInt(slot + 17) & 0xffffffffL);
                long len = bb.getInt(slot + 21) & 0xffffffffL;
                yield (int) Math.min(size - 1, start + data.consumeLong(0, Math.max(0, len - 1)));
            }
            default -> data.consumeInt(0, size - 1);
        };
        return Math.max(0, Math.min(off, size - 1));
    }

    private static long get(ByteBuffer bb, int off, int width) {
        return switch (width) {
            case 1 -> bb.get(off) & 0xff;
            case 2 -> bb.getShort(off) & 0xffff;
            case 4 -> bb.getInt(off) & 0xffffffffL;
            default -> bb.getLong(off);
        };
    }

    private static void put(ByteBuffer bb, int off, int width, long v) {
        switch (width) {
            case 1 -> bb.put(off, (byte) v);
            case 2 -> bb.putShort(off, (short) v);
            case 4 -> bb.putInt(off, (int) v);
            default -> bb.putLong(off, v);
        }
    }

    private static void write(Path file, Map<Long, byte[]> changed, long truncate) throws IOException {
        try (RandomAccessFile f = new RandomAccessFile(file.toFile(), "rw")) {
            for (Map.Entry<Long, byte[]> e : changed.entrySet()) {
                f.seek(e.getKey());
                f.write(e.getValue());
            }
            if (truncate >= 0) f.setLength(truncate);
        }
    }

    private static void restore(Base b, Map<Long, byte[]> changed, long truncate) throws IOException {
        try (RandomAccessFile f = new RandomAccessFile(b.file.toFile(), "rw")) {
            if (truncate >= 0) f.setLength(b.image.length());
            for (SparseImage.Page p : b.image.pages()) {
                if (changed.containsKey(p.offset()) || (truncate >= 0 && p.offset() + SparseImage.PAGE > truncate)) {
                    f.seek(p.offset());
                    f.write(p.data());
                }
            }
        }
    }

    /** What one walk saw. */
    static final class Walk {
        final Set<Node> seen = new HashSet<>();
        final List<String> errors = new ArrayList<>();
        int inodes;
        long bytes;
    }

    interface Call<T> { T call() throws Exception; }

    /**
     * Runs one library call: its answer, or null after a clean error. A clean error is a
     * BtrfsException (for stream reads, an IOException carrying one) whose message says what
     * and where; everything else propagates as a finding.
     */
    static <T> T attempt(Walk w, String what, Call<T> c) throws Exception {
        try {
            return c.call();
        } catch (BtrfsException e) {
            clean(e, what);
            w.errors.add(e.getMessage());
            return null;
        } catch (IOException e) {
            if (!(e.getCause() instanceof BtrfsException be)) throw e;
            clean(be, what);
            w.errors.add(be.getMessage());
            return null;
        }
    }

    private static void clean(BtrfsException e, String what) {
        String m = e.getMessage();
        if (m == null || m.isBlank()) throw new AssertionError(what + ": BtrfsException without a message", e);
        if (m.startsWith("malformed metadata")) throw new AssertionError(what + ": slipped past the explicit checks: " + m, e);
        if (!WHERE.matcher(m).find() && !m.startsWith(what + ": "))
            throw new AssertionError(what + ": error does not say where: " + m, e);
    }

    static void walk(Path file, Walk w) throws Exception {
        Btrfs fs = attempt(w, "open", () -> Btrfs.open(file));
        if (fs == null) return;
        try (fs) {
            Superblock sb = fs.superblock();
            sb.incompatFeatures();
            sb.compatRoFeatures();
            fs.warnings();
            fs.chunkSummary();
            fs.hasUnreplayedLog();
            fs.defaultSubvolume();
            Node root = attempt(w, "root", fs::root);
            if (root != null) visit(fs, root, "", w);
            List<Subvolume> subs = attempt(w, "subvolumes", fs::subvolumes);
            if (subs != null)
                for (Subvolume s : subs) {
                    Node r = attempt(w, "subvolume " + s.id(), () -> fs.subvolumeRoot(s.id()));
                    if (r != null) visit(fs, r, s.path(), w);
                }
            for (String p : PATHS) {
                attempt(w, p, () -> fs.resolve(p, true));
                attempt(w, p, () -> fs.resolve(p, false));
            }
        }
    }

    private static void visit(Btrfs fs, Node node, String path, Walk w) throws Exception {
        if (!w.seen.add(node) || w.seen.size() > VISIT_CAP) return;
        String at = path.isEmpty() ? "/" : path;
        Inode i = attempt(w, at, () -> fs.inode(node));
        attempt(w, at, () -> fs.xattrs(node));
        attempt(w, at, () -> fs.links(node));
        if (i == null) return;
        w.inodes++;
        switch (i.type()) {
            case DIRECTORY -> {
                List<DirEntry> entries = attempt(w, at, () -> fs.list(node));
                if (entries == null) return;
                for (DirEntry e : entries) {
                    attempt(w, at, () -> fs.lookup(node, e.name()));
                    visit(fs, e.node(), path + "/" + e.name(), w);
                }
            }
            case REGULAR -> {
                attempt(w, at, () -> {
                    try (InputStream in = fs.open(node)) {
                        byte[] buf = new byte[64 << 10];
                        long total = 0;
                        for (int n; total < READ_CAP && (n = in.read(buf)) > 0; ) total += n;
                        w.bytes += total;
                    }
                    return null;
                });
                if (i.size() <= READ_CAP) attempt(w, at, () -> fs.readAll(node));
            }
            case SYMLINK -> {
                attempt(w, at, () -> fs.readlink(node));
                if (!path.isEmpty()) attempt(w, path, () -> fs.resolve(path, true));
            }
            default -> {
                i.major();
                i.minor();
            }
        }
    }
}
