package io.helctic.cli;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.io.RandomAccessFile;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import java.util.Random;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.zip.CRC32C;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code helctic run --root IMAGE} writing (issue 17, writing): a guest's changes to a btrfs
 * image root must be what Linux makes of the same changes, the image must stay one that
 * {@code btrfs check} finds clean and the Linux kernel mounts and reads back — also when the
 * JVM is killed at any moment — and {@code --read-only} must leave the file untouched. Every
 * image is made by {@code mkfs.btrfs --rootdir} with the host's static busybox (Debian's
 * busybox-static) in it. The loop mounts and chroot of the native side need root, which CI has.
 */
class BtrfsWriteTest {
    private static final Path BUSYBOX = Path.of("/bin/busybox");

    @TempDir Path tmp;

    /** What is compared between the two copies: every path's stat fields, symlinks' targets and regular files' MD5. */
    private static final String LISTING = """
            export PATH=/bin
            cd /
            paths=$(find / \\( -path /bin -o -path /dev -o -path /proc \\) -prune -o -print | sort)
            stat -c '%n %F %a %u %g %s %h' $paths
            stat -c '%n %Y' /w/times/a /w/times/b /w/times/sub
            for f in $paths; do if [ -L "$f" ]; then echo "$f -> $(readlink "$f")"; fi; done
            find / \\( -path /bin -o -path /dev -o -path /proc \\) -prune -o -type f -print | sort | xargs md5sum
            """;

    /**
     * The write-heavy part: files of every size and kind written, appended to, overwritten in
     * the middle, truncated down and up; directories made and removed, whole trees removed;
     * renames within and across directories and over a file; hard and symbolic links; modes,
     * owners and times; a FIFO; a file of 1000 appended lines read back; 300 files in one
     * directory (leaves split) of which half are removed; fallocate (the blocks it holds shown).
     * Deterministic: the only times shown
     * are set by touch -d.
     */
    private static final String WRITES = """
            export PATH=/bin
            exec 2>&1
            cd /
            mkdir -p /w/a/b/c/d /w/times /w/many /w/tree/x/y
            echo hello > /w/small
            printf 'no newline' > /w/nonl
            seq 1 20000 > /w/seq
            seq 1 50000 > /w/seq2
            dd if=/dev/zero of=/w/zeros bs=4096 count=100 2>/dev/null
            dd if=/dev/zero of=/w/odd bs=1000 count=7 2>/dev/null
            dd if=/dev/zero of=/w/one-meg bs=1M count=1 2>/dev/null
            echo more >> /w/small
            seq 20001 20100 >> /w/seq
            seq 1 1000 >> /data/tiny
            printf XYZ | dd of=/w/seq bs=1 seek=50000 conv=notrunc 2>/dev/null
            printf QQ | dd of=/data/big bs=1 seek=524287 conv=notrunc 2>/dev/null
            printf hole | dd of=/data/sparse bs=1 seek=5000000 conv=notrunc 2>/dev/null
            printf end | dd of=/w/holey bs=1 seek=3000000 2>/dev/null
            dd if=/dev/zero of=/w/seq bs=4096 seek=3 count=2 conv=notrunc 2>/dev/null
            truncate -s 1000 /w/zeros
            truncate -s 5000 /w/seq2
            truncate -s 9000 /w/seq2
            truncate -s 3000000 /w/odd
            truncate -s 300001 /w/one-meg
            truncate -s 0 /data/nested/a/file2
            rmdir /w/a/b/c/d
            mkdir /w/tree/x/y/z && echo t > /w/tree/x/y/z/f && seq 1 3000 > /w/tree/x/g && ln -s f /w/tree/x/y/z/l
            rm -r /w/tree
            rm -r /data/nested/a/b
            mv /w/small /w/small2
            mv /w/small2 /w/a/moved
            echo victim > /w/victim
            mv /w/nonl /w/victim
            mv /w/a/b /w/b2
            ln /w/seq /w/a/seq-hard
            ln /data/tiny /w/tiny-third
            ln -s ../seq /w/a/sym
            ln -s /no/such/place /w/dangling
            echo doomed > /w/doomed && ln /w/doomed /w/doomed2 && rm /w/doomed
            chmod 600 /w/seq
            chmod 4755 /w/one-meg
            chmod 700 /w/b2
            chown 1000:1000 /w/zeros /w/b2
            chown -h 1000:1000 /w/a/sym
            mkfifo /w/fifo && chmod 640 /w/fifo
            i=1; while [ $i -le 1000 ]; do echo "line $i" >> /w/lines; i=$((i+1)); done
            n=0; while read l; do n=$((n+1)); last=$l; done < /w/lines; echo "read $n lines, the last: $last"
            i=0; while [ $i -lt 300 ]; do echo "file $i" > /w/many/f$i; i=$((i+1)); done
            gone=; i=0; while [ $i -lt 300 ]; do gone="$gone /w/many/f$i"; i=$((i+2)); done; rm $gone
            echo a > /w/times/a && seq 1 10 > /w/times/b && mkdir /w/times/sub
            touch -d '2001-02-03 04:05:06' /w/times/a /w/times/sub
            touch -d '1999-12-31 23:59:59' /w/times/b
            cat /w/a/moved /w/victim; echo
            head -c 5010 /w/seq2 | tail -c 20 | od -An -c
            fallocate -l 100000 /w/prealloc && printf abc | dd of=/w/prealloc bs=1 seek=50000 conv=notrunc 2>/dev/null
            fallocate -o 4096 -l 4096 /w/seq
            stat -c '%n %s %b' /w/prealloc; od -An -c -j 49998 -N 7 /w/prealloc
            """;

