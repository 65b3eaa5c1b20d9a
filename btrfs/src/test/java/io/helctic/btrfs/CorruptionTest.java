package io.helctic.btrfs;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.RandomAccessFile;
import java.lang.foreign.MemorySegment;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Random;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/** Damaged images: each gives one BtrfsException naming what and where, never a hang or a JVM error. */
@Timeout(60)
class CorruptionTest {
    @TempDir static Path tmp;
    static Path src;
    static int n;

    @BeforeAll
    static void tree() throws Exception {
        src = Files.createDirectories(tmp.resolve("src"));
        Random r = new Random(7);
        Path many = Files.createDirectories(src.resolve("many"));
        for (int i = 0; i < 600; i++) Files.write(many.resolve("file-" + i), Images.random(r, i % 500));
        Files.write(src.resolve("big"), Images.random(r, 200_000));
    }

    static Path image(String profile) throws Exception {
        return Images.mkfs(src, tmp.resolve("img" + n++), "-m", profile, "-n", "4096");
    }

    /** Reads every file of the image (the whole fs tree). */
    static void readEverything(Btrfs fs, Node dir) throws Exception {
        for (DirEntry e : fs.list(dir)) {
            assertThat(fs.lookup(dir, e.name())).isPresent();
            if (e.type() == FileType.DIRECTORY) readEverything(fs, e.node());
            else fs.readAll(e.node());
        }
    }

    record Block(long logical, long[] physical, int nodeSize) {}

    /** Where the root of the top-level fs tree is. */
    static Block fsRoot(Path img) throws Exception {
        try (Btrfs fs = Btrfs.open(img)) {
            long logical = fs.root(5).bytenr();
            ChunkMap.Chunk c = fs.vol.chunks.find(logical, fs.superblock().nodeSize());
            long[] phys = new long[c.copies().length];
            for (int i = 0; i < phys.length; i++) phys[i] = c.copies()[i] + logical - c.logical();
            return new Block(logical, phys, fs.superblock().nodeSize());
        }
    }

    /** Applies {@code edit} to the block at {@code phys} and rewrites its crc32c. */
    static void edit(Path img, long phys, int nodeSize, java.util.function.Consumer<ByteBuffer> edit) throws Exception {
        try (RandomAccessFile f = new RandomAccessFile(img.toFile(), "rw")) {
            byte[] b = new byte[nodeSize];
            f.seek(phys);
            f.readFully(b);
            ByteBuffer bb = ByteBuffer.wrap(b).order(ByteOrder.LITTLE_ENDIAN);
            edit.accept(bb);
            byte[] c = ChecksumType.CRC32C.compute(MemorySegment.ofArray(b).asSlice(0x20));
            System.arraycopy(c, 0, b, 0, c.length);
            f.seek(phys);
            f.write(b);
        }
    }

    static void poke(Path img, long off, byte[] bytes) throws Exception {
        try (RandomAccessFile f = new RandomAccessFile(img.toFile(), "rw")) {
            f.seek(off);
            f.write(bytes);
        }
    }

    @Test
    void truncatedImage() throws Exception {
        Path img = image("single");
        try (RandomAccessFile f = new RandomAccessFile(img.toFile(), "rw")) { f.setLength(1 << 20); }
        assertThatThrownBy(() -> Btrfs.open(img)).isInstanceOf(BtrfsException.class)
                .hasMessageContaining("beyond the end of the image").hasMessageContaining("logical");
        try (RandomAccessFile f = new RandomAccessFile(img.toFile(), "rw")) { f.setLength(100); }
        assertThatThrownBy(() -> Btrfs.open(img)).isInstanceOf(BtrfsException.class)
                .hasMessageContaining("too small for a superblock");
    }

    @Test
    void randomBytes() throws Exception {
        Path img = tmp.resolve("random");
        Files.write(img, Images.random(new Random(3), 4 << 20));
        assertThatThrownBy(() -> Btrfs.open(img)).isInstanceOf(BtrfsException.class)
                .hasMessageStartingWith("no valid superblock").hasMessageContaining("bad magic");
        Files.write(img, new byte[0]);
        assertThatThrownBy(() -> Btrfs.open(img)).isInstanceOf(BtrfsException.class);
        assertThatThrownBy(() -> Btrfs.open(tmp.resolve("missing"))).isInstanceOf(BtrfsException.class)
                .hasMessageContaining("cannot read the image");
    }

    @Test
    void wrongMagicFallsBackToTheMirrorThenFails() throws Exception {
        Path img = image("single");
        poke(img, 0x10040, "XXXXXXXX".getBytes());
        try (Btrfs fs = Btrfs.open(img)) {
            assertThat(fs.superblock().offset()).isEqualTo(64L << 20);
            assertThat(fs.warnings()).singleElement().asString().contains("bad magic").contains("mirror at offset 67108864");
            readEverything(fs, fs.root());
        }
        poke(img, (64L << 20) + 0x40, "XXXXXXXX".getBytes());
        assertThatThrownBy(() -> Btrfs.open(img)).isInstanceOf(BtrfsException.class)
                .hasMessageContaining("superblock at offset 65536: bad magic")
                .hasMessageContaining("superblock at offset 67108864: bad magic");
    }

    @Test
    void damagedPrimarySuperblockChecksum() throws Exception {
        Path img = image("single");
        poke(img, 0x10000 + 0x100, new byte[] {1, 2, 3});
        try (Btrfs fs = Btrfs.open(img)) {
            assertThat(fs.warnings()).singleElement().asString().contains("checksum mismatch");
        }
    }

