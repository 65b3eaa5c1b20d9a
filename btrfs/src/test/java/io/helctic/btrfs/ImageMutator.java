package io.helctic.btrfs;

import static org.assertj.core.api.Assertions.assertThat;

import com.code_intelligence.jazzer.api.FuzzedDataProvider;
import io.airlift.compress.v3.zstd.ZstdJavaCompressor;
import java.io.IOException;
import java.io.InputStream;
import java.io.RandomAccessFile;
import java.lang.foreign.MemorySegment;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.zip.CRC32C;
import java.util.zip.Deflater;

/**
 * Damages {@link FuzzBaseImage}'s image as a fuzzer's bytes say, in a file that is restored
 * after each run. The damage is structural: it knows the tree block header, leaf item slots,
 * node key pointers, the fields of the item types the reader parses, and the superblock, so
 * that few bytes of fuzzer input go a long way past the checks. What mkfs.btrfs 6.2 does not
 * write is made here as "variants" of the image that the damage then applies to: compressed
 * extents (zlib, LZO, zstd, inline and regular, data checksums included) and a snapshot.
 *
 * <p>The corpus in {@code BtrfsFuzzTestInputs} means something only through these choices
 * and the base image: changing either (another variant, another field) changes what each
 * input does. The inputs then have to be found again: undo the fixes they guard, fuzz, keep
 * the crashing inputs under descriptive names.
 */
final class ImageMutator {
    private static final int SB = 0x10000;

    final SparseImage image;
    final Path file;
    final int nodeSize;
    private final Map<Long, byte[]> pages = new LinkedHashMap<>();
    /** Tree blocks of the trees the reader uses, by physical offset, and their logical addresses. */
    private final List<long[]> blocks = new ArrayList<>();
    private final List<Map<Long, byte[]>> variants = new ArrayList<>();
    private final long[] interesting;
    private final int sysArraySize;

    private ImageMutator(SparseImage image, Path file) throws Exception {
        this.image = image;
        this.file = file;
        for (SparseImage.Page p : image.pages()) pages.put(p.offset(), p.data());
        ByteBuffer sb = le(pages.get((long) SB));
        nodeSize = sb.getInt(0x94);
        sysArraySize = sb.getInt(0xa0);
        assertThat(nodeSize).as("the base image has 4 KiB nodes").isEqualTo(SparseImage.PAGE);
        byte[] fsid = Arrays.copyOfRange(pages.get((long) SB), 0x20, 0x30);
        List<Long> values = new ArrayList<>(List.of(0L, 1L, -1L, 2L, 5L, 6L, 7L, 8L, 0x65L, 256L, 4095L, 4096L, 4097L,
                16384L, 65536L, 0x7fL, 0x80L, 0xffL, 0x7fffL, 0x8000L, 0xffffL, 0x7fffffffL, 0x80000000L, 0xffffffffL,
                Long.MAX_VALUE, Long.MIN_VALUE, image.length(), image.length() - 4096, 16L << 20, 1L << 30,
                // item types, and the modes of a directory, a file and a symlink
                1L, 12L, 13L, 24L, 84L, 96L, 108L, 128L, 132L, 144L, 156L, 228L, 040755L, 0100644L, 0120777L));
        // Tree blocks are found without the library: fsid in place and a good crc32c.
        for (SparseImage.Page p : image.pages()) {
            ByteBuffer b = le(p.data());
            if (!Arrays.equals(Arrays.copyOfRange(p.data(), 0x20, 0x30), fsid) || b.getInt(0) != crc32c(p.data(), 0x20, nodeSize))
                continue;
            long owner = b.getLong(0x58);
            if (owner == Key.ROOT_TREE || owner == Key.CHUNK_TREE || owner == Key.FS_TREE || owner == Key.CSUM_TREE) {
                blocks.add(new long[] {p.offset(), b.getLong(0x30)});
                values.add(b.getLong(0x30));
            }
        }
        assertThat(blocks).as("tree blocks of the base image").hasSizeGreaterThan(5);
        interesting = values.stream().mapToLong(Long::longValue).toArray();
        try (Btrfs fs = Btrfs.open(file)) {
            for (int c = Decompress.ZLIB; c <= Decompress.ZSTD; c++) {
                variants.add(inlineCompressed(fs, "inline-2000", c));
                variants.add(regularCompressed(fs, "forty-k", c));
            }
            variants.add(regularCompressed(fs, "five-k", Decompress.ZSTD));
            variants.add(subvolume(fs));
        }
    }