    /** The write-heavy part, then the listing of what it made, then sync. */
    private static final String SCRIPT = WRITES + LISTING + "sync\n";

    /** A second boot's changes, made on each copy after the first. */
    private static final String SECOND = """
            export PATH=/bin
            exec 2>&1
            echo "second boot" >> /w/lines
            seq 1 5000 > /w/second
            rm /w/many/f1
            mv /w/victim /w/victim2
            tail -n 2 /w/lines
            sync
            """;

    /** The guest that is killed: a loop of writes, each round synced and then announced. */
    private static final String LOOP = "export PATH=/bin; i=0; while :; do i=$((i+1)); seq $i > /f$i; "
            + "dd if=/dev/zero of=/big bs=4k count=$((i%50)) 2>/dev/null; mkdir -p /d/$i; rm -rf /d/$((i-3)); sync; "
            + "echo synced $i; done";

    /** What a command printed (stdout and stderr together) and its status. */
    record Run(String out, int status) {}

    @Test
    void scriptsWriteAsUnderLinux() throws Exception {
        assumeTrue(BtrfsRootTest.root(), "needs root for loop mounts and chroot (CI runs as root)");
        assumeTrue(Files.isExecutable(BUSYBOX), "needs Debian's static busybox: ./test installs busybox-static");
        Path img = image("256M");
        Path nat = tmp.resolve("native.img"), hel = tmp.resolve("helctic.img");
        sh("cp --sparse=always " + img + " " + nat + " && cp --sparse=always " + img + " " + hel);
        Path mnt = Files.createDirectory(tmp.resolve("mnt"));

        Run nativeRun = nativelyReadWrite(nat, mnt, SCRIPT);
        assertThat(nativeRun.out()).contains("read 1000 lines, the last: line 1000", "/w/many/f299 regular file",
                "/w/a/sym -> ../seq", "/w/times/a 981173106");
        assertThat(nativeRun.status()).isZero();

        Run r = forked(300, "run", "--memory=256", "--root", hel.toString(), "/bin/busybox", "sh", "-c", SCRIPT);
        assertThat(r.out()).isEqualTo(nativeRun.out());
        assertThat(r.status()).isEqualTo(nativeRun.status());
        assertClean(nat);
        assertClean(hel);
        // the Linux kernel sees what Helctic wrote
        String nativeListing = listing(nat, mnt), helcticListing = listing(hel, mnt);
        assertThat(helcticListing).isEqualTo(nativeListing);

        // a second boot (another JVM) finds the first one's changes and adds to them
        Run nativeSecond = nativelyReadWrite(nat, mnt, SECOND);
        assertThat(nativeSecond.out()).isEqualTo("line 1000\nsecond boot\n");
        Run second = forked(120, "run", "--memory=256", "--root", hel.toString(), "/bin/busybox", "sh", "-c", SECOND);
        assertThat(second.out()).isEqualTo(nativeSecond.out());
        assertThat(second.status()).isEqualTo(nativeSecond.status());
        assertClean(hel);
        assertThat(listing(hel, mnt)).isEqualTo(listing(nat, mnt));
    }