    @Test
    void badTreeBlockChecksum() throws Exception {
        Path img = image("single");
        Block b = fsRoot(img);
        poke(img, b.physical[0] + 200, new byte[] {(byte) 0xAA, 0x55});
        try (Btrfs fs = Btrfs.open(img)) {
            assertThatThrownBy(() -> readEverything(fs, fs.root())).isInstanceOf(BtrfsException.class)
                    .hasMessageContaining("checksum mismatch (crc32c)").hasMessageContaining("logical " + b.logical);
        }
    }

    @Test
    void dupReadsTheOtherCopy() throws Exception {
        Path img = image("dup");
        Block b = fsRoot(img);
        assertThat(b.physical).hasSize(2);
        poke(img, b.physical[0] + 200, new byte[] {(byte) 0xAA, 0x55});
        try (Btrfs fs = Btrfs.open(img)) {
            readEverything(fs, fs.root());
            assertThat(fs.warnings()).singleElement().asString()
                    .contains("tree block at logical " + b.logical).contains("read copy 2");
        }
    }

    @Test
    void loopInTheTree() throws Exception {
        Path img = image("single");
        Block b = fsRoot(img);
        // the root is a node: point its second child at its first
        edit(img, b.physical[0], b.nodeSize, bb -> {
            assertThat(bb.get(0x64)).as("fs tree root level").isPositive();
            int p0 = 0x65 + 17, p1 = 0x65 + 33 + 17;
            bb.putLong(p1, bb.getLong(p0));
            bb.putLong(p1 + 8, bb.getLong(p0 + 8));
        });
        try (Btrfs fs = Btrfs.open(img)) {
            // a whole-tree walk meets the block twice
            assertThatThrownBy(() -> fs.scanItems(5, new Key(0, 0, 0), new Key(-1L, 255, -1L), (k, d) -> true))
                    .isInstanceOf(BtrfsException.class).hasMessageContaining("loop in the tree");
            // a lookup through the misdirected pointer finds the wrong first key
            assertThatThrownBy(() -> readEverything(fs, fs.root())).isInstanceOf(BtrfsException.class)
                    .hasMessageContaining("differs from its parent's").hasMessageContaining("parent at logical " + b.logical);
        }
        // and at itself
        edit(img, b.physical[0], b.nodeSize, bb -> bb.putLong(0x65 + 17, b.logical));
        try (Btrfs fs = Btrfs.open(img)) {
            assertThatThrownBy(() -> readEverything(fs, fs.root())).isInstanceOf(BtrfsException.class)
                    .hasMessageContaining("logical " + b.logical);
        }
    }

    @Test
    void absurdItemOffset() throws Exception {
        Path img = image("single");
        long leaf;
        long phys;
        try (Btrfs fs = Btrfs.open(img)) {
            // the leaf holding the inode of /big
            Node big = fs.resolve("big", false);
            long[] found = {0};
            Btrfs.Root r = fs.root(5);
            TreeBlock t = fs.vol.block(r.bytenr(), r.level());
            while (!t.isLeaf()) {
                int idx = 0;
                for (int i = 0; i < t.nritems; i++) if (t.key(i).compareTo(new Key(big.ino(), 1, 0)) <= 0) idx = i;
                t = fs.vol.block(t.childPtr(idx), t.level - 1);
            }
            found[0] = t.logical;
            leaf = found[0];
            ChunkMap.Chunk c = fs.vol.chunks.find(leaf, 4096);
            phys = c.copies()[0] + leaf - c.logical();
        }
        edit(img, phys, 4096, bb -> bb.putInt(0x65 + 17, 0x7fffff00));
        try (Btrfs fs = Btrfs.open(img)) {
            // Whether looking up "nope" reads the damaged leaf depends on mkfs's layout: either way, one clear line.
            assertThatThrownBy(() -> fs.resolve("nope/big", false)).isInstanceOf(BtrfsException.class)
                    .satisfies(e -> assertThat(e.getMessage()).matches(
                            "nope/big: (no such file or directory|.*absurd data offset.*logical " + leaf + "\\))"));
            assertThatThrownBy(() -> fs.inode(fs.resolve("big", false))).isInstanceOf(BtrfsException.class)
                    .hasMessageContaining("absurd data offset")
                    .hasMessageContaining("logical " + leaf);
        }
    }

    @Test
    void badDataChecksum() throws Exception {
        Path img = image("single");
        long phys;
        try (Btrfs fs = Btrfs.open(img)) {
            Node big = fs.resolve("big", false);
            long[] disk = {0};
            fs.scanItems(5, Key.min(big.ino(), Key.EXTENT_DATA), Key.max(big.ino(), Key.EXTENT_DATA), (k, d) -> {
                disk[0] = FileExtent.parse(big, k.offset(), d).diskBytenr();
                return false;
            });
            ChunkMap.Chunk c = fs.vol.chunks.find(disk[0], 4096);
            phys = c.copies()[0] + disk[0] - c.logical();
        }
        poke(img, phys + 5000, new byte[] {1, 2, 3, 4});
        try (Btrfs fs = Btrfs.open(img)) {
            assertThatThrownBy(() -> fs.readAll(fs.resolve("big", false))).isInstanceOf(BtrfsException.class)
                    .hasMessageContaining("data checksum mismatch (crc32c) in the sector at logical");
        }
    }
}
