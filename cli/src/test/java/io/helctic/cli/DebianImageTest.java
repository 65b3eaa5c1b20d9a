package io.helctic.cli;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A Debian userland from one file (issue 17): {@code debootstrap --variant=minbase} from the
 * machine's configured Debian mirror, {@code mkfs.btrfs --rootdir}, then
 * {@code helctic run --root debian.img --read-only --tmpfs /tmp --tmpfs /var/cache/apt /bin/bash -lc '...'}
 * runs dpkg, coreutils, perl and apt's offline commands, with output identical to the same
 * script under chroot on a read-only loop mount of the image with the same tmpfs mounts. The
 * image is made once and kept in ~/.cache/helctic (debootstrap takes minutes); needs root, for
 * debootstrap and the loop mount (CI runs as root).
 */
class DebianImageTest {
    private static final String SCRIPT = """
            set -e
            exec 2>&1
            echo "shell: $0 $BASH_VERSION"
            dpkg -l | tail -n +6 | awk '{print $1, $2, $3}' | sort | md5sum
            dpkg -l | grep -c '^ii'
            dpkg-query -W -f='${Package} ${Version}\\n' bash coreutils perl-base dpkg apt
            perl -e 'my %h = map { $_ => length } qw(kernel btrfs image); print join(",", map {"$_=$h{$_}"} sort keys %h), "\\n"'
            apt-cache policy bash | head -3
            apt-cache depends --no-recommends dpkg | sort | head -8
            apt-config dump | grep -c '^APT::'
            ls /usr/bin | wc -l
            sha256sum /usr/bin/dpkg /bin/bash /etc/debian_version | cut -c1-16
            find /etc -maxdepth 1 -type d | sort | head -20 | tr '\\n' ' '; echo
            stat -c '%n %a %U %G %s' /etc/passwd /usr/bin/perl /var/lib/dpkg/status | sed 's/ [0-9]*$//'
            stat -f -c '%T' /
            stat -c '%n %W %w' /etc/passwd /usr/bin/perl /var/lib/dpkg
            cd /tmp && printf 'one\\ntwo\\nthree\\n' > f && sort -r f | head -2 && tar cf t.tar f && tar tvf t.tar | awk '{print $NF}'
            touch /etc/new 2>&1 || true
            echo done
            """;

    @TempDir Path tmp;

    /** The first Debian mirror apt is configured with (deb822 or one-line sources). */
    private static String mirror() throws IOException {
        Pattern uri = Pattern.compile("(?m)^(?:URIs:\\s*|deb\\s+(?:\\[[^]]*]\\s+)?)(\\S+/debian)/?\\s");
        for (Path p : List.of(Path.of("/etc/apt/sources.list.d/debian.sources"), Path.of("/etc/apt/sources.list"))) {
            if (!Files.isRegularFile(p)) continue;
            Matcher m = uri.matcher(Files.readString(p) + "\n");
            if (m.find()) return m.group(1);
        }
        return "http://deb.debian.org/debian";
    }

    private static final Path CACHE = Path.of(System.getProperty("user.home"), ".cache", "helctic");

    /** The debootstrapped tree as a tar, made once and kept between runs. */
    private Path rootfsTar() throws Exception {
        Path tar = CACHE.resolve("debian-bookworm-minbase.tar");
        if (Files.isRegularFile(tar)) return tar;
        Files.createDirectories(CACHE);
        BtrfsExtractTest.sh(tmp, "command -v debootstrap >/dev/null || DEBIAN_FRONTEND=noninteractive apt-get install -y -qq debootstrap >/dev/null");
        Path rootfs = tmp.resolve("debootstrap");
        BtrfsExtractTest.sh(tmp, "debootstrap --variant=minbase bookworm " + rootfs + " " + mirror() + " >/dev/null 2>&1 || "
                + "{ tail -20 " + rootfs + "/debootstrap/debootstrap.log; exit 1; }");
        Path part = CACHE.resolve(tar.getFileName() + ".part");
        BtrfsExtractTest.sh(tmp, "tar -C " + rootfs + " --numeric-owner --xattrs -cf " + part + " . && rm -rf " + rootfs);
        Files.move(part, tar);
        return tar;
    }

    /** The tree, unpacked into a new directory. */
    private Path rootfs(String name) throws Exception {
        Path dir = Files.createDirectory(tmp.resolve(name));
        BtrfsExtractTest.sh(tmp, "tar -C " + dir + " --numeric-owner --xattrs -xf " + rootfsTar());
        return dir;
    }

    /** The image, made once (mkfs.btrfs --rootdir of the tree) and kept between runs. */
    private Path image() throws Exception {
        Path img = CACHE.resolve("debian-bookworm-minbase.btrfs");
        if (Files.isRegularFile(img)) return img;
        Path rootfs = rootfs("for-image");
        Path part = CACHE.resolve(img.getFileName() + ".part");
        BtrfsExtractTest.sh(tmp, "rm -f " + part + " && mkfs.btrfs -q -f --rootdir " + rootfs + " " + part + " >/dev/null 2>&1");
        Files.move(part, img);
        BtrfsExtractTest.sh(tmp, "rm -rf " + rootfs);
        return img;
    }

