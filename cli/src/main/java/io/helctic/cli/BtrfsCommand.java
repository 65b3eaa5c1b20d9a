package io.helctic.cli;

import io.helctic.btrfs.Btrfs;
import io.helctic.btrfs.BtrfsException;
import io.helctic.btrfs.DirEntry;
import io.helctic.btrfs.FileType;
import io.helctic.btrfs.Inode;
import io.helctic.btrfs.Node;
import io.helctic.btrfs.Subvolume;
import io.helctic.btrfs.Superblock;
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
            System.err.println("helctic btrfs: " + image + ": " + (e.getCause() instanceof BtrfsException b ? b.getMessage() : e.toString()));
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
                            "Nested subvolumes and snapshots become directories."})
    static final class Extract implements Callable<Integer> {
        @Parameters(index = "0", paramLabel = "IMAGE") Path image;
        @Parameters(index = "1", paramLabel = "DIR") Path dir;

        private final boolean root = "root".equals(System.getProperty("user.name"));
        private final Map<Node, Path> linked = new HashMap<>();
        private final List<Runnable> dirTimes = new ArrayList<>();
        private int skipped;

        @Override
        public Integer call() {
            return withImage(image, fs -> {
                Files.createDirectories(dir);
                copyDir(fs, fs.root(), dir, "");
                for (Runnable r : dirTimes.reversed()) r.run();
                return skipped == 0 ? 0 : FAILED;
            });
        }

        private void copyDir(Btrfs fs, Node node, Path to, String rel) throws BtrfsException, IOException {
            for (DirEntry e : fs.list(node)) {
                String path = rel + "/" + e.name();
                try {
                    copy(fs, e, to.resolve(e.name()), path);
                } catch (BtrfsException ex) {
                    throw ex.onPath(path);
                }
            }
            apply(fs, node, to, true);
        }

        private void copy(Btrfs fs, DirEntry e, Path out, String path) throws BtrfsException, IOException {
            Inode i = fs.inode(e.node());
            if (i.type() != FileType.DIRECTORY && i.nlink() > 1) {
                Path first = linked.putIfAbsent(e.node(), out);
                if (first != null) {
                    Files.createLink(out, first);
                    return;
                }
            }
            switch (i.type()) {
                case DIRECTORY -> {
                    Files.createDirectories(out);
                    copyDir(fs, e.node(), out, path);
                    return;
                }
                case REGULAR -> {
                    try (InputStream in = fs.open(e.node())) {
                        Files.copy(in, out, StandardCopyOption.REPLACE_EXISTING);
                    } catch (IOException ex) {
                        if (ex.getCause() instanceof BtrfsException b) throw b;
                        throw ex;
                    }
                }
                case SYMLINK -> Files.createSymbolicLink(out, Path.of(fs.readlink(e.node())));
                case FIFO -> run("mkfifo", out.toString());
                case CHAR_DEVICE, BLOCK_DEVICE -> {
                    if (!root) {
                        System.err.println("helctic btrfs: " + path + ": device node skipped (not root)");
                        skipped++;
                        return;
                    }
                    run("mknod", out.toString(), i.type() == FileType.CHAR_DEVICE ? "c" : "b",
                            Long.toString(i.major()), Long.toString(i.minor()));
                }
                default -> {
                    System.err.println("helctic btrfs: " + path + ": " + i.type().toString().toLowerCase() + " skipped");
                    skipped++;
                    return;
                }
            }
            apply(fs, e.node(), out, false);
        }

        /** Owner (as root), mode, user.* xattrs and mtime; directories' times are set last. */
        private void apply(Btrfs fs, Node node, Path out, boolean isDir) throws BtrfsException, IOException {
            Inode i = fs.inode(node);
            boolean link = i.type() == FileType.SYMLINK;
            if (root) {
                Files.setAttribute(out, "unix:uid", i.uid(), LinkOption.NOFOLLOW_LINKS);
                Files.setAttribute(out, "unix:gid", i.gid(), LinkOption.NOFOLLOW_LINKS);
            }
            if (link) return;
            if (i.type() == FileType.REGULAR || isDir) {
                UserDefinedFileAttributeView v = Files.getFileAttributeView(out, UserDefinedFileAttributeView.class);
                for (Map.Entry<String, byte[]> x : fs.xattrs(node).entrySet())
                    if (x.getKey().startsWith("user.")) v.write(x.getKey().substring(5), ByteBuffer.wrap(x.getValue()));
            }
            Files.setAttribute(out, "unix:mode", i.permissions());
            if (i.type() != FileType.REGULAR && !isDir) return; // setting times opens the file
            FileTime t = FileTime.from(i.mtime());
            if (isDir) dirTimes.add(() -> {
                try {
                    Files.setLastModifiedTime(out, t);
                } catch (IOException ex) {
                    System.err.println("helctic btrfs: " + out + ": cannot set mtime: " + ex.getMessage());
                }
            });
            else Files.setLastModifiedTime(out, t);
        }

        private static void run(String... cmd) throws IOException {
            try {
                Process p = new ProcessBuilder(cmd).inheritIO().start();
                if (p.waitFor() != 0) throw new IOException(String.join(" ", cmd) + " failed");
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new IOException("interrupted", e);
            }
        }
    }
}