    private static ImageMutator instance;

    static synchronized ImageMutator get() throws Exception {
        if (instance != null) return instance;
        SparseImage img;
        try (InputStream in = ImageMutator.class.getResourceAsStream(FuzzBaseImage.RESOURCE)) {
            img = SparseImage.read(in);
        }
        Path dir = Files.createTempDirectory("btrfs-fuzz");
        Path file = dir.resolve("image");
        img.materialize(file);
        file.toFile().deleteOnExit();
        dir.toFile().deleteOnExit();
        return instance = new ImageMutator(img, file);
    }

    static ByteBuffer le(byte[] b) { return ByteBuffer.wrap(b).order(ByteOrder.LITTLE_ENDIAN); }

    static int crc32c(byte[] b, int from, int to) {
        CRC32C c = new CRC32C();
        c.update(b, from, to - from);
        return (int) c.getValue();
    }

    // ---- variants: compressed extents -------------------------------------------------------

    /** A copy of the page at physical {@code phys} for a variant, from the variant if it has it. */
    private byte[] page(Map<Long, byte[]> v, long phys) {
        return v.computeIfAbsent(phys, p -> pages.containsKey(p) ? pages.get(p).clone() : new byte[SparseImage.PAGE]);
    }

    private static long physical(Btrfs fs, long logical) throws BtrfsException {
        ChunkMap.Chunk c = fs.vol.chunks.find(logical, 1);
        return c.copies()[0] + logical - c.logical();
    }

    /** The leaf of tree {@code tree} holding {@code key}, and the item's slot in it. */
    private static Map.Entry<TreeBlock, Integer> leaf(Btrfs fs, long tree, Key key) throws BtrfsException {
        Superblock sb = fs.superblock();
        TreeBlock t = tree == Key.ROOT_TREE ? fs.vol.block(sb.root(), sb.rootLevel())
                : fs.vol.block(fs.root(tree).bytenr(), fs.root(tree).level());
        while (true) {
            int idx = 0;
            for (int i = 0; i < t.nritems; i++) if (t.key(i).compareTo(key) <= 0) idx = i;
            if (t.isLeaf()) return Map.entry(t, idx);
            t = fs.vol.block(t.childPtr(idx), t.level - 1);
        }
    }

    private static byte[] compress(int type, byte[] plain, int sector) {
        return switch (type) {
            case Decompress.ZLIB -> {
                Deflater d = new Deflater(6);
                d.setInput(plain);
                d.finish();
                byte[] buf = new byte[plain.length + 1024];
                int n = d.deflate(buf);
                d.end();
                yield Arrays.copyOf(buf, n);
            }
            case Decompress.LZO -> DecompressTest.lzoFrame(plain, sector);
            default -> {
                ZstdJavaCompressor c = new ZstdJavaCompressor();
                byte[] buf = new byte[c.maxCompressedLength(plain.length)];
                yield Arrays.copyOf(buf, c.compress(plain, 0, plain.length, buf, 0, buf.length));
            }
        };
    }

