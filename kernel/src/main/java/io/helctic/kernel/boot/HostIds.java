package io.helctic.kernel.boot;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;

/** The host user's ids, which the first process runs with. */
final class HostIds {
    private HostIds() {}

    /** uid, euid, gid, egid of the host process (0 when they cannot be read). */
    static int[] read() {
        int[] ids = new int[4];
        try {
            // Plain string handling: a regex here would cost start-up time for four numbers.
            String status = new String(Files.readAllBytes(Path.of("/proc/self/status")), java.nio.charset.StandardCharsets.ISO_8859_1);
            for (int at = 0, nl; at < status.length(); at = nl + 1) { // no stream: start-up runs cold
                nl = status.indexOf('\n', at);
                if (nl < 0) nl = status.length();
                String line = status.substring(at, nl);
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
        return ids;
    }
}
