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
            for (String line : Files.readAllLines(Path.of("/proc/self/status"))) {
                String[] f = line.split("\\s+");
                if (line.startsWith("Uid:") && f.length >= 3) {
                    ids[0] = Integer.parseInt(f[1]);
                    ids[1] = Integer.parseInt(f[2]);
                } else if (line.startsWith("Gid:") && f.length >= 3) {
                    ids[2] = Integer.parseInt(f[1]);
                    ids[3] = Integer.parseInt(f[2]);
                }
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