    /** File {@code name}'s inline extent recompressed in place, zero-padded, as the kernel could have written it. */
    private Map<Long, byte[]> inlineCompressed(Btrfs fs, String name, int type) throws Exception {
        Node n = fs.resolve(name, false);
        Map.Entry<TreeBlock, Integer> at = leaf(fs, n.tree(), new Key(n.ino(), Key.EXTENT_DATA, 0));
        TreeBlock t = at.getKey();
        int slot = at.getValue(), off = (int) (TreeBlock.HEADER + t.itemOffset(slot)), size = (int) t.itemSize(slot);
        Map<Long, byte[]> v = new LinkedHashMap<>();
        byte[] leaf = page(v, physical(fs, t.logical));
        assertThat(leaf[off + 20]).as(name + " is inline").isEqualTo((byte) FileExtent.INLINE);
        byte[] plain = Arrays.copyOfRange(leaf, off + FileExtent.HEADER, off + size);
        byte[] z = compress(type, plain, fs.superblock().sectorSize());
        assertThat(z.length).isLessThan(plain.length);
        Arrays.fill(leaf, off + FileExtent.HEADER, off + size, (byte) 0);
        System.arraycopy(z, 0, leaf, off + FileExtent.HEADER, z.length);
        leaf[off + 16] = (byte) type;
        le(leaf).putLong(off + 8, plain.length);
        le(leaf).putInt(0, crc32c(leaf, 0x20, nodeSize));
        return v;
    }

    /** File {@code name}'s one regular extent recompressed in place, with its data checksums. */
    private Map<Long, byte[]> regularCompressed(Btrfs fs, String name, int type) throws Exception {
        Node n = fs.resolve(name, false);
        int ss = fs.superblock().sectorSize();
        Map.Entry<TreeBlock, Integer> at = leaf(fs, n.tree(), new Key(n.ino(), Key.EXTENT_DATA, 0));
        TreeBlock t = at.getKey();
        int slot = at.getValue(), off = (int) (TreeBlock.HEADER + t.itemOffset(slot));
        FileExtent e = FileExtent.parse(n, 0, t.item(slot));
        assertThat(e.type()).isEqualTo(FileExtent.REGULAR);
        Map<Long, byte[]> v = new LinkedHashMap<>();
        byte[] plain = new byte[(int) e.diskNumBytes()];
        for (int p = 0; p < plain.length; p += ss)
            System.arraycopy(pages.get(physical(fs, e.diskBytenr() + p)), 0, plain, p, ss);
        byte[] z = compress(type, plain, ss);
        int disk = (z.length + ss - 1) / ss * ss;
        assertThat(disk).isLessThan(plain.length);
        for (int p = 0; p < plain.length; p += ss) {
            byte[] d = page(v, physical(fs, e.diskBytenr() + p));
            Arrays.fill(d, (byte) 0);
            if (p < z.length) System.arraycopy(z, p, d, 0, Math.min(ss, z.length - p));
        }
        byte[] leafPage = page(v, physical(fs, t.logical));
        ByteBuffer lb = le(leafPage);
        leafPage[off + 16] = (byte) type;
        lb.putLong(off + 8, plain.length); // ram_bytes
        lb.putLong(off + 29, disk);        // disk_num_bytes
        le(leafPage).putInt(0, crc32c(leafPage, 0x20, nodeSize));
        // the data checksums of the rewritten sectors
        Map.Entry<TreeBlock, Integer> cs = leaf(fs, Key.CSUM_TREE, new Key(Key.CSUM_OBJECTID, Key.EXTENT_CSUM, e.diskBytenr()));
        TreeBlock ct = cs.getKey();
        Key ck = ct.key(cs.getValue());
        byte[] csumPage = page(v, physical(fs, ct.logical));
        int item = (int) (TreeBlock.HEADER + ct.itemOffset(cs.getValue()));
        for (int p = 0; p < disk; p += ss) {
            long idx = (e.diskBytenr() + p - ck.offset()) / ss;
            byte[] d = v.get(physical(fs, e.diskBytenr() + p));
            le(csumPage).putInt(item + (int) idx * 4, crc32c(d, 0, ss));
        }
        le(csumPage).putInt(0, crc32c(csumPage, 0x20, nodeSize));
        return v;
    }

    /** An item of a leaf being rebuilt. */
    private record Item(Key key, byte[] data) {}

