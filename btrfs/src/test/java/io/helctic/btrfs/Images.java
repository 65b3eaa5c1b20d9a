package io.helctic.btrfs;

import java.io.IOException;
import java.io.RandomAccessFile;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.nio.file.attribute.FileTime;
import java.nio.file.attribute.UserDefinedFileAttributeView;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;

/** Source trees generated for tests and btrfs images made from them with mkfs.btrfs --rootdir. */
final class Images {
    private Images() {}

    static final boolean ROOT = "root".equals(System.getProperty("user.name"));

    /** Runs a host command, failing the test with its output if it fails. */
    static String run(String... cmd) throws IOException, InterruptedException {
        Process p = new ProcessBuilder(cmd).redirectErrorStream(true).start();
        String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        if (p.waitFor() != 0) throw new IOException(String.join(" ", cmd) + " failed:\n" + out);
        return out;
    }

    /** Makes sure mkfs.btrfs is there, installing btrfs-progs when we are root and it is not. */
    static synchronized void needMkfs() throws IOException, InterruptedException {
        for (String d : new String[] {"/usr/sbin", "/sbin", "/usr/bin"})
            if (Files.isExecutable(Path.of(d, "mkfs.btrfs"))) return;
        if (!ROOT) throw new IOException("mkfs.btrfs is missing: install btrfs-progs (apt-get install -y btrfs-progs)");
        run("sh", "-c", "apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq btrfs-progs");
    }

    /** mkfs.btrfs --rootdir {@code src} into a fresh 114 MiB sparse image with extra options. */
    static Path mkfs(Path src, Path image, String... opts) throws IOException, InterruptedException {
        needMkfs();
        try (RandomAccessFile f = new RandomAccessFile(image.toFile(), "rw")) {
            f.setLength(114L << 20);
        }
        List<String> cmd = new ArrayList<>(List.of("mkfs.btrfs", "-q", "-f", "-L", "helctic-test", "--rootdir", src.toString()));
        cmd.addAll(List.of(opts));
        cmd.add(image.toString());
        run(cmd.toArray(String[]::new));
        return image;
    }

    static byte[] random(Random r, int n) {
        byte[] b = new byte[n];
        r.nextBytes(b);
        return b;
    }

    /**
     * A tree with files of many sizes (empty, inline, sector edges, multi-extent), nested
     * directories, a directory with enough entries for multi-level trees, symlinks (short,
     * long, dangling), hard links, a FIFO, user xattrs, odd modes, nanosecond mtimes, and as
     * root a device node and other owners.
     */
    static void populate(Path root) throws IOException, InterruptedException {
        Random r = new Random(42);
        int[] sizes = {0, 1, 7, 100, 2047, 2048, 2049, 3000, 4095, 4096, 4097, 8191, 8192, 65536, 131072, 131073,
                       1_000_003, 3 << 20};
        Files.createDirectories(root.resolve("sizes"));
        for (int s : sizes) Files.write(root.resolve("sizes/f" + s), random(r, s));
        Files.write(root.resolve("sizes/zeros"), new byte[300_000]);
        Path deep = root;
        for (int i = 0; i < 12; i++) deep = deep.resolve("d" + i);
        Files.createDirectories(deep);
        Files.writeString(deep.resolve("leaf.txt"), "deep\n");
        Path many = Files.createDirectories(root.resolve("many"));
        for (int i = 0; i < 1200; i++) Files.write(many.resolve("entry-" + i + "-" + "x".repeat(i % 40)), random(r, i % 300));
        Files.writeString(root.resolve("hello.txt"), "hello, btrfs\n");
        Files.createSymbolicLink(root.resolve("link-rel"), Path.of("hello.txt"));
        Files.createSymbolicLink(root.resolve("link-dir"), Path.of("d0/d1"));
        Files.createSymbolicLink(root.resolve("link-dangling"), Path.of("/no/such/target"));
        Files.createSymbolicLink(root.resolve("link-long"), Path.of("a/".repeat(900) + "end"));
        Files.createLink(root.resolve("hard-1"), root.resolve("hello.txt"));
        Files.createLink(deep.resolve("hard-2"), root.resolve("hello.txt"));
        run("mkfifo", root.resolve("fifo").toString());
        String longName = "n".repeat(255);
        Files.writeString(root.resolve(longName), "long name");
        Files.writeString(root.resolve("unicodé ☃.txt"), "snow");
        Path x = root.resolve("with-xattrs");
        Files.writeString(x, "attrs");
        UserDefinedFileAttributeView v = Files.getFileAttributeView(x, UserDefinedFileAttributeView.class);
        v.write("color", ByteBuffer.wrap("blue".getBytes(StandardCharsets.UTF_8)));
        v.write("empty", ByteBuffer.allocate(0));
        v.write("big", ByteBuffer.wrap(random(r, 2000)));
        Files.writeString(root.resolve("mode-4755"), "suid");
        Files.setAttribute(root.resolve("mode-4755"), "unix:mode", 04755);
        Files.writeString(root.resolve("mode-0600"), "private");
        Files.setAttribute(root.resolve("mode-0600"), "unix:mode", 0600);
        if (ROOT) {
            run("mknod", root.resolve("chardev").toString(), "c", "1", "3");
            run("mknod", root.resolve("blockdev").toString(), "b", "259", "1048575");
            Files.writeString(root.resolve("owned"), "owned");
            Files.setAttribute(root.resolve("owned"), "unix:uid", 1234);
            Files.setAttribute(root.resolve("owned"), "unix:gid", 5678);
        }
        // distinct nanosecond mtimes, set last so directory times stick
        int[] n = {0};
        try (var walk = Files.walk(root)) {
            for (Path p : walk.sorted(java.util.Comparator.reverseOrder()).toList()) {
                // setting times opens the file: never on a FIFO or device
                if (Files.isSymbolicLink(p) || !(Files.isRegularFile(p) || Files.isDirectory(p))) continue;
                Instant t = Instant.ofEpochSecond(1_600_000_000L + n[0]++ * 1000, 123_456_789L + n[0]);
                Files.setLastModifiedTime(p, FileTime.from(t));
            }
        }
        Files.getLastModifiedTime(root, LinkOption.NOFOLLOW_LINKS);
    }
}
