package io.helctic.btrfs;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Random;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Writing (issue 17): changes made through the library, committed, must leave an image that
 * btrfs-progs' {@code btrfs check} passes and that reads back as written, across reopenings.
 * A planted fault (a commit that skips the extent tree's refresh) must make the check fail.
 */
class WriteTest {
    @TempDir Path tmp;

    private static byte[] b(String s) { return s.getBytes(StandardCharsets.UTF_8); }

    private Path image(String... opts) throws Exception {
        Path src = Files.createDirectories(tmp.resolve("src"));
        Files.writeString(src.resolve("small"), "hello\n");
        Files.write(src.resolve("big"), Images.random(new Random(1), 3 << 20));
        Files.createDirectories(src.resolve("dir/sub"));
        Files.writeString(src.resolve("dir/sub/f"), "deep\n");
        List<String> o = new ArrayList<>(List.of(opts));
        return Images.mkfs(src, tmp.resolve("w.img"), o.toArray(String[]::new));
    }

    /** btrfs check's verdict: null when clean, else its output. */
    static String check(Path img) throws IOException, InterruptedException {
        Process p = new ProcessBuilder("btrfs", "check", "--readonly", img.toString()).redirectErrorStream(true).start();
        String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        return p.waitFor() == 0 && out.contains("no error found") && !out.contains("ERROR") ? null : out;
    }

    private static byte[] read(Btrfs fs, String path) throws Exception {
        return fs.readAll(fs.resolve(path, true));
    }

    @Test
    void changesCommitToAnImageBtrfsCheckPasses() throws Exception {
        Images.needMkfs();
        Path img = image();
        byte[] big2 = Images.random(new Random(2), (5 << 20) + 123);
        try (Btrfs fs = Btrfs.openWritable(img)) {
            Node root = fs.root();
            Node a = fs.create(root, b("a"), 0100644, 0, 0, 0);
            fs.write(a, 0, b("abc"), 0, 3);
            Node d = fs.create(root, b("newdir"), 040755, 1000, 1000, 0);
            Node big = fs.create(d, b("big2"), 0100600, 0, 0, 0);
            fs.write(big, 0, big2, 0, big2.length);
            fs.symlink(root, b("sl"), b("newdir/big2"), 0, 0);
            fs.link(d, b("hard"), a);
            fs.rename(root, b("small"), d, b("moved"), false);
            fs.unlink(root, b("big"));
            fs.setxattr(a, b("user.k"), b("v"));
            fs.chmod(a, 0600);
            for (int i = 0; i < 600; i++) {
                Node f = fs.create(d, b("f" + i), 0100644, 0, 0, 0);
                fs.write(f, 0, b("file " + i + "\n"), 0, ("file " + i + "\n").length());
            }
            fs.commit();
            for (int i = 0; i < 600; i += 2) fs.unlink(d, b("f" + i));
            Node dd = fs.resolve("/dir/sub/f", true);
            fs.write(dd, 1 << 20, b("far"), 0, 3); // a hole before
            fs.truncate(fs.resolve("/newdir/big2", true), 4 << 20);
            fs.commit();
        }
        assertThat(check(img)).isNull();
        try (Btrfs fs = Btrfs.open(img)) {
            assertThat(new String(read(fs, "/a"))).isEqualTo("abc");
            assertThat(new String(read(fs, "/newdir/hard"))).isEqualTo("abc");
            assertThat(fs.inode(fs.resolve("/a", true)).nlink()).isEqualTo(2);
            assertThat(fs.inode(fs.resolve("/a", true)).permissions()).isEqualTo(0600);
            assertThat(read(fs, "/sl")).isEqualTo(Arrays.copyOf(big2, 4 << 20));
            assertThat(new String(read(fs, "/newdir/moved"))).isEqualTo("hello\n");
            assertThat(fs.lookup(fs.root(), "big")).isEmpty();
            assertThat(fs.lookup(fs.root(), "small")).isEmpty();
            assertThat(new String(read(fs, "/newdir/f599"))).isEqualTo("file 599\n");
            assertThat(fs.lookup(fs.resolve("/newdir", true), "f598")).isEmpty();
            assertThat(fs.list(fs.resolve("/newdir", true))).hasSize(300 + 3);
            assertThat(fs.xattrs(fs.resolve("/a", true))).containsKey("user.k");
            byte[] deep = read(fs, "/dir/sub/f");
            assertThat(deep).hasSize((1 << 20) + 3);
            assertThat(new String(deep, 0, 5)).isEqualTo("deep\n");
            assertThat(new String(deep, 1 << 20, 3)).isEqualTo("far");
        }
        // and again on top of that commit
        try (Btrfs fs = Btrfs.openWritable(img)) {
            Node d = fs.resolve("/newdir", true);
            for (int i = 1; i < 600; i += 2) fs.unlink(d, b("f" + i));
            fs.unlink(fs.root(), b("sl"));
            fs.commit();
        }
        assertThat(check(img)).isNull();
    }

    /**
     * Random creations, writes, truncations, renames and deletions over a few directories,
     * committed every so often, against a map of what each path should hold: the image must
     * read back as the map says and pass btrfs check after every commit.
     */
    @org.junit.jupiter.params.ParameterizedTest
    @org.junit.jupiter.params.provider.ValueSource(strings = {"", "-n 4096 -O ^no-holes --csum xxhash", "-m single --csum sha256"})
    void randomChangesMatchAModelAndPassTheCheck(String opts) throws Exception {
        Images.needMkfs();
        Path img = image(opts.isEmpty() ? new String[0] : opts.split(" "));
        Random r = new Random(17);
        java.util.Map<String, byte[]> model = new java.util.TreeMap<>();
        String[] dirs = {"", "dir", "dir/sub"};
        try (Btrfs fs = Btrfs.openWritable(img)) {
            model.put("small", b("hello\n"));
            model.put("dir/sub/f", b("deep\n"));
            model.put("big", read(fs, "/big"));
            for (int op = 0; op < 3000; op++) {
                String dir = dirs[r.nextInt(dirs.length)];
                String name = "n" + r.nextInt(400);
                String path = dir.isEmpty() ? name : dir + "/" + name;
                Node d = fs.resolve("/" + dir, true);
                switch (r.nextInt(8)) {
                    case 5 -> { // fallocate, keeping the size or not
                        if (!model.containsKey(path)) continue;
                        byte[] old = model.get(path);
                        long at = r.nextInt(old.length + 20_000), len = 1 + r.nextInt(50_000);
                        boolean keep = r.nextBoolean();
                        fs.allocate(fs.resolve("/" + path, true), at, len, keep);
                        if (!keep && at + len > old.length) model.put(path, Arrays.copyOf(old, (int) (at + len)));
                    }
                    case 6 -> { // punch a hole
                        if (!model.containsKey(path)) continue;
                        byte[] now = model.get(path).clone();
                        int at = r.nextInt(now.length + 1), len = 1 + r.nextInt(30_000);
                        fs.punch(fs.resolve("/" + path, true), at, len);
                        Arrays.fill(now, Math.min(at, now.length), Math.min(now.length, at + len), (byte) 0);
                        model.put(path, now);
                    }
                    case 0, 1 -> { // write somewhere in a file, making it if need be
                        Node f = model.containsKey(path) ? fs.resolve("/" + path, true) : fs.create(d, b(name), 0100644, 0, 0, 0);
                        byte[] old = model.getOrDefault(path, new byte[0]);
                        int at = r.nextInt(old.length + 1 + (r.nextInt(8) == 0 ? 100_000 : 10));
                        byte[] data = Images.random(r, r.nextInt(8) == 0 ? 70_000 : r.nextInt(3000));
                        fs.write(f, at, data, 0, data.length);
                        byte[] now = Arrays.copyOf(old, Math.max(old.length, at + data.length));
                        System.arraycopy(data, 0, now, at, data.length);
                        model.put(path, now);
                    }
                    case 2 -> {
                        if (!model.containsKey(path)) continue;
                        fs.unlink(d, b(name));
                        model.remove(path);
                    }
                    case 3 -> {
                        if (!model.containsKey(path)) continue;
                        int size = r.nextInt(model.get(path).length + 5000);
                        fs.truncate(fs.resolve("/" + path, true), size);
                        model.put(path, Arrays.copyOf(model.get(path), size));
                    }
                    case 4 -> {
                        if (!model.containsKey(path)) continue;
                        String toDir = dirs[r.nextInt(dirs.length)], toName = "n" + r.nextInt(400);
                        String to = toDir.isEmpty() ? toName : toDir + "/" + toName;
                        if (to.equals(path)) continue;
                        fs.rename(d, b(name), fs.resolve("/" + toDir, true), b(toName), false);
                        model.put(to, model.remove(path));
                    }
                    default -> {
                        if (r.nextInt(30) != 0) continue;
                        fs.commit();
                        assertThat(check(img)).as("after op " + op).isNull();
                    }
                }
            }
            for (java.util.Map.Entry<String, byte[]> e : model.entrySet()) // before the last commit, as changed in memory
                assertThat(read(fs, "/" + e.getKey())).as(e.getKey()).isEqualTo(e.getValue());
            fs.commit();
        }
        assertThat(check(img)).isNull();
        try (Btrfs fs = Btrfs.open(img)) {
            for (java.util.Map.Entry<String, byte[]> e : model.entrySet())
                assertThat(read(fs, "/" + e.getKey())).as(e.getKey()).isEqualTo(e.getValue());
            int files = 0;
            for (String dir : dirs)
                for (DirEntry e : fs.list(fs.resolve("/" + dir, true))) if (e.type() == FileType.REGULAR) files++;
            assertThat(files).isEqualTo(model.size());
        }
    }

    /**
     * Snapshots (the Linux kernel's, made on a loop mount): writing to a snapshot, to its
     * source and to a snapshotted top level copies shared blocks as the kernel does, moving
     * references between trees; random changes in all four trees must read back as a model
     * says, leave what was not changed as it was in the other trees, and pass btrfs check.
     */
    @Test
    void snapshotsAndTheirSourcesAreWrittenApart() throws Exception {
        org.junit.jupiter.api.Assumptions.assumeTrue(Images.ROOT, "loop mounts need root");
        Images.needMkfs();
        Path img = tmp.resolve("snap.img"), mnt = Files.createDirectories(tmp.resolve("mnt"));
        Images.run("sh", "-c", "truncate -s 256M " + img + " && mkfs.btrfs -q " + img + " && btrfs device scan --forget >/dev/null 2>&1;"
                + " mount -o loop " + img + " " + mnt + " && cd " + mnt + " && mkdir d && for i in $(seq 1500); do echo file $i > d/f$i; done"
                + " && head -c 300000 /dev/zero | tr '\\0' x > d/big && btrfs -q subvolume create sv && cp -a d sv/"
                + " && btrfs -q subvolume snapshot . snap0 && btrfs -q subvolume snapshot sv svsnap && echo changed > d/f1"
                + " && cd / && umount " + mnt);
        String[] roots = {"", "/snap0", "/sv", "/svsnap"};
        Random r = new Random(5);
        java.util.Map<String, byte[]> model = new java.util.TreeMap<>();
        try (Btrfs fs = Btrfs.openWritable(img)) {
            for (String root : roots)
                for (DirEntry e : fs.list(fs.resolve(root + "/d", true))) model.put(root + "/d/" + e.name(), read(fs, root + "/d/" + e.name()));
            assertThat(model).hasSize(4 * 1501);
            for (int op = 0; op < 2500; op++) {
                String root = roots[r.nextInt(roots.length)];
                String name = "f" + (1 + r.nextInt(1600)), path = root + "/d/" + name;
                Node d = fs.resolve(root + "/d", true);
                switch (r.nextInt(5)) {
                    case 0, 1 -> {
                        Node f = model.containsKey(path) ? fs.resolve(path, true) : fs.create(d, b(name), 0100644, 0, 0, 0);
                        byte[] old = model.getOrDefault(path, new byte[0]);
                        int at = r.nextInt(old.length + 10);
                        byte[] data = Images.random(r, r.nextInt(10) == 0 ? 20_000 : 50);
                        fs.write(f, at, data, 0, data.length);
                        byte[] now = Arrays.copyOf(old, Math.max(old.length, at + data.length));
                        System.arraycopy(data, 0, now, at, data.length);
                        model.put(path, now);
                    }
                    case 2 -> {
                        if (!model.containsKey(path)) continue;
                        fs.unlink(d, b(name));
                        model.remove(path);
                    }
                    case 3 -> {
                        if (!path.endsWith("/big") && r.nextInt(3) != 0) continue;
                        String big = root + "/d/big";
                        if (!model.containsKey(big)) continue;
                        byte[] data = b("middle");
                        fs.write(fs.resolve(big, true), 100_000 + r.nextInt(100_000), data, 0, data.length); // splits a shared extent
                        model.put(big, read(fs, big));
                    }
                    default -> {
                        if (r.nextInt(50) != 0) continue;
                        fs.commit();
                        assertThat(check(img)).as("after op " + op).isNull();
                    }
                }
            }
            fs.commit();
        }
        assertThat(check(img)).isNull();
        try (Btrfs fs = Btrfs.open(img)) {
            int files = 0;
            for (String root : roots) {
                for (DirEntry e : fs.list(fs.resolve(root + "/d", true))) {
                    String path = root + "/d/" + e.name();
                    assertThat(model).containsKey(path);
                    assertThat(read(fs, path)).as(path).isEqualTo(model.get(path));
                    files++;
                }
            }
            assertThat(files).isEqualTo(model.size());
        }
    }

    /** The oracle catches a commit that forgets to count the space it used. */
    @Test
    void btrfsCheckCatchesAPlantedAccountingBug() throws Exception {
        Images.needMkfs();
        Path img = image();
        Writer.plantStaleBlockGroups = true;
        try (Btrfs fs = Btrfs.openWritable(img)) {
            Node f = fs.create(fs.root(), b("x"), 0100644, 0, 0, 0);
            fs.write(f, 0, new byte[100_000], 0, 100_000);
            fs.commit();
        } finally {
            Writer.plantStaleBlockGroups = false;
        }
        assertThat(check(img)).isNotNull().contains("block group");
    }

    @Test
    void anImageWithoutTheFreeSpaceTreeIsRefusedForWriting() throws Exception {
        Images.needMkfs();
        Path img = image("-R", "^free-space-tree");
        assertThatThrownBy(() -> Btrfs.openWritable(img)).hasMessageContaining("free space tree");
    }
}
