package io.helctic.machine.cpu.x86_64;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Path;
import java.util.List;
import java.util.TreeMap;
import org.junit.jupiter.api.Test;

/**
 * The decoder against GNU objdump on Debian's statically linked busybox and bash (packages
 * busybox-static and bash-static, which ./test installs): every instruction we decode must get
 * objdump's length; what we cannot decode is reported by mnemonic.
 */
class DebianBinariesObjdumpTest {
    @Test
    void busyboxAndBashStaticLengthsAgree() throws Exception {
        agreeWithObjdump("busybox-static + bash-static", List.of("/bin/busybox", "/bin/bash-static"));
    }

    /** The host's C++ runtime and its Python interpreter (libstdc++6 comes with gcc; python3-minimal from ./test). */
    @Test
    void libstdcxxAndPythonLengthsAgree() throws Exception {
        agreeWithObjdump("libstdc++ + python3",
                List.of(Path.of("/usr/lib/x86_64-linux-gnu/libstdc++.so.6").toRealPath().toString(),
                        Path.of("/usr/bin/python3").toRealPath().toString()));
    }

    private static void agreeWithObjdump(String what, List<String> binaries) throws Exception {
        Toolchain.require("objdump");
        TreeMap<String, Integer> undecoded = new TreeMap<>();
        int total = 0, agree = 0, different = 0, executable = 0, mnemonics = 0;
        for (String name : binaries) {
            Path p = Path.of(name);
            assertThat(p).as(name + " (./test installs the Debian packages it comes from)").isRegularFile();
            ObjdumpOracleTest.Figures f = ObjdumpOracleTest.check(p);
            System.out.printf("objdump oracle (%s): %d instructions, %d same length, %d different, %d undecoded %s, "
                    + "%d executable, %d mnemonics agree%n", name, f.total(), f.lengthAgree(), f.lengthDisagree(),
                    f.undecoded(), f.undecodedByMnemonic(), f.executable(), f.mnemonicAgree());
            f.disagreements().stream().limit(10).forEach(System.out::println);
            f.undecodedByMnemonic().forEach((k, v) -> undecoded.merge(k, v, Integer::sum));
            total += f.total();
            agree += f.lengthAgree();
            different += f.lengthDisagree();
            executable += f.executable();
            mnemonics += f.mnemonicAgree();
        }
        System.out.printf("objdump oracle (%s): %d instructions, %d same length, %d different, "
                + "undecoded by mnemonic %s, %d executable, %d mnemonics agree%n", what, total, agree, different, undecoded,
                executable, mnemonics);
        assertThat(different).as("instructions whose length differs from objdump's").isZero();
        assertThat(agree + undecoded.values().stream().mapToInt(Integer::intValue).sum()).isEqualTo(total);
        // what we cannot decode is VEX/EVEX (AVX, AVX-512) and TSX only: anything else is a decoder gap
        assertThat(undecoded.keySet()).allMatch(m -> m.startsWith("v") || m.startsWith("xbegin") || m.equals("xabort")
                || m.equals("xend") || m.equals("xtest"), "VEX/EVEX or TSX");
    }
}
