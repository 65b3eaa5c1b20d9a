package io.helctic.kernel.scheme;

import static org.assertj.core.api.Assertions.assertThat;

import io.helctic.abi.Errno;
import java.lang.foreign.Arena;
import java.lang.foreign.MemorySegment;
import java.lang.foreign.ValueLayout;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The host calls' two ways in (HostCall's JNI library, the FFM downcall): the build places the
 * library where the kernel finds it, and both ways give the same values and errnos.
 */
class HostCallTest {
    static final long SYS_READ = 0, SYS_CLOSE = 3, SYS_GETPID = 39, SYS_OPENAT = 257;
    static final long AT_FDCWD = -100;

    @Test
    void theBuildPlacesTheLibraryWhereTheKernelLoadsIt() {
        assertThat(HostFs.available()).isTrue();
        assertThat(HostFs.throughJni()).as("kernel/target/" + HostCall.LIBRARY + " beside the classes").isTrue();
    }

    /** A thread's CPU time from the host's getrusage agrees with the JVM's account of it. */
    @Test
    void aThreadsCpuTimeIsTheHostsAccount() {
        var mx = java.lang.management.ManagementFactory.getThreadMXBean();
        long[] before = HostFs.threadCpuTimes();
        long spin = System.nanoTime() + 200_000_000L, x = 0;
        while (System.nanoTime() < spin) x += x * 31 + 7;
        long[] ours = HostFs.threadCpuTimes();
        long jvmTotal = mx.getCurrentThreadCpuTime(), jvmUser = mx.getCurrentThreadUserTime();
        assertThat(x).isNotZero();
        assertThat(ours[0] - before[0]).as("200 ms of spinning").isGreaterThan(100_000_000L);
        assertThat(ours[1]).isBetween(0L, ours[0]);
        assertThat(Math.abs(jvmTotal - ours[0])).as("against ThreadMXBean's total").isLessThan(30_000_000L);
        assertThat(Math.abs(jvmUser - ours[1])).as("against ThreadMXBean's user time").isLessThan(30_000_000L);
    }

    @Test
    void bothWaysGiveTheValueOrMinusErrno(@TempDir Path tmp) throws Exception {
        long pid = ProcessHandle.current().pid();
        assertThat(HostFs.syscall(SYS_GETPID, 0, 0, 0, 0, 0, 0)).isEqualTo(pid);
        assertThat(HostFs.throughFfm(SYS_GETPID, 0, 0, 0, 0, 0, 0)).isEqualTo(pid);
        assertThat(HostFs.syscall(SYS_CLOSE, -1, 0, 0, 0, 0, 0)).isEqualTo(Errno.EBADF.negative());
        assertThat(HostFs.throughFfm(SYS_CLOSE, -1, 0, 0, 0, 0, 0)).isEqualTo(Errno.EBADF.negative());

        Path file = Files.writeString(tmp.resolve("f"), "both ways\n");
        try (Arena arena = Arena.ofConfined()) {
            MemorySegment name = arena.allocateFrom(file.toString());
            MemorySegment missing = arena.allocateFrom(tmp.resolve("missing").toString());
            assertThat(HostFs.syscall(SYS_OPENAT, AT_FDCWD, missing.address(), 0, 0, 0, 0)).isEqualTo(Errno.ENOENT.negative());
            assertThat(HostFs.throughFfm(SYS_OPENAT, AT_FDCWD, missing.address(), 0, 0, 0, 0)).isEqualTo(Errno.ENOENT.negative());
            for (boolean jni : new boolean[] {true, false}) {
                long fd = jni ? HostFs.syscall(SYS_OPENAT, AT_FDCWD, name.address(), 0, 0, 0, 0)
                        : HostFs.throughFfm(SYS_OPENAT, AT_FDCWD, name.address(), 0, 0, 0, 0);
                assertThat(fd).isGreaterThanOrEqualTo(0);
                MemorySegment buf = arena.allocate(64);
                long n = jni ? HostFs.syscall(SYS_READ, fd, buf.address(), 64, 0, 0, 0)
                        : HostFs.throughFfm(SYS_READ, fd, buf.address(), 64, 0, 0, 0);
                assertThat(new String(buf.asSlice(0, n).toArray(ValueLayout.JAVA_BYTE), StandardCharsets.UTF_8))
                        .isEqualTo("both ways\n");
                assertThat(HostFs.syscall(SYS_CLOSE, fd, 0, 0, 0, 0, 0)).isZero();
            }
        }
    }
}
