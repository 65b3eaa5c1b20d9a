package io.helctic.personality.linux;

import static org.assertj.core.api.Assertions.assertThat;

import io.helctic.abi.Isa;
import io.helctic.abi.PersonalityId;
import io.helctic.abi.SyscallResult;
import io.helctic.personality.Dispatcher;
import io.helctic.personality.FakeKernel;
import org.junit.jupiter.api.Test;

/** strace-style lines for Linux calls. */
class LinuxDescribeTest {

    private final FakeKernel k = new FakeKernel();
    private final Dispatcher d = new Dispatcher();

    LinuxDescribeTest() {
        d.init(k.ops());
    }

    private String line(long nr, long rax, long... args) {
        return d.describe(nr, args, SyscallResult.of(rax), PersonalityId.LINUX, Isa.X86_64);
    }

    @Test
    void write() {
        k.poke(0x1000, "Hello\n".getBytes());
        assertThat(line(1, 6, 1, 0x1000, 6)).isEqualTo("write(1, \"Hello\\n\", 6) = 6");
    }

    @Test
    void brkAndMmap() {
        assertThat(line(12, 0x404000, 0)).isEqualTo("brk(NULL) = 0x404000");
        assertThat(line(9, 0x7f12_3456_7000L, 0, 8192, 3, 0x22, -1, 0))
            .isEqualTo("mmap(NULL, 8192, PROT_READ|PROT_WRITE, MAP_PRIVATE|MAP_ANONYMOUS, -1, 0) = 0x7f1234567000");
        assertThat(line(9, 0x400000, 0x400000, 4096, 5, 0x812, 3, 0))
            .isEqualTo("mmap(0x400000, 4096, PROT_READ|PROT_EXEC, MAP_PRIVATE|MAP_FIXED|MAP_DENYWRITE, 3, 0) = 0x400000");
        assertThat(line(10, 0, 0x1000, 4096, 0)).isEqualTo("mprotect(0x1000, 4096, PROT_NONE) = 0");
    }

    @Test
    void openatFailing() {
        k.pokeString(0x2000, "/etc/passwd");
        assertThat(line(257, -38, -100, 0x2000, 0, 0))
            .isEqualTo("openat(AT_FDCWD, \"/etc/passwd\", O_RDONLY) = -1 ENOSYS (Function not implemented)");
        assertThat(line(257, 3, -100, 0x2000, 01101, 0644))
            .isEqualTo("openat(AT_FDCWD, \"/etc/passwd\", O_WRONLY|O_CREAT|O_TRUNC, 0644) = 3");
        assertThat(line(2, -2, 0x2000, 02000000))
            .isEqualTo("open(\"/etc/passwd\", O_RDONLY|O_CLOEXEC) = -1 ENOENT (No such file or directory)");
    }

    @Test
    void unknownNumbers() {
        assertThat(line(1000, -38, 1, 2, 3, 4, 5, 6))
            .isEqualTo("syscall_0x3e8(0x1, 0x2, 0x3, 0x4, 0x5, 0x6) = -1 ENOSYS (Function not implemented)");
        assertThat(line(400, -38, 0, 0, 0, 0, 0, 0))
            .as("an unassigned number inside the table")
            .isEqualTo("syscall_0x190(0x0, 0x0, 0x0, 0x0, 0x0, 0x0) = -1 ENOSYS (Function not implemented)");
    }

    @Test
    void stringsFollowStraceRules() {
        k.poke(0x3000, "0123456789abcdef0123456789abcdefXYZ".getBytes());
        assertThat(line(1, 35, 1, 0x3000, 35))
            .isEqualTo("write(1, \"0123456789abcdef0123456789abcdef\"..., 35) = 35");
        k.poke(0x4000, new byte[] {'a', '"', '\\', '\t', 0, '1', 1, 'x', (byte) 0xff, '\r'});
        assertThat(line(1, 10, 2, 0x4000, 10))
            .isEqualTo("write(2, \"a\\\"\\\\\\t\\0001\\1x\\377\\r\", 10) = 10");
        k.pokeString(0x5000, "x".repeat(40));
        assertThat(line(87, -2, 0x5000)).isEqualTo("unlink(\"" + "x".repeat(32) + "\"...) = -1 ENOENT (No such file or directory)");
        assertThat(line(87, -14, 0xdead0000L)).isEqualTo("unlink(0xdead0000) = -1 EFAULT (Bad address)");
    }