    /**
     * Leaf {@code page} with {@code extra} items added, repacked as btrfs packs them (headers
     * after the block header in key order, data from the end backwards), or null if they do not fit.
     */
    private byte[] withItems(byte[] page, List<Item> extra) {
        ByteBuffer b = le(page);
        List<Item> items = new ArrayList<>();
        for (int i = 0; i < b.getInt(0x60); i++) {
            int slot = TreeBlock.HEADER + i * TreeBlock.LEAF_ITEM;
            int off = TreeBlock.HEADER + b.getInt(slot + 17), size = b.getInt(slot + 21);
            items.add(new Item(Key.read(MemorySegment.ofArray(page), slot), Arrays.copyOfRange(page, off, off + size)));
        }
        items.addAll(extra);
        items.sort((x, y) -> x.key().compareTo(y.key()));
        byte[] out = Arrays.copyOf(page, nodeSize);
        Arrays.fill(out, TreeBlock.HEADER, nodeSize, (byte) 0);
        ByteBuffer o = le(out);
        int end = nodeSize - TreeBlock.HEADER;
        for (int i = 0; i < items.size(); i++) {
            Item it = items.get(i);
            end -= it.data().length;
            int slot = TreeBlock.HEADER + i * TreeBlock.LEAF_ITEM;
            if (end < (i + 1) * TreeBlock.LEAF_ITEM) return null;
            o.putLong(slot, it.key().objectid()).put(slot + 8, (byte) it.key().type()).putLong(slot + 9, it.key().offset());
            o.putInt(slot + 17, end).putInt(slot + 21, it.data().length);
            System.arraycopy(it.data(), 0, out, TreeBlock.HEADER + end, it.data().length);
        }
        o.putInt(0x60, items.size());
        o.putInt(0, crc32c(out, 0x20, nodeSize));
        return out;
    }

    /** Adds {@code item} to the leaf of tree {@code tree} where its key belongs, in variant {@code v}. */
    private void insert(Btrfs fs, Map<Long, byte[]> v, long tree, Item item) throws BtrfsException {
        long phys = physical(fs, leaf(fs, tree, item.key()).getKey().logical);
        byte[] page = withItems(page(v, phys), List.of(item));
        assertThat(page).as("room for " + item.key() + " in its leaf").isNotNull();
        v.put(phys, page);
    }

    /**
     * A snapshot "snap" of the top-level tree, in its root directory: a ROOT_ITEM for tree 256
     * sharing the top level's root block (as a fresh snapshot does), ROOT_REF and ROOT_BACKREF,
     * and the directory's DIR_ITEM and DIR_INDEX pointing at it. mkfs.btrfs 6.2 makes none.
     */
    private Map<Long, byte[]> subvolume(Btrfs fs) throws Exception {
        Map<Long, byte[]> v = new LinkedHashMap<>();
        long id = 256, dir = fs.root(Key.FS_TREE).rootDirid();
        byte[] name = "snap".getBytes(java.nio.charset.StandardCharsets.US_ASCII);
        Map.Entry<TreeBlock, Integer> fsRoot = leaf(fs, Key.ROOT_TREE, new Key(Key.FS_TREE, Key.ROOT_ITEM, 0));
        byte[] rootItem = Le.bytes(fsRoot.getKey().item(fsRoot.getValue()), 0, 239); // a v1 item: it must fit the leaf
        long index = 0;
        for (DirEntry e : fs.list(new Node(Key.FS_TREE, dir))) index = Math.max(index, e.index() + 1);
        ByteBuffer ref = le(new byte[18 + name.length]);
        ref.putLong(0, dir).putLong(8, index).putShort(16, (short) name.length).put(18, name);
        insert(fs, v, Key.ROOT_TREE, new Item(new Key(id, Key.ROOT_ITEM, 0), rootItem));
        insert(fs, v, Key.ROOT_TREE, new Item(new Key(Key.FS_TREE, Key.ROOT_REF, id), ref.array()));
        insert(fs, v, Key.ROOT_TREE, new Item(new Key(id, Key.ROOT_BACKREF, Key.FS_TREE), ref.array()));
        ByteBuffer entry = le(new byte[DirItems.HEADER + name.length]);
        entry.putLong(0, id).put(8, (byte) Key.ROOT_ITEM).putLong(9, -1L).putLong(17, fs.superblock().generation())
                .putShort(25, (short) 0).putShort(27, (short) name.length).put(29, (byte) 2).put(DirItems.HEADER, name);
        insert(fs, v, Key.FS_TREE, new Item(new Key(dir, Key.DIR_ITEM, Crc32c.nameHash(name)), entry.array()));
        insert(fs, v, Key.FS_TREE, new Item(new Key(dir, Key.DIR_INDEX, index), entry.array()));
        return v;
    }

