package io.helctic.btrfs;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.OutputStream;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.UserDefinedFileAttributeView;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.condition.EnabledIfSystemProperty;
import org.junit.jupiter.api.io.TempDir;

/**
 * Makes the valid image that {@link BtrfsFuzzTest} mutates, {@value #RESOURCE} in the test
 * resources: a small tree (inline and regular files, a directory big enough for a two-level fs
 * tree, nesting, symlinks including a loop, a hard link, xattrs, a FIFO, as root a device) made
 * with mkfs.btrfs --rootdir --shrink, 4 KiB nodes, SINGLE metadata, crc32c. The image is kept
 * (not made at test time) so that corpus inputs, which name blocks and offsets in it, stay
 * meaningful. Regenerating it invalidates the corpus. To regenerate:
 * {@code ./mvnw -B -pl btrfs test -Dtest=FuzzBaseImage -Dhelctic.btrfs.regenerateFuzzBase=true}
 */
class FuzzBaseImage {
    static final String RESOURCE = "fuzz-base.sparse.gz";

    /** Compressible, deterministic file contents. */
    static byte[] text(int n, int seed) {
        StringBuilder b = new StringBuilder(n + 64);
        for (int i = 0; b.length() < n; i++) b.append("helctic fuzz seed ").append(seed).append(" line ").append(i).append('\n');
        return b.substring(0, n).getBytes(StandardCharsets.US_ASCII);
    }

    static void populate(Path root) throws Exception {
        Files.write(root.resolve("hello.txt"), "hello, btrfs\n".getBytes(StandardCharsets.US_ASCII));
        UserDefinedFileAttributeView v = Files.getFileAttributeView(root.resolve("hello.txt"), UserDefinedFileAttributeView.class);
        v.write("color", ByteBuffer.wrap("blue".getBytes(StandardCharsets.US_ASCII)));
        v.write("empty", ByteBuffer.allocate(0));
        v.write("big", ByteBuffer.wrap(text(900, 1)));
        Files.write(root.resolve("empty"), new byte[0]);
        Files.write(root.resolve("inline-2000"), text(2000, 2));
        Files.write(root.resolve("five-k"), text(5000, 3));
        Files.write(root.resolve("forty-k"), text(40_000, 4));
        Path many = Files.createDirectories(root.resolve("many"));
        for (int i = 0; i < 60; i++) Files.write(many.resolve("entry-" + i), text(i * 7, 100 + i));
        Path deep = Files.createDirectories(root.resolve("d/e/f"));
        Files.write(deep.resolve("leaf"), "deep\n".getBytes(StandardCharsets.US_ASCII));
        Files.getFileAttributeView(root.resolve("d"), UserDefinedFileAttributeView.class)
                .write("dir", ByteBuffer.wrap(new byte[] {'x'}));
        Files.createSymbolicLink(root.resolve("link"), Path.of("hello.txt"));
        Files.createSymbolicLink(root.resolve("link-abs"), Path.of("/d/e"));
        Files.createSymbolicLink(root.resolve("link-dir"), Path.of("d/e/f"));
        Files.createSymbolicLink(root.resolve("dangling"), Path.of("nowhere"));
        Files.createSymbolicLink(root.resolve("loop-a"), Path.of("loop-b"));
        Files.createSymbolicLink(root.resolve("loop-b"), Path.of("loop-a"));
        Files.createLink(root.resolve("hard"), root.resolve("hello.txt"));
        Files.writeString(root.resolve("n".repeat(255)), "long name");
        Files.writeString(root.resolve("unicodé ☃.txt"), "snow");
        Images.run("mkfifo", root.resolve("fifo").toString());
        if (Images.ROOT) Images.run("mknod", root.resolve("null").toString(), "c", "1", "3");
    }

    @Test
    @EnabledIfSystemProperty(named = "helctic.btrfs.regenerateFuzzBase", matches = "true")
    void regenerate(@TempDir Path tmp) throws Exception {
        Path src = Files.createDirectories(tmp.resolve("src"));
        populate(src);
        Path img = Images.mkfs(src, tmp.resolve("base.img"), "-n", "4096", "-m", "single", "-d", "single", "--shrink");
        try (Btrfs fs = Btrfs.open(img)) {
            assertThat(fs.readAll(fs.resolve("forty-k", true))).isEqualTo(text(40_000, 4));
            assertThat(fs.root(5).level()).as("fs tree with a node above its leaves").isPositive();
        }
        Path out = Path.of(System.getProperty("helctic.root"), "btrfs/src/test/resources/io/helctic/btrfs", RESOURCE);
        try (OutputStream o = Files.newOutputStream(out)) {
            SparseImage.of(img).write(o);
        }
    }
}
