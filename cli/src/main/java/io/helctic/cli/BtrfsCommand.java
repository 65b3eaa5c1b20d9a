package io.helctic.cli;

import io.helctic.btrfs.Btrfs;
import io.helctic.btrfs.BtrfsException;
import io.helctic.btrfs.DirEntry;
import io.helctic.btrfs.FileType;
import io.helctic.btrfs.Inode;
import io.helctic.btrfs.Node;
import io.helctic.btrfs.Subvolume;
import io.helctic.btrfs.Superblock;
import io.helctic.kernel.host.HostTree;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.io.PrintStream;
import java.nio.ByteBuffer;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.attribute.FileTime;
import java.nio.file.attribute.UserDefinedFileAttributeView;
import java.time.ZoneId;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Parameters;

/** {@code helctic btrfs info|ls|cat|extract IMAGE ...}: read a btrfs image without mounting it. */
@Command(name = "btrfs", mixinStandardHelpOptions = true,
         description = "Reads a btrfs image (read-only, no mount needed).",
         subcommands = {BtrfsCommand.Info.class, BtrfsCommand.Ls.class, BtrfsCommand.Cat.class, BtrfsCommand.Extract.class})
final class BtrfsCommand implements Callable<Integer> {
    static final int FAILED = 1;

    @Override
    public Integer call() {
        System.err.println("helctic btrfs: say info, ls, cat or extract (see --help)");
        return 2;
    }

    interface Body { int run(Btrfs fs) throws BtrfsException, IOException; }

    /** Opens the image, runs {@code body}, prints warnings and turns errors into one line each. */
    static int withImage(Path image, Body body) {
        try (Btrfs fs = Btrfs.open(image)) {
            int rc;
            try {
                rc = body.run(fs);
            } finally {
                for (String w : fs.warnings()) System.err.println("helctic btrfs: warning: " + w);
            }
            return rc;
        } catch (BtrfsException e) {
            System.err.println("helctic btrfs: " + image + ": " + e.getMessage());
            return FAILED;
        } catch (IOException e) {
            String why = e.getCause() instanceof BtrfsException b ? b.getMessage()
                    : e instanceof java.nio.file.FileSystemException f ? f.getFile() + ": " + (f.getReason() != null ? f.getReason()
                    : e.getClass().getSimpleName().replace("Exception", "")) : e.getMessage();
            System.err.println("helctic btrfs: " + image + ": " + why);
            return FAILED;
        }
    }

    @Command(name = "info", mixinStandardHelpOptions = true,
             description = "The superblock (as btrfs inspect-internal dump-super), chunks and subvolumes.")
    static final class Info implements Callable<Integer> {
        @Parameters(index = "0", paramLabel = "IMAGE") Path image;

        @Override
        public Integer call() {
            return withImage(image, fs -> {
                Superblock s = fs.superblock();
                PrintStream o = System.out;
                o.printf("superblock\t\tat offset %d%n", s.offset());
                o.printf("label\t\t\t%s%n", s.label());
                o.printf("fsid\t\t\t%s%n", s.fsid());
                o.printf("metadata_uuid\t\t%s%n", s.metadataUuid());
                o.printf("generation\t\t%d%n", s.generation());
                o.printf("total_bytes\t\t%d%n", s.totalBytes());
                o.printf("bytes_used\t\t%d%n", s.bytesUsed());
                o.printf("sectorsize\t\t%d%n", s.sectorSize());
                o.printf("nodesize\t\t%d%n", s.nodeSize());
                o.printf("csum_type\t\t%s (%d bytes)%n", s.checksumType(), s.checksumType().size());
                o.printf("root\t\t\t%d (level %d)%n", s.root(), s.rootLevel());
                o.printf("chunk_root\t\t%d (level %d)%n", s.chunkRoot(), s.chunkRootLevel());
                o.printf("log_root\t\t%d%s%n", s.logRoot(), fs.hasUnreplayedLog() ? " (NOT REPLAYED)" : "");
                o.printf("num_devices\t\t%d%n", s.numDevices());
                o.printf("dev_item.devid\t\t%d (uuid %s)%n", s.devid(), s.deviceUuid());
                o.printf("incompat_flags\t\t0x%x %s%n", s.incompatFlags(), s.incompatFeatures());
                o.printf("compat_ro_flags\t\t0x%x %s%n", s.compatRoFlags(), s.compatRoFeatures());
                o.printf("default subvolume\t%d%n", fs.defaultSubvolume());
                for (String c : fs.chunkSummary()) o.println("chunk\t\t\t" + c);
                List<Subvolume> subs = fs.subvolumes();
                o.printf("subvolumes\t\t%d%n", subs.size());
                for (Subvolume v : subs)
                    o.printf("  ID %d gen %d parent %d path %s%s%s%n", v.id(), v.generation(), v.parent(), v.path(),
                            v.isSnapshot() ? " (snapshot)" : "", v.readOnly() ? " (read-only)" : "");
                return 0;
            });
        }
    }

    private static final DateTimeFormatter TIME = DateTimeFormatter.ofPattern("yyyy-MM-dd HH:mm").withZone(ZoneId.systemDefault());

