package io.helctic.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * The C conformance programs (guests/conformance/), each built with gcc -static against glibc and
 * with musl-gcc: stdout and the exit status under Helctic must match the same binary's native run,
 * byte for byte. Each libc's build is compared with its own native run (their long double
 * printing differs, for one).
 */
class CConformanceTest {
    /**
     * glibc's libm picks its implementations by CPU feature (ifunc): on a host with FMA, exp and
     * friends run their FMA variants, which may round the last bit differently from the SSE2 ones
     * glibc picks on the x86-64-v2 CPU Helctic presents. The native run is told to ignore the
     * features Helctic does not have, so both runs take the same code; the same variable is harmless
     * under Helctic (those features are absent there anyway) and musl ignores it.
     */
    static final List<String> ENV = List.of("HOME=/nonexistent", "LANG=C",
            "GLIBC_TUNABLES=glibc.cpu.hwcaps=-AVX,-AVX2,-FMA,-FMA4,-AVX512F,-AVX512VL,-AVX512BW,-AVX512DQ,-BMI1,-BMI2,-LZCNT,-MOVBE,-F16C");

    static List<Arguments> cases() {
        List<Arguments> cases = new ArrayList<>();
        for (String libc : List.of("glibc", "musl")) {
            for (String program : List.of("printf", "strtod", "libm", "strings", "sse2", "compute", "misc")) {
                List<String> args = List.of();
                // musl's qsort (smoothsort) is ~7x slower than glibc's on a million ints: the musl run
                // sorts 200000 so that it stays in the test's time budget (glibc sorts the million).
                if (program.equals("misc") && libc.equals("musl")) args = List.of("200000");
                cases.add(Arguments.of(program, libc, args));
            }
        }
        return cases;
    }

    @ParameterizedTest(name = "{0} ({1}) {2}")
    @MethodSource("cases")
    void sameOutputAndStatusAsNative(String program, String libc, List<String> args) {
        String guest = "c-" + program + (libc.equals("musl") ? "-musl" : "");
        Guests.Run host = Guests.natively(guest, args, ENV);
        assertThat(host.stdout()).as("native output of %s", guest).isNotEmpty().doesNotContain("MISMATCH")
                .doesNotContain("mismatch");
        if (program.equals("strings")) assertThat(host.stdout()).doesNotContainPattern("bad=[1-9]");
        Guests.Run emu = Guests.helctic(guest, args, ENV);
        assertThat(emu.stdout()).as("stdout of %s (stderr: %s)", guest, emu.stderr()).isEqualTo(host.stdout());
        assertThat(emu.status()).as("status of %s", guest).isEqualTo(host.status());
    }
}
