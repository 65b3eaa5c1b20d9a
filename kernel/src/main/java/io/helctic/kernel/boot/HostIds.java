package io.helctic.kernel.boot;

import io.helctic.machine.cpu.x86_64.X86Cpu;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;

/** Facts about the host user and the emulated CPU that go into the first process. */
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

    /** AT_HWCAP on x86-64 is CPUID leaf 1's EDX, as the emulated CPU reports it. */
    static long hwcap(X86Cpu cpu) {
        return Integer.toUnsignedLong(cpu.cpuid(1, 0)[3]);
    }
}