    static String modeString(Inode i) {
        int m = i.mode();
        char[] c = new char[10];
        c[0] = i.type().letter();
        String rwx = "rwxrwxrwx";
        for (int k = 0; k < 9; k++) c[k + 1] = (m & (0400 >> k)) != 0 ? rwx.charAt(k) : '-';
        if ((m & 04000) != 0) c[3] = c[3] == 'x' ? 's' : 'S';
        if ((m & 02000) != 0) c[6] = c[6] == 'x' ? 's' : 'S';
        if ((m & 01000) != 0) c[9] = c[9] == 'x' ? 't' : 'T';
        return new String(c);
    }

    @Command(name = "ls", mixinStandardHelpOptions = true, description = "Lists PATH (default /) like ls -l.")
    static final class Ls implements Callable<Integer> {
        @Parameters(index = "0", paramLabel = "IMAGE") Path image;
        @Parameters(index = "1", arity = "0..1", paramLabel = "PATH") String path = "/";

        @Override
        public Integer call() {
            return withImage(image, fs -> {
                Node n = fs.resolve(path, true);
                Inode i = fs.inode(n);
                if (i.type() != FileType.DIRECTORY) {
                    line(fs, n, path);
                    return 0;
                }
                for (DirEntry e : fs.list(n)) {
                    try {
                        line(fs, e.node(), e.name());
                    } catch (BtrfsException ex) {
                        throw ex.onPath(path.replaceAll("/+$", "") + "/" + e.name());
                    }
                }
                return 0;
            });
        }

        private static void line(Btrfs fs, Node n, String name) throws BtrfsException {
            Inode i = fs.inode(n);
            String size = i.type() == FileType.CHAR_DEVICE || i.type() == FileType.BLOCK_DEVICE
                    ? i.major() + ", " + i.minor() : Long.toString(i.size());
            String target = i.type() == FileType.SYMLINK ? " -> " + fs.readlink(n) : "";
            System.out.printf("%s %3d %5d %5d %10s %s %s%s%n", modeString(i), i.nlink(), i.uid(), i.gid(), size,
                    TIME.format(i.mtime()), name, target);
        }
    }

    @Command(name = "cat", mixinStandardHelpOptions = true, description = "Writes the file at PATH to stdout.")
    static final class Cat implements Callable<Integer> {
        @Parameters(index = "0", paramLabel = "IMAGE") Path image;
        @Parameters(index = "1", paramLabel = "PATH") String path;

        @Override
        public Integer call() {
            return withImage(image, fs -> {
                Node n = fs.resolve(path, true);
                try (InputStream in = fs.open(n)) {
                    OutputStream out = System.out;
                    in.transferTo(out);
                    out.flush();
                } catch (BtrfsException e) {
                    throw e.onPath(path);
                } catch (IOException e) {
                    if (e.getCause() instanceof BtrfsException b) throw b.onPath(path);
                    throw e;
                }
                return 0;
            });
        }
    }

    @Command(name = "extract", mixinStandardHelpOptions = true,
             description = {"Copies the whole default subvolume into DIR: contents, modes, mtimes, symlinks,",
                            "hard links, FIFOs, user.* xattrs; owners and device nodes when run as root.",
                            "Nested subvolumes and snapshots become directories. Names are copied byte for",
                            "byte; nothing is created outside DIR and nothing in DIR is overwritten: an entry",
                            "named '', '.', '..' or holding '/' or NUL, a name twice in a directory, or a",
                            "directory inside itself is refused with one line naming its inode."})
    static final class Extract implements Callable<Integer> {
        @Parameters(index = "0", paramLabel = "IMAGE") Path image;
        @Parameters(index = "1", paramLabel = "DIR") Path dir;

        private final boolean root = "root".equals(System.getProperty("user.name"));
        /** Files with more names to come: a descriptor of the first name made, and how many names are still due. */
        private final Map<Node, int[]> linked = new HashMap<>();
        /** The directories being copied (a directory met again inside itself is a loop). */
        private final java.util.Set<Node> open = new java.util.HashSet<>();
        private int skipped;

        @Override
        public Integer call() {
            return withImage(image, fs -> {
                try (HostTree to = HostTree.open(dir)) {
                    copyDir(fs, fs.root(), to, "");
                } finally {
                    for (int[] l : linked.values()) HostTree.unpin(l[0]);
                }
                return skipped == 0 ? 0 : FAILED;
            });
        }

        /** Why an entry's name cannot be a name on the host, or null: Linux allows none of these in a directory. */
        static String badName(byte[] n) {
            if (n.length == 0) return "an empty name";
            if (n.length == 1 && n[0] == '.' || n.length == 2 && n[0] == '.' && n[1] == '.') return "the name of the directory itself or of its parent";
            for (byte c : n) {
                if (c == '/') return "a '/' in its name";
                if (c == 0) return "a NUL in its name";
            }
            if (n.length > 255) return "a name over 255 bytes";
            return null;
        }

