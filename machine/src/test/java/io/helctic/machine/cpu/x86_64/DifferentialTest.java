package io.helctic.machine.cpu.x86_64;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * Differential check: the same C workload (hashing, division of every width, 128-bit
 * arithmetic, bit tricks, struct copies, a sieve) compiled natively and run on the host, and
 * compiled freestanding and run on the emulated CPU, must compute the same number.
 */
class DifferentialTest {
    @ParameterizedTest
    @ValueSource(strings = {"-O0", "-O1", "-O2", "-Os", "-O3"})
    void workloadMatchesNative(String opt) throws Exception {
        assumeTrue(Toolchain.available("gcc"), "gcc not installed");
        Path src = Path.of(getClass().getResource("/oracle/mix.c").toURI()).getParent();
        Path dir = Files.createTempDirectory("helctic-diff");
        Path nat = dir.resolve("native"), guest = dir.resolve("guest");
        Toolchain.run(dir, "gcc", opt, "-o", nat.toString(), src.resolve("mix.c").toString(),
                src.resolve("native_main.c").toString());
        long expected = Long.parseUnsignedLong(Toolchain.run(dir, nat.toString()).trim());
        Toolchain.run(dir, "gcc", opt, "-ffreestanding", "-fno-builtin", "-fno-stack-protector", "-fcf-protection=none",
                "-fno-asynchronous-unwind-tables", "-static", "-nostdlib", "-no-pie", "-o", guest.toString(),
                src.resolve("mix.c").toString(), src.resolve("guest_main.c").toString(), "-lgcc");
        MiniLinux k = new MiniLinux(Files.readAllBytes(guest), "guest").run();
        assertThat(k.fatal).as("trap " + k.fatal + "\n" + k.m.cpu.registerDump()).isNull();
        assertThat(k.reported).isEqualTo(expected);
    }
}