    @Test
    void readOnlyChangesNothing() throws Exception {
        assumeTrue(Files.isExecutable(BUSYBOX), "needs Debian's static busybox: ./test installs busybox-static");
        Path img = image("128M");
        String before = sha256(img);
        String tries = "export PATH=/bin; touch /x; mkdir /d; echo more >> /data/tiny; rm /data/tiny; mv /data/tiny /data/t2; "
                + "ln -s x /data/l; chmod 600 /data/big; truncate -s 0 /data/big; grep ' / ' /proc/mounts; cat /data/tiny; sync";
        // what busybox prints under chroot on a read-only loop mount of such an image
        String refused = """
                touch: /x: Read-only file system
                mkdir: can't create directory '/d': Read-only file system
                sh: can't create /data/tiny: Read-only file system
                rm: can't remove '/data/tiny': Read-only file system
                mv: can't rename '/data/tiny': Read-only file system
                ln: /data/l: Read-only file system
                chmod: /data/big: Read-only file system
                truncate: /data/big: open: Read-only file system
                """;
        CommandLineTest.Result r = CommandLineTest.helctic("run", "--root", img.toString(), "--read-only", "/bin/busybox", "sh", "-c", tries);
        assertThat(r.err()).isEqualTo(refused);
        assertThat(r.out()).isEqualTo("btrfs / btrfs ro 0 0\ntiny\n");
        assertThat(r.status()).isZero();
        assertThat(sha256(img)).as("the image's SHA-256 after --read-only").isEqualTo(before);

        r = CommandLineTest.helctic("run", "--read-only", "/bin/true");
        assertThat(r.err()).isEqualTo("helctic: --read-only needs --root IMAGE (a btrfs image)\n");
        assertThat(r.status()).isEqualTo(2);

        // An image file Helctic may not write is mounted read-only without being asked (one line
        // says so). Root can
        // write a file whatever its mode, so the file is made immutable (chattr +i, which root
        // needs and the file's filesystem must support: ext4 and tmpfs do); without either the
        // variant is skipped.
        if (!BtrfsRootTest.root() || exit("chattr +i " + img) != 0) return;
        try {
            r = CommandLineTest.helctic("run", "--root", img.toString(), "/bin/busybox", "sh", "-c", tries);
            assertThat(r.err()).isEqualTo("helctic: btrfs: " + img + ": mounted read-only: the image file is not writable\n" + refused);
            assertThat(r.out()).isEqualTo("btrfs / btrfs ro 0 0\ntiny\n");
            assertThat(sha256(img)).as("the immutable image's SHA-256").isEqualTo(before);
        } finally {
            sh("chattr -i " + img);
        }
    }