    // ---- damage --------------------------------------------------------------------------------

    private static final int[] HEADER_FIELDS = {0x30, 0x50, 0x58, 0x60, 0x64};
    private static final int[] LEAF_SLOT_FIELDS = {0, 8, 9, 17, 21};
    private static final int[] NODE_SLOT_FIELDS = {0, 8, 9, 17, 25};
    private static final int[] SB_FIELDS = {0x30, 0x40, 0x48, 0x50, 0x58, 0x60, 0x70, 0x80, 0x88, 0x90, 0x94, 0x9c,
        0xa0, 0xa4, 0xbc, 0xc4, 0xc6, 0xc7, 0xc8, 0xc9, 0xd1, 0xd9, 0x23b};
    private static final int[] CHUNK_FIELDS = {0, 8, 16, 24, 32, 36, 40, 44, 46, 48, 56, 64};
    private static final int[] WIDTHS = {1, 2, 4, 8};

    /** Offsets of the fields the reader parses, by item type. */
    private static int[] itemFields(int type) {
        return switch (type) {
            case Key.INODE_ITEM -> new int[] {0, 16, 24, 40, 52, 56, 64, 112, 120, 124, 136, 148};
            case Key.INODE_REF -> new int[] {0, 8, 10};
            case Key.INODE_EXTREF -> new int[] {0, 8, 16, 18};
            case Key.XATTR_ITEM, Key.DIR_ITEM, Key.DIR_INDEX -> new int[] {0, 8, 9, 17, 25, 27, 29, 30};
            case Key.EXTENT_DATA -> new int[] {0, 8, 16, 17, 18, 20, 21, 29, 37, 45};
            case Key.ROOT_ITEM -> new int[] {160, 168, 176, 208, 216, 238, 239, 247, 263, 339};
            case Key.ROOT_REF, Key.ROOT_BACKREF -> new int[] {0, 8, 16, 18};
            case Key.CHUNK_ITEM -> CHUNK_FIELDS;
            default -> new int[] {0, 4, 8};
        };
    }

    /** The pages of one damaged image: a variant, then 0..4 damages, then maybe a truncation. */
    final class Damage {
        final Map<Long, byte[]> changed = new LinkedHashMap<>();
        long truncate = -1;
        int rounds;
    }

    int variants() { return variants.size(); }

    /** Variant {@code i}, undamaged. */
    Damage variant(int i) {
        Damage d = new Damage();
        for (Map.Entry<Long, byte[]> e : variants.get(i).entrySet()) d.changed.put(e.getKey(), e.getValue().clone());
        return d;
    }

