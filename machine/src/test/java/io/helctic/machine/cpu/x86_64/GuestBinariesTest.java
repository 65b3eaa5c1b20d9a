package io.helctic.machine.cpu.x86_64;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import io.helctic.machine.cpu.Trap;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/** Builds the project's guests with the host gcc and runs them on the emulated CPU under {@link MiniLinux}. */
class GuestBinariesTest {
    static Path dir;

    @BeforeAll
    static void build() throws Exception {
        Path root = Path.of(System.getProperty("helctic.root", "../")).toAbsolutePath();
        Path guests = root.resolve("guests");
        assumeTrue(Files.isRegularFile(guests.resolve("Makefile")), "guests/Makefile not found under " + root);
        assumeTrue(Toolchain.available("gcc") && Toolchain.available("make"), "gcc/make not installed");
        dir = Files.createTempDirectory("helctic-guests");
        String[] targets = {"hello", "hello-pie", "memory", "args", "unknown", "segv", "freebsd-hello"};
        for (String t : targets) {
            Toolchain.run(guests, "make", "-s", "OUT=" + dir, dir.resolve(t).toString());
        }
    }

    static byte[] guest(String name) throws IOException {
        Path p = dir.resolve(name);
        assumeTrue(Files.isRegularFile(p), name + " was not built");
        return Files.readAllBytes(p);
    }

    @Test
    void hello() throws Exception {
        MiniLinux k = new MiniLinux(guest("hello"), "hello").run();
        assertThat(k.fatal).isNull();
        assertThat(k.exitStatus).isZero();
        assertThat(k.out.toString()).containsIgnoringCase("hello");
    }

    @Test
    void helloPie() throws Exception {
        MiniLinux k = new MiniLinux(guest("hello-pie"), "hello-pie").run();
        assertThat(k.fatal).isNull();
        assertThat(k.exitStatus).isZero();
        assertThat(k.out.toString()).containsIgnoringCase("hello");
    }

    @Test
    void freebsdHelloRunsItsInstructions() throws Exception {
        // a FreeBSD guest under a Linux syscall table: we only check that the CPU executes it to a syscall
        MiniLinux k = new MiniLinux(guest("freebsd-hello"), "freebsd-hello");
        Trap t = k.m.cpu.run(1_000_000);
        assertThat(t).isInstanceOf(Trap.Syscall.class);
    }

    @Test
    void args() throws Exception {
        MiniLinux k = new MiniLinux(guest("args"), "args", "one", "two words").run();
        assertThat(k.fatal).isNull();
        assertThat(k.out.toString()).contains("one").contains("two words");
    }

    @Test
    void memory() throws Exception {
        MiniLinux k = new MiniLinux(guest("memory"), "memory").run();
        assertThat(k.fatal).isNull();
        assertThat(k.out.toString()).contains("memory: all ok").doesNotContain("FAIL");
        assertThat(k.exitStatus).isZero();
    }

    @Test
    void memoryReadOnlyWriteFaults() throws Exception {
        MiniLinux k = new MiniLinux(guest("memory"), "memory", "ro").run();
        assertThat(k.out.toString()).contains("writing to a read-only page").doesNotContain("still alive");
        assertThat(k.fatal).isInstanceOfSatisfying(Trap.PageFault.class, pf -> {
            assertThat(pf.write()).isTrue();
            assertThat(pf.present()).isTrue();
        });
    }

    @Test
    void unknownSyscall() throws Exception {
        MiniLinux k = new MiniLinux(guest("unknown"), "unknown").run();
        assertThat(k.fatal).isNull();
        assertThat(k.exitStatus).isNotNull();
        assertThat(k.out.toString()).contains("unassigned syscall (1000) = -38");
    }

    @Test
    void segvFaults() throws Exception {
        MiniLinux k = new MiniLinux(guest("segv"), "segv").run();
        assertThat(k.fatal).isInstanceOf(Trap.PageFault.class);
    }
}