    @Test
    void killedAtAnyMomentTheImageStaysConsistent() throws Exception {
        assumeTrue(BtrfsRootTest.root(), "needs root for loop mounts (CI runs as root)");
        assumeTrue(Files.isExecutable(BUSYBOX), "needs Debian's static busybox: ./test installs busybox-static");
        Path img = image("256M");
        Path mnt = Files.createDirectory(tmp.resolve("mnt"));
        Random random = new Random(20261208);
        for (int round = 1; round <= 5; round++) {
            long delay = 500 + random.nextInt(3500);
            List<String> cmd = CommandLineTest.cliCommand("-Xss4m", "-Xmx1g");
            cmd.addAll(List.of("run", "--memory=256", "--root", img.toString(), "/bin/busybox", "sh", "-c", LOOP));
            Path err = tmp.resolve("stderr-" + round);
            // the JVM itself (no launcher script in between), so that the kill is the JVM's
            Process p = new ProcessBuilder(cmd).redirectError(err.toFile())
                    .redirectInput(ProcessBuilder.Redirect.from(new java.io.File("/dev/null"))).start();
            AtomicInteger synced = new AtomicInteger();
            CountDownLatch first = new CountDownLatch(1);
            Thread reader = Thread.ofPlatform().start(() -> {
                try (BufferedReader in = new BufferedReader(new InputStreamReader(p.getInputStream(), StandardCharsets.US_ASCII))) {
                    for (String line; (line = in.readLine()) != null; ) {
                        if (line.startsWith("synced ")) {
                            synced.set(Integer.parseInt(line.substring(7)));
                            first.countDown();
                        }
                    }
                } catch (IOException | NumberFormatException e) {
                    // the process is gone
                }
            });
            try {
                boolean started = first.await(120, TimeUnit.SECONDS);
                assertThat(started).as("round %d: no 'synced' line within 120 s; stderr:%n%s", round, tail(err)).isTrue();
                Thread.sleep(delay);
            } finally {
                p.destroyForcibly(); // SIGKILL
                assertThat(p.waitFor(30, TimeUnit.SECONDS)).isTrue();
                reader.join(30_000);
            }
            int n = synced.get();
            String what = "round %d, killed %d ms after the first sync, the last 'synced %d'; stderr:%n%s".formatted(round, delay, n, tail(err));
            assertClean(img, what);
            mount(img, mnt, false);
            try {
                for (int k = 1; k <= n; k++) {
                    Path f = mnt.resolve("f" + k);
                    assertThat(f).as("%s", what).exists();
                    assertThat(Files.readString(f)).as("/f%d after %s", k, what).isEqualTo(seq(k));
                }
                // a file the guest was writing when it was killed holds the start of what it writes, or all of it
                try (var files = Files.list(mnt)) {
                    for (Path f : files.toList()) {
                        String name = f.getFileName().toString();
                        if (!name.matches("f[0-9]+")) continue;
                        assertThat(seq(Integer.parseInt(name.substring(1)))).as("/%s after %s", name, what).startsWith(Files.readString(f));
                    }
                }
                for (int k = 1; k <= n - 3; k++) assertThat(mnt.resolve("d/" + k)).as("%s", what).doesNotExist();
                if (Files.exists(mnt.resolve("big"))) {
                    byte[] big = Files.readAllBytes(mnt.resolve("big"));
                    assertThat(big.length).as("/big after %s", what).isLessThanOrEqualTo(49 * 4096);
                    int nonZero = 0;
                    while (nonZero < big.length && big[nonZero] == 0) nonZero++;
                    assertThat(nonZero).as("the first byte of /big that is not 0, after %s", what).isEqualTo(big.length);
                }
            } finally {
                umount(mnt);
            }
        }
    }

    /**
     * A full image: a write that does not fit is ENOSPC, the image stays consistent (btrfs
     * check clean after the commit), and deleting gives the room back.
     */
    @Test
    void aFullImageAnswersEnospcAndStaysConsistent() throws Exception {
        assumeTrue(Files.isExecutable(BUSYBOX), "needs Debian's static busybox: ./test installs busybox-static");
        Path img = image("128M");
        Run r = forked(120, "run", "--memory=256", "--root", img.toString(), "/bin/busybox", "sh", "-c",
                "export PATH=/bin; dd if=/dev/zero of=/fill bs=1M count=1000 2>&1 | grep -o 'No space left on device'; sync;"
                        + " [ $(stat -c %s /fill) -gt 10000000 ] && echo filled; rm /fill; sync;"
                        + " dd if=/dev/zero of=/again bs=1M count=10 2>/dev/null && echo room again");
        assertThat(r.out()).isEqualTo("No space left on device\nfilled\nroom again\n");
        assertThat(r.status()).isZero();
        assertClean(img);
    }

