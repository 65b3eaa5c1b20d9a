package io.helctic.kernel.host;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;

/**
 * The host process's ids and capability sets, which the first process runs with and by which the
 * kernel knows what the host will allow it (HostSched): read once from /proc/self/status.
 */
public final class HostIds {
    private HostIds() {}

    private static final io.helctic.kernel.context.Credentials HOST = read();

    /** The host process's credentials. */
    public static io.helctic.kernel.context.Credentials host() {
        return HOST;
    }

    /**
     * The first process's credentials: the host process's real and effective ids, and its
     * CapInh/CapPrm/CapEff/CapBnd (root with every capability when /proc/self/status cannot be read).
     */
    private static io.helctic.kernel.context.Credentials read() {
        int[] ids = new int[4];
        long all = io.helctic.kernel.context.Credentials.ALL_CAPS;
        long[] caps = {0, all, all, all};
        try {
            // Plain string handling: a regex here would cost start-up time for four numbers.
            String status = new String(Files.readAllBytes(Path.of("/proc/self/status")), java.nio.charset.StandardCharsets.ISO_8859_1);
            for (int at = 0, nl; at < status.length(); at = nl + 1) { // no stream: start-up runs cold
                nl = status.indexOf('\n', at);
                if (nl < 0) nl = status.length();
                String line = status.substring(at, nl);
                int cap = line.startsWith("CapInh:") ? 0 : line.startsWith("CapPrm:") ? 1 : line.startsWith("CapEff:") ? 2
                        : line.startsWith("CapBnd:") ? 3 : -1;
                if (cap >= 0) {
                    caps[cap] = Long.parseUnsignedLong(line.substring(7).trim(), 16) & all;
                    continue;
                }
                boolean uid = line.startsWith("Uid:"), gid = line.startsWith("Gid:");
                if (!uid && !gid) continue;
                java.util.StringTokenizer f = new java.util.StringTokenizer(line.substring(4));
                if (f.countTokens() < 2) continue;
                ids[uid ? 0 : 2] = Integer.parseInt(f.nextToken());
                ids[uid ? 1 : 3] = Integer.parseInt(f.nextToken());
            }
        } catch (IOException | RuntimeException e) {
            // not Linux or no /proc: run as root inside the guest
        }
        return io.helctic.kernel.context.Credentials.first(ids[0], ids[1], ids[2], ids[3], caps[0], caps[1], caps[2], caps[3]);
    }
}