    Damage damage(FuzzedDataProvider data) {
        Damage d = new Damage();
        int variant = data.consumeInt(0, variants.size());
        if (variant > 0) for (Map.Entry<Long, byte[]> e : variants.get(variant - 1).entrySet()) d.changed.put(e.getKey(), e.getValue().clone());
        d.rounds = data.consumeInt(0, 4);
        for (int r = 0; r < d.rounds; r++) damageOne(data, d.changed);
        if (d.rounds > 0 && data.consumeInt(0, 15) == 0)
            d.truncate = data.consumeBoolean() ? data.consumeLong(0, image.length())
                    : blocks.get(data.consumeInt(0, blocks.size() - 1))[0] + data.consumeInt(0, nodeSize);
        // Rewrite the checksums of most damaged blocks, with the (maybe damaged) superblock's algorithm.
        ChecksumType csum = ChecksumType.of(le(d.changed.getOrDefault((long) SB, pages.get((long) SB))).getShort(0xc4) & 0xffff);
        for (Map.Entry<Long, byte[]> e : d.changed.entrySet()) {
            boolean sb = e.getKey() == SB;
            if (!sb && !isBlock(e.getKey())) continue; // data
            if (csum != null && data.consumeInt(0, 7) != 0) {
                byte[] page = e.getValue();
                byte[] c = csum.compute(MemorySegment.ofArray(page).asSlice(0x20, (sb ? Superblock.SIZE : nodeSize) - 0x20));
                Arrays.fill(page, 0, 0x20, (byte) 0);
                System.arraycopy(c, 0, page, 0, c.length);
            }
        }
        return d;
    }

    private boolean isBlock(long phys) {
        for (long[] b : blocks) if (b[0] == phys) return true;
        return false;
    }

    /** One damage to one tree block (or the superblock). */
    private void damageOne(FuzzedDataProvider data, Map<Long, byte[]> changed) {
        int t = data.consumeInt(0, blocks.size());
        boolean sb = t == blocks.size();
        long phys = sb ? SB : blocks.get(t)[0];
        int size = sb ? Superblock.SIZE : nodeSize;
        byte[] page = changed.computeIfAbsent(phys, p -> pages.get(p).clone());
        ByteBuffer bb = le(page);
        switch (data.consumeInt(0, 5)) {
            case 0 -> { // one field
                int off = offset(data, bb, sb, size);
                int width = WIDTHS[data.consumeInt(0, 3)];
                off = Math.min(off, size - width);
                long old = get(bb, off, width);
                long v = switch (data.consumeInt(0, 5)) {
                    case 0 -> data.consumeLong();
                    case 1 -> old + data.consumeInt(-16, 16);
                    case 2 -> interesting[data.consumeInt(0, interesting.length - 1)];
                    case 3 -> old ^ (1L << data.consumeInt(0, width * 8 - 1));
                    case 4 -> blocks.get(data.consumeInt(0, blocks.size() - 1))[1] + data.consumeInt(-64, 64);
                    default -> data.consumeInt(0, 300);
                };
                put(bb, off, width, v);
            }
            case 1 -> { // bytes of the fuzzer's choosing
                int off = offset(data, bb, sb, size);
                byte[] x = data.consumeBytes(Math.min(data.consumeInt(1, 32), size - off));
                System.arraycopy(x, 0, page, off, x.length);
            }
            case 2 -> { // a slice of another block (or of this one) copied over
                byte[] from = data.consumeBoolean() ? page.clone() : pages.get(blocks.get(data.consumeInt(0, blocks.size() - 1))[0]);
                int src = offset(data, bb, sb, size), dst = offset(data, bb, sb, size);
                int len = Math.min(data.consumeInt(1, size), Math.min(size - src, size - dst));
                System.arraycopy(from, src, page, dst, len);
            }
            case 3 -> { // another block transplanted here, maybe claiming this address
                if (sb) break;
                byte[] from = pages.get(blocks.get(data.consumeInt(0, blocks.size() - 1))[0]);
                long logical = bb.getLong(0x30);
                System.arraycopy(from, 0, page, 0, size);
                if (data.consumeBoolean()) bb.putLong(0x30, logical);
            }
            case 4 -> { // two item slots swapped
                if (sb) break;
                int per = page[0x64] == 0 ? TreeBlock.LEAF_ITEM : TreeBlock.KEY_PTR;
                int n = Math.max(1, (int) Math.min(bb.getInt(0x60) & 0xffffffffL, (size - TreeBlock.HEADER) / per));
                int oi = TreeBlock.HEADER + data.consumeInt(0, n - 1) * per, oj = TreeBlock.HEADER + data.consumeInt(0, n - 1) * per;
                byte[] tmp = Arrays.copyOfRange(page, oi, oi + per);
                System.arraycopy(page, oj, page, oi, per);
                System.arraycopy(tmp, 0, page, oj, per);
            }
            default -> { // a range zeroed
                int off = offset(data, bb, sb, size);
                Arrays.fill(page, off, Math.min(size, off + data.consumeInt(1, 512)), (byte) 0);
            }
        }
    }

