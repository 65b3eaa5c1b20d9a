package io.helctic.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.io.RandomAccessFile;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.stream.Stream;
import java.util.zip.CRC32C;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/**
 * {@code helctic btrfs extract}: an image mkfs.btrfs made from a tree comes out as that tree, names
 * byte for byte (non-UTF-8 ones too), with modes, mtimes, symlinks, hard links, FIFOs and user
 * xattrs, as GNU find sees both; and an image is untrusted (issue 20): entries whose names were
 * rewritten in the image to '..', '/abs', 'a/../../x', one holding a NUL, or a name twice, are
 * refused with one line naming the inode, and nothing is created outside the output directory.
 */
class BtrfsExtractTest {
    @TempDir Path tmp;

    static String sh(Path cwd, String script) throws IOException, InterruptedException {
        Process p = new ProcessBuilder("bash", "-c", script).directory(cwd.toFile()).redirectErrorStream(true).start();
        String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.ISO_8859_1);
        assertThat(p.waitFor()).as("%s:%n%s", script, out).isZero();
        return out;
    }

    Path mkfs(Path src, String name) throws IOException, InterruptedException {
        Path img = tmp.resolve(name);
        String mkfs = Stream.of("/usr/sbin/mkfs.btrfs", "/sbin/mkfs.btrfs", "/usr/bin/mkfs.btrfs")
                .filter(f -> Files.isExecutable(Path.of(f))).findFirst()
                .orElseThrow(() -> new AssertionError("mkfs.btrfs is missing: ./test installs btrfs-progs"));
        sh(tmp, "truncate -s 114M " + img + " && " + mkfs + " -q -f --rootdir " + src + " " + img);
        return img;
    }

    /** What GNU find says of a tree: kind, mode, size, whole-second mtime, link count, name bytes, link target. */
    static String listing(Path dir) throws IOException, InterruptedException {
        return sh(dir, "find . -mindepth 1 -printf '%y %m %s %n %p -> %l\\n' | LC_ALL=C sort | od -c | sed 's/^[0-9]* *//'")
                + sh(dir, "find . -mindepth 1 ! -type l -printf '%T@ %p\\n' | sed 's/\\.[0-9]* / /' | LC_ALL=C sort | od -c");
    }

    @Test
    void anImageComesOutAsTheTreeItWasMadeFrom() throws Exception {
        Path src = Files.createDirectory(tmp.resolve("src"));
        sh(src, """
                set -e
                mkdir -p d/e/f sub
                printf 'hello\\n' > hello.txt
                head -c 100000 /dev/urandom > big
                printf 'x' > $'caf\\xc3\\xa9' && printf 'y' > $'caf\\xe9' && printf 'z' > $'a\\xff\\xfe'
                mkdir $'dir\\xff' && printf 'in' > $'dir\\xff/inner'
                ln hello.txt d/e/f/hard && ln hello.txt sub/hard2
                ln -s hello.txt rel && ln -s /no/such/target dangling && ln -s $'t\\xff' oddlink
                mkfifo fifo
                chmod 0640 hello.txt && chmod 0751 d && chmod 4755 big
                touch -d '2001-02-03 04:05:06' big d/e sub
                """);
        Files.getFileAttributeView(src.resolve("big"), java.nio.file.attribute.UserDefinedFileAttributeView.class)
                .write("note", StandardCharsets.US_ASCII.encode("kept"));
        Path img = mkfs(src, "img");
        Path out = tmp.resolve("out");
        CommandLineTest.Result r = CommandLineTest.helctic("btrfs", "extract", img.toString(), out.toString());
        assertThat(r.err()).isEmpty();
        assertThat(r.status()).isZero();
        assertThat(listing(out)).isEqualTo(listing(src));
        var x = Files.getFileAttributeView(out.resolve("big"), java.nio.file.attribute.UserDefinedFileAttributeView.class);
        ByteBuffer v = ByteBuffer.allocate(16);
        x.read("note", v);
        assertThat(new String(v.array(), 0, v.position(), StandardCharsets.US_ASCII)).isEqualTo("kept");
        assertThat(Files.getAttribute(out.resolve("hello.txt"), "unix:ino"))
                .isEqualTo(Files.getAttribute(out.resolve("sub/hard2"), "unix:ino"));
        // extracting again into the same directory overwrites nothing: the first name made already exists
        r = CommandLineTest.helctic("btrfs", "extract", img.toString(), out.toString());
        assertThat(r.status()).isEqualTo(1);
        assertThat(r.err().lines()).hasSize(1);
        assertThat(r.err()).contains("File exists");
    }

    /**
     * Rewrites every occurrence of {@code from} in the image's metadata to {@code to} (same length)
     * and puts right the checksum of each tree block it touched (crc32c of bytes 32.. of the node,
     * in its first 4 bytes), so the image reads as if a writer had made those names.
     */
    static void rename(Path img, byte[] from, byte[] to) throws IOException {
        byte[] all = Files.readAllBytes(img);
        ByteBuffer sb = ByteBuffer.wrap(all, 0x10000, 4096).order(ByteOrder.LITTLE_ENDIAN);
        byte[] fsid = new byte[16];
        System.arraycopy(all, 0x10000 + 32, fsid, 0, 16);
        int nodesize = sb.getInt(0x10000 + 0x94);
        int hits = 0;
        java.util.Set<Integer> blocks = new java.util.TreeSet<>();
        for (int i = 0x20000; i + from.length <= all.length; i++) {
            if (!java.util.Arrays.equals(all, i, i + from.length, from, 0, from.length)) continue;
            int block = i / nodesize * nodesize;
            if (i - block < 101 + 3) continue; // in a node's header
            if (!java.util.Arrays.equals(all, block + 32, block + 48, fsid, 0, 16)) continue; // not in a tree block
            int len3 = (all[i - 3] & 0xff) | (all[i - 2] & 0xff) << 8, len2 = (all[i - 2] & 0xff) | (all[i - 1] & 0xff) << 8;
            if (len3 != from.length && len2 != from.length) continue; // not a name: a DIR_ITEM's or INODE_REF's length precedes it
            System.arraycopy(to, 0, all, i, to.length);
            blocks.add(block);
            hits++;
        }
        assertThat(hits).as("occurrences of the name in tree blocks").isPositive();
        for (int block : blocks) {
            CRC32C c = new CRC32C();
            c.update(all, block + 32, nodesize - 32);
            ByteBuffer.wrap(all, block, 4).order(ByteOrder.LITTLE_ENDIAN).putInt((int) c.getValue());
        }
        try (RandomAccessFile f = new RandomAccessFile(img.toFile(), "rw")) {
            f.write(all);
        }
    }

    @ParameterizedTest(name = "an entry named {1}")
    @CsvSource(delimiter = '|', value = {
        "QQ | .. | the name of the directory itself or of its parent",
        "QQQQQ | /abs/ | a '/' in its name",
        "QQQQQQQQQ | a/../../x | a '/' in its name",
        "QQQQQ | ab\\0cd | a NUL in its name",
        "QQQQ | DUPE | appears twice"})
    void aCraftedNameIsRefusedAndNothingLandsOutside(String placeholder, String crafted, String why) throws Exception {
        Path src = Files.createDirectory(tmp.resolve("src"));
        Path sub = Files.createDirectories(src.resolve("sub"));
        Files.writeString(sub.resolve(placeholder), "planted\n");
        Files.writeString(sub.resolve("DUPE"), "first\n");
        Files.createDirectory(sub.resolve("x"));
        Path img = mkfs(src, "img");
        rename(img, placeholder.getBytes(StandardCharsets.US_ASCII), crafted.replace("\\0", "\0").getBytes(StandardCharsets.ISO_8859_1));
        Path work = Files.createDirectory(tmp.resolve("work"));
        Path out = work.resolve("out");
        List<Path> before;
        try (Stream<Path> s = Files.walk(tmp.getRoot().resolve("abs").getParent(), 1)) {
            before = s.toList();
        }
        CommandLineTest.Result r = CommandLineTest.helctic("btrfs", "extract", img.toString(), out.toString());
        assertThat(r.status()).isEqualTo(1);
        assertThat(r.err().lines()).as(r.err()).hasSize(1);
        assertThat(r.err()).startsWith("helctic btrfs: " + img + ": ").contains("/sub").contains(why).contains("refused")
                .containsPattern("inode \\d+:\\d+").doesNotContain("Exception");
        try (Stream<Path> s = Files.list(work)) {
            assertThat(s.toList()).as("only the output directory in its parent").containsExactly(out);
        }
        try (Stream<Path> s = Files.walk(tmp.getRoot().resolve("abs").getParent(), 1)) {
            assertThat(s.toList()).as("nothing new at the host's /").isEqualTo(before);
        }
        assertThat(Files.exists(tmp.resolve("x"))).isFalse();
    }
}
