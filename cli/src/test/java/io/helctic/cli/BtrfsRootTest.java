package io.helctic.cli;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.io.IOException;
import java.io.RandomAccessFile;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code helctic run --root IMAGE} (issue 17, reading): a btrfs image the Linux kernel wrote —
 * subvolumes and a snapshot, zstd and zlib compression, inline, sparse and preallocated files,
 * hard links, symlinks, a FIFO — mounted as the guest's root, with Debian's static busybox from
 * the image itself listing, stat-ing, reading and failing to write ({@code --read-only}); its
 * output must equal the same script's under {@code chroot} on a read-only loop mount of the
 * image. The loop mounts need root, which CI has. Bad images are one clear line.
 */
class BtrfsRootTest {
    private static final Path BUSYBOX = Path.of("/bin/busybox");

    @TempDir Path tmp;

    /** Whether the tests run as root (loop mounts, chroot, debootstrap need it). */
    static boolean root() throws IOException, InterruptedException {
        Process p = new ProcessBuilder("id", "-u").start();
        String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.US_ASCII).trim();
        p.waitFor();
        return out.equals("0");
    }

    /** What the guest runs: a listing with stat fields, contents, directory order, links, statfs and refused writes. */
    private static final String SCRIPT = """
            exec 2>&1
            cd /
            find / | sort | while read f; do
              case $f in
              /snap/sv) stat -c '%n %f %h %u %g %s %b %i' "$f" ;; # a stand-in made at lookup: its times are then
              *) stat -c '%n %f %h %u %g %s %b %i %X %Y %Z' "$f" ;;
              esac
            done
            find / -type f | sort | xargs md5sum
            for d in / /data /data/sub /sv /snap /snap/data/sub; do echo "$d:"; find "$d" -mindepth 1 -maxdepth 1 | tr '\\n' ' '; echo; done
            for l in /data/link /data/dangling /sv/up; do readlink "$l"; done
            cat /data/link /sv/up/etc/hello
            [ "$(stat -c %d /)" = "$(stat -c %d /data)" ] && echo "/data on /'s device"
            [ "$(stat -c %d /)" != "$(stat -c %d /sv)" ] && echo "/sv on its own device"
            [ "$(stat -c %d /sv)" != "$(stat -c %d /snap)" ] && echo "/snap on its own device"
            stat -f -c '%t %s %l' /
            head -c 5 /data/sparse | od -An -tx1
            head -c 51000 /data/numbers | tail -c 1000 | md5sum
            touch /new; mkdir /newdir; rm /etc/hello; ln -s x /data/y; mv /etc/hello /etc/moved; echo x >> /etc/hello
            /bin/busybox true && echo "ran from the image"
            /bin/mm /data/numbers
            """;

    /** Maps a file shared, read-only and then writable, and reads through the first mapping. */
    private static final String MM = """
            #include <errno.h>
            #include <fcntl.h>
            #include <stdio.h>
            #include <string.h>
            #include <sys/mman.h>
            int main(int argc, char **argv) {
                int fd = open(argv[1], O_RDONLY);
                char *a = mmap(0, 8192, PROT_READ, MAP_SHARED, fd, 4096);
                char *b = mmap(0, 8192, PROT_READ | PROT_WRITE, MAP_SHARED, fd, 0);
                char *c = mmap(0, 8192, PROT_READ | PROT_WRITE, MAP_PRIVATE, fd, 0);
                if (c != MAP_FAILED) c[0] = '#';
                printf("shared read-only: %.12s; shared writable: %s; private: %.6s\\n", a == MAP_FAILED ? strerror(errno) : a + 100,
                       b == MAP_FAILED ? strerror(errno) : "mapped", c == MAP_FAILED ? "failed" : c);
                return 0;
            }
            """;

    @Test
    void aKernelWrittenImageReadsAsUnderLinux() throws Exception {
        assumeTrue(root(), "needs root for loop mounts (CI runs as root)");
        assumeTrue(Files.isExecutable(BUSYBOX), "needs Debian's static busybox: ./test installs busybox-static");
        Path img = tmp.resolve("root.img"), mnt = Files.createDirectory(tmp.resolve("mnt"));
        Files.writeString(tmp.resolve("mm.c"), MM);
        BtrfsExtractTest.sh(tmp, "gcc -static -O2 -o mm mm.c");
        BtrfsExtractTest.sh(tmp, "truncate -s 256M " + img + " && mkfs.btrfs -q -f " + img);
        BtrfsExtractTest.sh(tmp, "mount -o loop,compress=zstd " + img + " " + mnt);
        try {
            BtrfsExtractTest.sh(mnt, """
                    set -e
                    mkdir -p bin etc data/sub
                    cp %s bin/busybox
                    cp %s bin/mm
                    for a in $(bin/busybox --list); do [ $a = busybox ] || ln -s busybox bin/$a; done
                    printf 'hello\\n' > etc/hello
                    seq 1 200000 > data/numbers
                    head -c 300000 /dev/urandom > data/random
                    printf 'tiny' > data/tiny
                    ln etc/hello data/hard
                    ln -s ../etc/hello data/link && ln -s /no/such data/dangling
                    mkfifo data/fifo
                    truncate -s 3M data/sparse && printf 'abc' | dd of=data/sparse bs=1 seek=1000000 conv=notrunc 2>/dev/null
                    fallocate -l 1M data/prealloc
                    for i in $(seq 1 60); do printf "$i" > data/sub/f$i; done
                    chmod 0640 data/tiny && chmod 4755 data/random && chown 12:34 data/numbers
                    btrfs -q subvolume create sv
                    ln -s .. sv/up
                    cp bin/busybox sv/busybox
                    printf 'in a subvolume\\n' > sv/file
                    btrfs property set data/sub compression zlib
                    seq 1 5000 > data/sub/zlib
                    btrfs -q subvolume snapshot . snap
                    touch -d '2001-02-03 04:05:06.123456789' data/tiny data/sub
                    sync
                    """.formatted(BUSYBOX, tmp.resolve("mm")));
        } finally {
            BtrfsExtractTest.sh(tmp, "umount " + mnt);
        }
        String nativeOut;
        BtrfsExtractTest.sh(tmp, "mount -o loop,ro " + img + " " + mnt);
        try {
            Process p = new ProcessBuilder("chroot", mnt.toString(), "/bin/busybox", "sh", "-c", SCRIPT)
                    .redirectErrorStream(true).redirectInput(ProcessBuilder.Redirect.from(new java.io.File("/dev/null"))).start();
            nativeOut = new String(p.getInputStream().readAllBytes(), StandardCharsets.ISO_8859_1);
            p.waitFor();
        } finally {
            BtrfsExtractTest.sh(tmp, "umount " + mnt);
        }
        assertThat(nativeOut).contains("ran from the image", "Read-only file system", "/sv on its own device",
                "shared writable: Permission denied; private: #\n");

        CommandLineTest.Result r = CommandLineTest.helctic("run", "--root", img.toString(), "--read-only", "/bin/busybox", "sh", "-c", SCRIPT);
        assertThat(r.out() + r.err()).isEqualTo(nativeOut);
        assertThat(r.status()).isZero();
        // another subvolume as the root
        r = CommandLineTest.helctic("run", "--root", img.toString(), "--read-only", "--subvol", "sv", "/busybox", "sh", "-c",
                "/busybox cat /file; /busybox ls /; /busybox readlink -f /up");
        assertThat(r.err()).isEmpty();
        assertThat(r.out()).isEqualTo("in a subvolume\nbusybox\nfile\nup\n/\n");
        r = CommandLineTest.helctic("run", "--root", img.toString(), "--read-only", "--subvol", "nope", "/bin/busybox", "true");
        assertThat(r.err()).startsWith("helctic: /bin/busybox: --root " + img + ": cannot mount it: ");
        // the image is untouched
        BtrfsExtractTest.sh(tmp, "btrfs check --readonly " + img + " >/dev/null 2>&1");

        // Written: a copy under Helctic, another under chroot on a read-write loop mount. The
        // same output; btrfs check clean on Helctic's; and Linux sees the same in both.
        Path nat = tmp.resolve("nat.img"), hel = tmp.resolve("hel.img");
        BtrfsExtractTest.sh(tmp, "cp --sparse=always " + img + " " + nat + " && cp --sparse=always " + img + " " + hel);
        String written;
        BtrfsExtractTest.sh(tmp, "btrfs device scan --forget >/dev/null 2>&1; mount -o loop " + nat + " " + mnt);
        try {
            written = chroot(mnt, WRITES + LISTING);
        } finally {
            BtrfsExtractTest.sh(tmp, "umount " + mnt);
        }
        assertThat(written).contains("regular file     /snap/newdir/s", "cross-subvolume move done");
        r = CommandLineTest.helctic("run", "--root", hel.toString(), "/bin/busybox", "sh", "-c", WRITES + LISTING);
        assertThat(r.out() + r.err()).isEqualTo(written);
        BtrfsExtractTest.sh(tmp, "btrfs check --readonly " + hel + " >/dev/null 2>&1");
        String[] seen = new String[2];
        for (int i = 0; i < 2; i++) {
            BtrfsExtractTest.sh(tmp, "btrfs device scan --forget >/dev/null 2>&1; mount -o loop,ro " + (i == 0 ? nat : hel) + " " + mnt);
            try {
                seen[i] = chroot(mnt, LISTING);
            } finally {
                BtrfsExtractTest.sh(tmp, "umount " + mnt);
            }
        }
        assertThat(seen[1]).isEqualTo(seen[0]);
    }

    /**
     * Writes into the kernel-written image: a compressed (zstd) file overwritten in its middle,
     * a zlib one appended to, a snapshot's files changed and removed apart from their source's,
     * a move across subvolumes, links, a preallocated file written into, a sparse file cut.
     * (The image has no /dev: nothing is sent to /dev/null.)
     */
    private static final String WRITES = """
            export PATH=/bin
            exec 2>&1
            printf XYZ | dd of=/data/numbers bs=1 seek=100000 conv=notrunc 2>/dd.err
            echo more >> /data/sub/zlib
            echo snap-only >> /snap/etc/hello
            rm /snap/data/random
            mv /data/tiny /sv/tiny-moved && echo cross-subvolume move done
            ln /data/numbers /data/numbers2
            printf p | dd of=/data/prealloc bs=1 seek=4096 conv=notrunc 2>/dd.err
            rm /dd.err
            truncate -s 100 /data/sparse
            mkdir /snap/newdir && seq 1 3000 > /snap/newdir/s
            rm -r /data/sub
            """;

    /** What the written image holds: every name with its kind, mode, owner, size and links, and every file's digest. */
    private static final String LISTING = """
            find / | sort | while read f; do stat -c '%F     %n %a %u %g %s %h' "$f"; done
            find / -type f | sort | xargs md5sum
            """;

    private static String chroot(Path mnt, String script) throws IOException, InterruptedException {
        Process p = new ProcessBuilder("chroot", mnt.toString(), "/bin/busybox", "sh", "-c", script)
                .redirectErrorStream(true).redirectInput(ProcessBuilder.Redirect.from(new java.io.File("/dev/null"))).start();
        String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.ISO_8859_1);
        p.waitFor();
        return out;
    }

    /** A read-only image root is still usable: --tmpfs gives the guest somewhere to write, and /dev/shm is always one. */
    @Test
    void aReadOnlyRootWritesIntoTmpfs() throws Exception {
        Path src = Files.createDirectories(tmp.resolve("src/bin"));
        Files.copy(BUSYBOX, src.resolve("busybox"));
        Files.createDirectories(tmp.resolve("src/tmp"));
        Path img = tmp.resolve("img");
        BtrfsExtractTest.sh(tmp, "truncate -s 114M " + img + " && mkfs.btrfs -q -f --rootdir " + src.getParent() + " " + img);
        CommandLineTest.Result r = CommandLineTest.helctic("run", "--root", img.toString(), "--read-only", "--tmpfs", "/tmp/", "/bin/busybox",
                "sh", "-c", "echo kept > /tmp/f && cat /tmp/f && echo shm > /dev/shm/g && cat /dev/shm/g && stat -c '%a' /tmp "
                        + "&& /bin/busybox grep -e tmpfs -e btrfs /proc/mounts; echo x > /bin/new");
        assertThat(r.out()).isEqualTo("kept\nshm\n1777\nbtrfs / btrfs ro 0 0\ntmpfs /dev/shm tmpfs rw,nosuid,nodev 0 0\n"
                + "tmpfs /tmp tmpfs rw,nosuid,nodev 0 0\n");
        assertThat(r.err()).isEqualTo("sh: can't create /bin/new: Read-only file system\n");
        assertThat(r.status()).isEqualTo(1);
        r = CommandLineTest.helctic("run", "--tmpfs", "tmp", "/bin/true");
        assertThat(r.err()).isEqualTo("helctic: --tmpfs tmp: give an absolute path in the guest other than /\n");
        assertThat(r.status()).isEqualTo(2);
    }

    /**
     * A tmpfs holds at most half the guest's RAM, all its files together (the kernel's memory is
     * the JVM's: a guest must not fill it), then answers ENOSPC; removing a file gives the room back.
     */
    @Test
    void aFullTmpfsAnswersEnospc() throws Exception {
        CommandLineTest.Result r = CommandLineTest.helctic("run", "--memory=64", "/bin/busybox", "sh", "-c",
                "head -c 20000000 /dev/zero > /dev/shm/a; head -c 20000000 /dev/zero > /dev/shm/b 2>/dev/null; echo $?; "
                        + "/bin/busybox stat -c '%s' /dev/shm/a /dev/shm/b; echo x > /dev/shm/c; echo $?; "
                        + "/bin/busybox fallocate -l 4096 /dev/shm/d; echo $?; rm /dev/shm/a; "
                        + "head -c 8000000 /dev/zero > /dev/shm/c; echo $?; /bin/busybox stat -c '%s' /dev/shm/c");
        assertThat(r.out()).isEqualTo("1\n20000000\n13553664\n1\n1\n0\n8000000\n"); // 8192 pages less the 4,883 of a
        assertThat(r.err()).contains("No space left on device");
        assertThat(r.status()).isZero();
    }

    @Test
    void aFileThatIsNoImageIsOneLine() throws Exception {
        Path junk = Files.writeString(tmp.resolve("junk"), "not an image");
        CommandLineTest.Result r = CommandLineTest.helctic("run", "--root", junk.toString(), "/bin/sh");
        assertThat(r.status()).isEqualTo(2);
        assertThat(r.err()).isEqualTo("helctic: --root " + junk + ": not a btrfs image\n");
    }

    @Test
    void aDamagedImageIsRefusedAtMountWithOneLine() throws Exception {
        Path src = Files.createDirectories(tmp.resolve("src/bin"));
        Files.copy(BUSYBOX, src.resolve("busybox"));
        Path img = tmp.resolve("img");
        BtrfsExtractTest.sh(tmp, "truncate -s 114M " + img + " && mkfs.btrfs -q -f --rootdir " + src.getParent() + " " + img);
        // the root tree's block is overwritten: the superblock still looks right, its tree does not
        long rootTree;
        try (RandomAccessFile f = new RandomAccessFile(img.toFile(), "rw")) {
            f.seek(0x10000 + 0x50);
            rootTree = Long.reverseBytes(f.readLong());
        }
        try (RandomAccessFile f = new RandomAccessFile(img.toFile(), "rw")) {
            int copies = 0;
            for (long at = 0x20000; at + 0x40 < f.length(); at += 0x4000) { // every copy (metadata is DUP)
                f.seek(at + 0x30);
                if (Long.reverseBytes(f.readLong()) != rootTree) continue;
                f.seek(at + 0x30);
                f.write(new byte[64]);
                copies++;
            }
            assertThat(copies).isPositive();
        }
        CommandLineTest.Result r = CommandLineTest.helctic("run", "--root", img.toString(), "/bin/busybox", "true");
        assertThat(r.status()).isNotZero();
        assertThat(r.err()).startsWith("helctic: /bin/busybox: --root " + img + ": cannot mount it: ");
        assertThat(r.err().lines().count()).isEqualTo(1);
    }
}