    /**
     * apt over the network (issue 16's sockets, DNS through glibc's resolver) into the image
     * itself (issue 17's writing): on a copy of the Debian image mounted read-write as the root,
     * {@code apt-get update && apt-get install -y hello} under Helctic fetches from the
     * configured mirror, dpkg installs the package and its program runs; then btrfs check passes
     * on the image Helctic wrote, and on a Linux loop mount of it the program runs natively.
     */
    @Test
    void aptInstallsAPackageIntoTheImageUnderHelctic() throws Exception {
        assumeTrue(BtrfsRootTest.root(), "needs root for debootstrap and loop mounts (CI runs as root)");
        Path img = tmp.resolve("apt.img");
        Files.copy(image(), img);
        CommandLineTest.Result r = CommandLineTest.helctic("run", "--root", img.toString(), "/usr/bin/env", "-i",
                "PATH=/usr/sbin:/usr/bin:/sbin:/bin", "HOME=/root", "LANG=C", "DEBIAN_FRONTEND=noninteractive",
                "RESOLV=" + Files.readString(Path.of("/etc/resolv.conf")), "/bin/sh", "-c",
                "printf '%s' \"$RESOLV\" > /etc/resolv.conf; echo 'deb " + mirror() + " bookworm main' > /etc/apt/sources.list; "
                        + "apt-get -q update >/dev/null && apt-get -q install -y hello >/dev/null 2>/tmp/apt.err; s=$?; "
                        + "grep -v -e 'apt-utils is not installed' -e 'Is /dev/pts mounted' /tmp/apt.err; hello; exit $s");
        assertThat(r.out() + r.err()).isEqualTo("Hello, world!\n");
        assertThat(r.status()).isZero();
        Process check = new ProcessBuilder("btrfs", "check", "--readonly", img.toString()).redirectErrorStream(true).start();
        String out = new String(check.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        assertThat(check.waitFor()).as(out).isZero();
        Path mnt = Files.createDirectories(tmp.resolve("mnt"));
        BtrfsExtractTest.sh(tmp, "btrfs device scan --forget >/dev/null 2>&1; mount -o loop,ro " + img + " " + mnt);
        try {
            Process p = new ProcessBuilder("chroot", mnt.toString(), "/usr/bin/hello").start();
            assertThat(new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8)).isEqualTo("Hello, world!\n");
            assertThat(p.waitFor()).isZero();
        } finally {
            BtrfsExtractTest.sh(tmp, "umount " + mnt);
        }
    }

    @Test
    void aDebianUserlandRunsFromOneImage() throws Exception {
        assumeTrue(BtrfsRootTest.root(), "needs root for debootstrap and loop mounts (CI runs as root)");
        Path img = image();
        Path mnt = Files.createDirectory(tmp.resolve("mnt"));
        String nativeOut;
        // natively as a container would be set up: the host's /dev and a /proc, the same tmpfs mounts
        BtrfsExtractTest.sh(tmp, "mount -o loop,ro " + img + " " + mnt + " && mount -t tmpfs none " + mnt + "/tmp && mount -t tmpfs none "
                + mnt + "/var/cache/apt && mount --bind /dev " + mnt + "/dev && mount -t proc proc " + mnt + "/proc");
        try {
            Process p = new ProcessBuilder("chroot", mnt.toString(), "/usr/bin/env", "-i", "PATH=/usr/bin:/bin", "HOME=/root",
                    "LANG=C", "/bin/bash", "-lc", SCRIPT)
                    .redirectErrorStream(true).redirectInput(ProcessBuilder.Redirect.from(new java.io.File("/dev/null"))).start();
            nativeOut = new String(p.getInputStream().readAllBytes(), StandardCharsets.ISO_8859_1);
            assertThat(p.waitFor()).as(nativeOut).isZero();
        } finally {
            BtrfsExtractTest.sh(tmp, "umount " + mnt + "/proc; umount " + mnt + "/dev; umount " + mnt + "/var/cache/apt; umount "
                    + mnt + "/tmp; umount " + mnt);
        }
        assertThat(nativeOut).contains("shell: /bin/bash 5.2", "perl-base", "btrfs", "done");

        CommandLineTest.Result r = CommandLineTest.helctic("run", "--root", img.toString(), "--read-only", "--tmpfs", "/tmp", "--tmpfs",
                "/var/cache/apt", "/usr/bin/env", "-i", "PATH=/usr/bin:/bin", "HOME=/root", "LANG=C", "/bin/bash", "-lc", SCRIPT);
        assertThat(r.out() + r.err()).isEqualTo(nativeOut);
        assertThat(r.status()).isZero();
    }
}