    @Test
    void readShowsWhatWasRead() {
        k.poke(0x6000, "root:x:0:0\n".getBytes());
        assertThat(line(0, 11, 3, 0x6000, 4096)).isEqualTo("read(3, \"root:x:0:0\\n\", 4096) = 11");
        assertThat(line(0, -9, 99, 0x6000, 4096)).isEqualTo("read(99, 0x6000, 4096) = -1 EBADF (Bad file descriptor)");
    }

    @Test
    void otherDecoders() {
        assertThat(line(158, 0, 0x1002, 0x4c9380)).isEqualTo("arch_prctl(ARCH_SET_FS, 0x4c9380) = 0");
        assertThat(line(231, 0, 0)).isEqualTo("exit_group(0) = ?");
        assertThat(Dispatcher.abi(PersonalityId.LINUX).describe(k.ops(), 60, new long[] {3, 0, 0, 0, 0, 0}, null))
            .isEqualTo("exit(3) = ?");
        assertThat(line(72, 1, 3, 1, 0)).isEqualTo("fcntl(3, F_GETFD) = 1");
        assertThat(line(8, 0, 3, 0, 2)).isEqualTo("lseek(3, 0, SEEK_END) = 0");
        assertThat(line(228, 0, 1, 0x7000)).isEqualTo("clock_gettime(CLOCK_MONOTONIC, 0x7000) = 0");
        assertThat(line(262, 0, -100, 0, 0x7000, 0x1000)).isEqualTo("newfstatat(AT_FDCWD, NULL, 0x7000, AT_EMPTY_PATH) = 0");
        assertThat(line(95, 022, 077)).isEqualTo("umask(077) = 022");
        assertThat(line(39, 1234)).isEqualTo("getpid() = 1234");
    }

    @Test
    void beforeInstallPointersAreShownAsNumbers() {
        Dispatcher fresh = new Dispatcher();
        assertThat(fresh.describe(1, new long[] {1, 0x1000, 6}, SyscallResult.of(-38), PersonalityId.LINUX, Isa.X86_64))
            .isEqualTo("write(1, 0x1000, 6) = -1 ENOSYS (Function not implemented)");
    }

    @Test
    void internetAddressesAsStraceShowsThem() {
        byte[] in4 = {2, 0, 0x1f, (byte) 0x90, 127, 0, 0, 1, 0, 0, 0, 0, 0, 0, 0, 0};
        k.poke(0x3000, in4);
        assertThat(line(42, 0, 3, 0x3000, 16))
            .isEqualTo("connect(3, {sa_family=AF_INET, sin_port=htons(8080), sin_addr=inet_addr(\"127.0.0.1\")}, 16) = 0");
        byte[] in6 = new byte[28];
        in6[0] = 10;
        in6[2] = 0x1f;
        in6[3] = (byte) 0x90;
        in6[23] = 1;
        k.poke(0x3100, in6);
        assertThat(line(49, 0, 4, 0x3100, 28)).isEqualTo("bind(4, {sa_family=AF_INET6, sin6_port=htons(8080), "
            + "sin6_flowinfo=htonl(0), inet_pton(AF_INET6, \"::1\", &sin6_addr), sin6_scope_id=0}, 28) = 0");
        assertThat(line(41, 5, 10, 0x80801, 6))
            .isEqualTo("socket(AF_INET6, SOCK_STREAM|SOCK_CLOEXEC|SOCK_NONBLOCK, 6) = 5");
        assertThat(line(48, 0, 5, 1)).isEqualTo("shutdown(5, SHUT_WR) = 0");
        assertThat(SocketTrace.ipv6(new byte[] {0x20, 1, 0x0d, (byte) 0xb8, 0, 0, 0, 0, 0, 1, 0, 0, 0, 0, 0, 1}))
            .isEqualTo("2001:db8::1:0:0:1");
    }
}