    /** A planted bug for the oracle: a helctic-written image damaged in two ways must fail btrfs check. */
    @Test
    void btrfsCheckCatchesADamagedImage() throws Exception {
        assumeTrue(Files.isExecutable(BUSYBOX), "needs Debian's static busybox: ./test installs busybox-static");
        Path img = image("128M");
        Run r = forked(120, "run", "--memory=256", "--root", img.toString(), "/bin/busybox", "sh", "-c",
                "export PATH=/bin; echo one > /one && mkdir /dir && ln /one /dir/two && sync");
        assertThat(r.out()).isEmpty();
        assertThat(r.status()).isZero();
        assertClean(img);

        // one byte of the root tree's block flipped, in every copy: its checksum no longer holds
        Path flipped = tmp.resolve("flipped.img");
        sh("cp --sparse=always " + img + " " + flipped);
        ByteBuffer sb = superblock(flipped);
        int nodesize = sb.getInt(0x94);
        for (long at : physical(flipped, sb.getLong(0x50))) {
            try (RandomAccessFile f = new RandomAccessFile(flipped.toFile(), "rw")) {
                f.seek(at + nodesize - 100);
                int b = f.read();
                f.seek(at + nodesize - 100);
                f.write(b ^ 0x40);
            }
        }
        Run check = check(flipped);
        assertThat(check.status()).as(check.out()).isNotZero();

        // a file's link count raised by one, its leaf's checksum made right again: only the
        // tree's meaning is wrong
        Path links = tmp.resolve("links.img");
        sh("cp --sparse=always " + img + " " + links);
        assertThat(sb.getShort(0xc4)).as("the checksum type (CRC32C)").isZero();
        long fsTree = fsTreeRoot(links, sb);
        long leafOf = -1;
        int dataOf = -1;
        for (long leaf : leaves(links, fsTree, nodesize)) {
            ByteBuffer block = block(links, leaf, nodesize);
            for (int i = 0; i < block.getInt(0x60); i++) {
                int item = 101 + 25 * i, data = 101 + block.getInt(item + 17);
                if ((block.get(item + 8) & 0xff) == 1 && block.getLong(item) >= 256
                        && (block.getInt(data + 52) & 0170000) == 0100000) { // INODE_ITEM of a regular file
                    leafOf = leaf;
                    dataOf = data;
                }
            }
        }
        // the last one (the highest inode number: /one, which Helctic made)
        assertThat(leafOf).as("a regular file's INODE_ITEM in the FS tree").isNotEqualTo(-1);
        ByteBuffer block = block(links, leafOf, nodesize);
        block.putInt(dataOf + 40, block.getInt(dataOf + 40) + 1);
        CRC32C crc = new CRC32C();
        crc.update(block.array(), 32, nodesize - 32);
        block.putInt(0, (int) crc.getValue());
        for (long at : physical(links, leafOf)) {
            try (RandomAccessFile f = new RandomAccessFile(links.toFile(), "rw")) {
                f.seek(at);
                f.write(block.array());
            }
        }
        check = check(links);
        assertThat(check.status()).as(check.out()).isNotZero();
        assertThat(check.out()).contains("link count wrong");
    }

    // --- images ---

    /**
     * A new image of {@code size} made by mkfs.btrfs --rootdir: busybox and its applets' links in
     * /bin, an empty /dev, and in /data a small (inline) file, a 1 MiB file, a 10 MiB sparse
     * file, nested directories, a symlink and a hard link.
     */
    private Path image(String size) throws IOException, InterruptedException {
        Path src = Files.createDirectories(tmp.resolve("src"));
        Files.createDirectories(src.resolve("bin"));
        Files.copy(BUSYBOX, src.resolve("bin/busybox"));
        sh(src, """
                set -e
                for a in $(bin/busybox --list); do [ $a = busybox ] || ln -s busybox bin/$a; done
                mkdir -p dev data/nested/a/b/c
                printf 'tiny\\n' > data/tiny
                seq 1 200000 | head -c 1048576 > data/big
                truncate -s 10M data/sparse
                echo deep > data/nested/a/b/c/deep
                seq 1 100 > data/nested/a/file2
                ln -s tiny data/link
                ln data/tiny data/hard
                """);
        Path img = tmp.resolve("made.img");
        sh("truncate -s " + size + " " + img + " && mkfs.btrfs -q -f --rootdir " + src + " " + img);
        sh("rm -rf " + src);
        return img;
    }

