package io.helctic.kernel.scheme;

import io.helctic.kernel.vfs.Namespace;
import io.helctic.kernel.vfs.Result;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.util.ArrayList;
import java.util.List;

/**
 * The filesystem types this kernel has, in the order /proc/filesystems lists them and sysfs(2)
 * numbers them: the kernel's own (proc at /proc; devtmpfs at /dev; the tmpfs of memfds and shared
 * anonymous memory; pipefs, sockfs and anon_inodefs behind pipes, sockets and the event files;
 * mqueue behind POSIX message queues), then the type of the host filesystem the guest's root is
 * (the guest reaches host files only there). "nodev" marks a type that needs no block device.
 */
public final class Filesystems {
    private Filesystems() {}

    private static final String[] OWN = {"proc", "devtmpfs", "tmpfs", "pipefs", "sockfs", "anon_inodefs", "mqueue"};

    /** Devices of the kernel's own filesystems, which count no free blocks or inodes (ustat): proc, pipes, sockets, anonymous inodes, memfds, mqueue. */
    public static final long[] OWN_DEVICES = {0x16, 0xc, 0x8, 0xd, 0x1, 0x12};

    /** The lines of /proc/filesystems: "nodev\tNAME" or "\tNAME". */
    public static List<String> lines(Namespace ns) {
        List<String> out = new ArrayList<>();
        for (String t : OWN) out.add("nodev\t" + t);
        String root = rootType(ns);
        if (root != null && !out.contains("nodev\t" + root) && !out.contains("\t" + root)) {
            out.add((nodev(root) ? "nodev\t" : "\t") + root);
        }
        return out;
    }

    /** The type names, in order. */
    public static List<String> names(Namespace ns) {
        List<String> out = new ArrayList<>();
        for (String l : lines(ns)) out.add(l.substring(l.indexOf('\t') + 1));
        return out;
    }

    private static boolean nodev(String type) {
        return type.equals("overlay") || type.equals("tmpfs") || type.equals("nfs") || type.equals("9p")
                || type.equals("fuse") || type.equals("virtiofs");
    }

    /** The name of the root filesystem's type (its statfs f_type), or null when it is not one Linux names here. */
    private static String rootType(Namespace ns) {
        Result<Namespace.Resolved> r = ns.resolve("/", "/", true);
        if (r.failed()) return null;
        try (Namespace.Resolved res = r.value()) {
            Result<byte[]> s = res.scheme().statfs(res.dir());
            if (s.failed()) return null;
            long magic = ByteBuffer.wrap(s.value()).order(ByteOrder.LITTLE_ENDIAN).getLong(0);
            return switch ((int) magic) {
                case 0xEF53 -> "ext4";
                case 0x9123683E -> "btrfs";
                case 0x58465342 -> "xfs";
                case 0x01021994 -> "tmpfs";
                case 0x794c7630 -> "overlay";
                case 0x6969 -> "nfs";
                case 0x01021997 -> "9p";
                case 0x65735546 -> "fuse";
                case 0xF2F52010 -> "f2fs";
                case 0x2FC12FC1 -> "zfs";
                default -> null;
            };
        }
    }
}