        /** A name for a message: printable ASCII as is, any other byte as \\xNN. */
        static String shown(byte[] n) {
            StringBuilder b = new StringBuilder("'");
            for (byte c : n) {
                if (c >= 0x20 && c < 0x7f && c != '\'' && c != '\\') b.append((char) c);
                else b.append(String.format("\\x%02x", c & 0xff));
            }
            return b.append('\'').toString();
        }

        /** How deep directories may nest (each level is a frame of this recursion; Linux's PATH_MAX allows half as many). */
        static final int MAX_DEPTH = 4096;

        private void copyDir(Btrfs fs, Node node, HostTree to, String rel) throws BtrfsException, IOException {
            if (open.size() >= MAX_DEPTH) {
                throw new BtrfsException("directory inode " + node + " is nested more than " + MAX_DEPTH + " deep: refused");
            }
            if (!open.add(node)) {
                throw new BtrfsException("directory inode " + node + " is inside itself (a directory loop): refused");
            }
            java.util.Set<String> seen = new java.util.HashSet<>();
            for (DirEntry e : fs.list(node)) {
                byte[] name = e.bytes();
                String path = rel + "/" + e.name();
                String bad = badName(name);
                if (bad != null) {
                    throw new BtrfsException("directory inode " + node + ": the entry " + shown(name) + " (inode " + e.node()
                            + ") has " + bad + ": refused").onPath(rel.isEmpty() ? "/" : rel);
                }
                if (!seen.add(java.util.HexFormat.of().formatHex(name))) {
                    throw new BtrfsException("directory inode " + node + ": the name " + shown(name) + " appears twice (inode "
                            + e.node() + "): refused").onPath(rel.isEmpty() ? "/" : rel);
                }
                try {
                    copy(fs, e, to, name, path);
                } catch (BtrfsException ex) {
                    throw ex.onPath(path);
                } catch (IOException ex) {
                    throw new IOException(path + ": " + ex.getMessage(), ex);
                }
            }
            open.remove(node);
            apply(fs, node, to, new byte[0], true);
        }

        private void copy(Btrfs fs, DirEntry e, HostTree to, byte[] name, String path) throws BtrfsException, IOException {
            Inode i = fs.inode(e.node());
            if (i.type() != FileType.DIRECTORY && i.nlink() > 1) {
                int[] first = linked.get(e.node());
                if (first != null) {
                    to.link(first[0], name);
                    if (--first[1] <= 0) HostTree.unpin(linked.remove(e.node())[0]);
                    return;
                }
            }
            switch (i.type()) {
                case DIRECTORY -> {
                    try (HostTree sub = to.mkdir(name)) {
                        copyDir(fs, e.node(), sub, path);
                    }
                    return;
                }
                case REGULAR -> {
                    try (InputStream in = fs.open(e.node())) {
                        to.write(name, in);
                    } catch (IOException ex) {
                        if (ex.getCause() instanceof BtrfsException b) throw b;
                        throw ex;
                    }
                }
                case SYMLINK -> to.symlink(fs.readlinkBytes(e.node()), name);
                case FIFO -> to.mknod(name, 0010000 | 0600, 0);
                case SOCKET -> to.mknod(name, 0140000 | 0600, 0);
                case CHAR_DEVICE, BLOCK_DEVICE -> {
                    if (!root) {
                        System.err.println("helctic btrfs: " + path + ": device node skipped (not root)");
                        skipped++;
                        return;
                    }
                    long dev = (i.major() & 0xfff) << 8 | (i.major() & ~0xfffL) << 32 | (i.minor() & 0xff) | (i.minor() & ~0xffL) << 12;
                    to.mknod(name, (i.type() == FileType.CHAR_DEVICE ? 0020000 : 0060000) | 0600, dev);
                }
                default -> {
                    System.err.println("helctic btrfs: " + path + ": " + i.type().toString().toLowerCase() + " skipped");
                    skipped++;
                    return;
                }
            }
            if (i.type() != FileType.DIRECTORY && i.nlink() > 1) linked.put(e.node(), new int[] {to.pin(name), (int) i.nlink() - 1});
            apply(fs, e.node(), to, name, false);
        }

        /** Owner (as root), user.* xattrs, mode and mtime of {@code name} in {@code to} ("" is to itself), after its contents. */
        private void apply(Btrfs fs, Node node, HostTree to, byte[] name, boolean isDir) throws BtrfsException, IOException {
            Inode i = fs.inode(node);
            if (root) to.chown(name, (int) i.uid(), (int) i.gid());
            if (i.type() == FileType.SYMLINK) return;
            if (i.type() == FileType.REGULAR || isDir) {
                for (Map.Entry<String, byte[]> x : fs.xattrs(node).entrySet()) {
                    if (x.getKey().startsWith("user.")) {
                        to.setxattr(name, x.getKey().getBytes(java.nio.charset.StandardCharsets.UTF_8), x.getValue());
                    }
                }
            }
            to.chmod(name, i.permissions());
            long t = i.mtime().getEpochSecond() * 1_000_000_000L + i.mtime().getNano();
            to.setMtime(name, t); // a directory's last: its entries are all made
        }
    }
}