    /** The LISTING of an image as the Linux kernel shows it (a read-only loop mount, busybox in chroot). */
    private String listing(Path img, Path mnt) throws Exception {
        mount(img, mnt, false);
        try {
            Run run = chroot(mnt, LISTING);
            assertThat(run.status()).as(run.out()).isZero();
            return run.out();
        } finally {
            umount(mnt);
        }
    }

    /** {@code script} run by busybox sh in chroot on a read-write loop mount of {@code img}, the host's /dev bound in it. */
    private Run nativelyReadWrite(Path img, Path mnt, String script) throws Exception {
        mount(img, mnt, true);
        try {
            sh("mount --bind /dev " + mnt.resolve("dev"));
            try {
                return chroot(mnt, script);
            } finally {
                sh("umount " + mnt.resolve("dev"));
            }
        } finally {
            umount(mnt);
        }
    }

    private void mount(Path img, Path mnt, boolean rw) throws IOException, InterruptedException {
        // Every image here is a copy of another with the same fsid: the kernel, which remembers
        // the last device it saw with that fsid and refuses one of a lower generation, forgets
        // the unmounted ones first.
        sh("btrfs device scan --forget >/dev/null 2>&1; mount -o loop" + (rw ? "" : ",ro") + " " + img + " " + mnt);
    }

    private void umount(Path mnt) throws IOException, InterruptedException {
        sh("umount " + mnt);
    }

