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