    /**
     * An offset in the block: a header field, a field of an item slot or key pointer, a field of
     * an item's data by its type, any byte of an item's data, or any byte at all.
     */
    private int offset(FuzzedDataProvider data, ByteBuffer bb, boolean sb, int size) {
        if (sb) {
            return switch (data.consumeInt(0, 3)) {
                case 0 -> SB_FIELDS[data.consumeInt(0, SB_FIELDS.length - 1)];
                case 1 -> 0x32b + data.consumeInt(0, Math.max(0, Math.min(sysArraySize, 2048) - 1));
                case 2 -> 0x32b + Key.SIZE + CHUNK_FIELDS[data.consumeInt(0, CHUNK_FIELDS.length - 1)];
                default -> data.consumeInt(0, size - 1);
            };
        }
        boolean leaf = bb.get(0x64) == 0;
        int per = leaf ? TreeBlock.LEAF_ITEM : TreeBlock.KEY_PTR;
        int n = (int) Math.min(bb.getInt(0x60) & 0xffffffffL, (size - TreeBlock.HEADER) / per);
        int mode = data.consumeInt(0, 4);
        if (n == 0 && mode != 0) mode = 4;
        if (!leaf && mode > 1) mode = 4;
        int slot = mode == 1 || mode == 2 || mode == 3 ? TreeBlock.HEADER + data.consumeInt(0, n - 1) * per : 0;
        long start = leaf ? TreeBlock.HEADER + (bb.getInt(slot + 17) & 0xffffffffL) : 0;
        long len = leaf ? bb.getInt(slot + 21) & 0xffffffffL : 0;
        long off = switch (mode) {
            case 0 -> HEADER_FIELDS[data.consumeInt(0, HEADER_FIELDS.length - 1)];
            case 1 -> slot + (leaf ? LEAF_SLOT_FIELDS : NODE_SLOT_FIELDS)[data.consumeInt(0, 4)];
            case 2 -> {
                int[] f = itemFields(bb.get(slot + 8) & 0xff);
                yield start + f[data.consumeInt(0, f.length - 1)];
            }
            case 3 -> start + data.consumeLong(0, Math.max(0, len - 1));
            default -> data.consumeInt(0, size - 1);
        };
        return (int) Math.max(0, Math.min(off, size - 1));
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

    // ---- the image file ------------------------------------------------------------------------

    void write(Damage d) throws IOException {
        try (RandomAccessFile f = new RandomAccessFile(file.toFile(), "rw")) {
            for (Map.Entry<Long, byte[]> e : d.changed.entrySet()) {
                f.seek(e.getKey());
                f.write(e.getValue());
            }
            if (d.truncate >= 0) f.setLength(d.truncate);
        }
    }

    void restore(Damage d) throws IOException {
        try (RandomAccessFile f = new RandomAccessFile(file.toFile(), "rw")) {
            if (d.truncate >= 0) f.setLength(image.length());
            for (Map.Entry<Long, byte[]> e : d.changed.entrySet()) {
                f.seek(e.getKey());
                f.write(pages.getOrDefault(e.getKey(), new byte[SparseImage.PAGE]));
            }
            if (d.truncate >= 0)
                for (SparseImage.Page p : image.pages())
                    if (p.offset() + SparseImage.PAGE > d.truncate) {
                        f.seek(p.offset());
                        f.write(p.data());
                    }
        }
    }
}