    private static Run chroot(Path mnt, String script) throws IOException, InterruptedException {
        Process p = new ProcessBuilder("chroot", mnt.toString(), "/bin/busybox", "sh", "-c", script)
                .redirectErrorStream(true).redirectInput(ProcessBuilder.Redirect.from(new java.io.File("/dev/null"))).start();
        String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.ISO_8859_1);
        return new Run(out, p.waitFor());
    }

    /**
     * The CLI in a JVM of its own, its stdout and stderr together: nothing of this JVM's state is
     * shared between boots, and a run that hangs is killed after {@code seconds} and fails the
     * test instead of holding the rest of the suite.
     */
    private Run forked(int seconds, String... args) throws IOException, InterruptedException {
        List<String> cmd = CommandLineTest.cliCommand("-Xss4m", "-Xmx1g");
        cmd.addAll(List.of(args));
        Path out = Files.createTempFile(tmp, "out", "");
        Process p = new ProcessBuilder(cmd).redirectErrorStream(true).redirectOutput(out.toFile())
                .redirectInput(ProcessBuilder.Redirect.from(new java.io.File("/dev/null"))).start();
        if (!p.waitFor(seconds, TimeUnit.SECONDS)) {
            p.destroyForcibly();
            p.waitFor();
            throw new AssertionError("helctic " + String.join(" ", args) + " did not end within " + seconds + " s:\n" + Files.readString(out));
        }
        return new Run(Files.readString(out, StandardCharsets.ISO_8859_1), p.exitValue());
    }

    // --- btrfs check and the image's bytes ---

    private Run check(Path img) throws IOException, InterruptedException {
        Process p = new ProcessBuilder("btrfs", "check", "--readonly", img.toString()).redirectErrorStream(true).start();
        String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.ISO_8859_1);
        return new Run(out, p.waitFor());
    }

    private void assertClean(Path img) throws IOException, InterruptedException {
        assertClean(img, img.getFileName().toString());
    }

    private void assertClean(Path img, String what) throws IOException, InterruptedException {
        Run check = check(img);
        assertThat(check.status()).as("btrfs check --readonly of %s:%n%s", what, check.out()).isZero();
    }

    private static ByteBuffer superblock(Path img) throws IOException {
        ByteBuffer sb = ByteBuffer.allocate(4096).order(ByteOrder.LITTLE_ENDIAN);
        try (RandomAccessFile f = new RandomAccessFile(img.toFile(), "r")) {
            f.seek(0x10000);
            f.readFully(sb.array());
        }
        return sb;
    }

    /** Where on the image the tree block at {@code logical} is, every copy (btrfs-map-logical). */
    private List<Long> physical(Path img, long logical) throws IOException, InterruptedException {
        String out = sh("btrfs-map-logical -l " + logical + " " + img);
        List<Long> at = new ArrayList<>();
        Matcher m = Pattern.compile("mirror \\d+ logical " + logical + " physical (\\d+)").matcher(out);
        while (m.find()) at.add(Long.parseLong(m.group(1)));
        assertThat(at).as("btrfs-map-logical -l %d:%n%s", logical, out).isNotEmpty();
        return at;
    }

    private ByteBuffer block(Path img, long logical, int nodesize) throws IOException, InterruptedException {
        ByteBuffer b = ByteBuffer.allocate(nodesize).order(ByteOrder.LITTLE_ENDIAN);
        try (RandomAccessFile f = new RandomAccessFile(img.toFile(), "r")) {
            f.seek(physical(img, logical).getFirst());
            f.readFully(b.array());
        }
        assertThat(b.getLong(0x30)).as("the block's own address").isEqualTo(logical);
        return b;
    }

    /** The FS tree's root block: its ROOT_ITEM (5, 132, 0) in the root tree. */
    private long fsTreeRoot(Path img, ByteBuffer sb) throws IOException, InterruptedException {
        int nodesize = sb.getInt(0x94);
        for (long leaf : leaves(img, sb.getLong(0x50), nodesize)) {
            ByteBuffer block = block(img, leaf, nodesize);
            for (int i = 0; i < block.getInt(0x60); i++) {
                int item = 101 + 25 * i;
                if (block.getLong(item) == 5 && (block.get(item + 8) & 0xff) == 132) return block.getLong(101 + block.getInt(item + 17) + 176);
            }
        }
        throw new AssertionError("no ROOT_ITEM of the FS tree");
    }

    /** The leaves of the tree whose root is at {@code logical}, left to right. */
    private List<Long> leaves(Path img, long logical, int nodesize) throws IOException, InterruptedException {
        ByteBuffer b = block(img, logical, nodesize);
        if (b.get(0x64) == 0) return List.of(logical);
        List<Long> out = new ArrayList<>();
        for (int i = 0; i < b.getInt(0x60); i++) out.addAll(leaves(img, b.getLong(101 + 33 * i + 17), nodesize));
        return out;
    }

    // --- small things ---

    private String sh(String script) throws IOException, InterruptedException {
        return BtrfsExtractTest.sh(tmp, script);
    }

    private static String sh(Path cwd, String script) throws IOException, InterruptedException {
        return BtrfsExtractTest.sh(cwd, script);
    }

    private int exit(String script) throws IOException, InterruptedException {
        return new ProcessBuilder("bash", "-c", script).directory(tmp.toFile()).redirectErrorStream(true)
                .redirectOutput(ProcessBuilder.Redirect.DISCARD).start().waitFor();
    }

    private static String sha256(Path file) throws Exception {
        MessageDigest md = MessageDigest.getInstance("SHA-256");
        try (var in = Files.newInputStream(file)) {
            byte[] buf = new byte[1 << 20];
            for (int n; (n = in.read(buf)) > 0; ) md.update(buf, 0, n);
        }
        return HexFormat.of().formatHex(md.digest());
    }

    /** What seq K prints. */
    private static String seq(int k) {
        StringBuilder s = new StringBuilder();
        for (int i = 1; i <= k; i++) s.append(i).append('\n');
        return s.toString();
    }

    /** The last lines of a file (a guest's stderr). */
    private static String tail(Path file) throws IOException {
        if (!Files.exists(file)) return "";
        List<String> lines = Files.readAllLines(file, StandardCharsets.ISO_8859_1);
        return String.join("\n", lines.subList(Math.max(0, lines.size() - 20), lines.size()));
    }
}
