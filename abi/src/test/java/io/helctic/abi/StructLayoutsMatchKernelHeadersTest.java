package io.helctic.abi;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assumptions.assumeThat;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The layouts of {@link Struct} are the kernel's: for each ISA, a C file of static assertions on
 * every field's offset and size, and every structure's size, is compiled against that ISA's uapi
 * headers — the host's gcc for x86-64, Debian's cross compilers (gcc-aarch64-linux-gnu,
 * gcc-riscv64-linux-gnu, which ./test installs) for AArch64 and RISC-V. Compiling is the check.
 */
class StructLayoutsMatchKernelHeadersTest {

    static final Map<Isa, String> COMPILERS = Map.of(
        Isa.X86_64, "/usr/bin/gcc",
        Isa.AARCH64, "/usr/bin/aarch64-linux-gnu-gcc",
        Isa.RISCV64, "/usr/bin/riscv64-linux-gnu-gcc");

    static String assertions(Isa isa) {
        Set<String> headers = new LinkedHashSet<>(List.of("stddef.h"));
        for (Struct s : Struct.values()) headers.add(s.header());
        StringBuilder c = new StringBuilder();
        for (String h : headers) c.append("#include <").append(h).append(">\n");
        for (Struct s : Struct.values()) {
            Struct.Layout l = s.layout(isa);
            c.append("_Static_assert(sizeof(").append(s.cType()).append(") == ").append(l.size())
             .append(", \"").append(s).append(" size\");\n");
            l.fields().forEach((name, f) -> c.append("_Static_assert(offsetof(").append(s.cType()).append(", ").append(name)
                .append(") == ").append(f.offset()).append(" && sizeof(((").append(s.cType()).append(" *) 0)->").append(name)
                .append(") == ").append(f.size()).append(", \"").append(s).append('.').append(name).append("\");\n"));
        }
        return c.append("int helctic_layouts_checked;\n").toString();
    }

    @Test
    void everyLayoutCompilesAgainstItsIsasHeaders(@TempDir Path dir) throws Exception {
        List<Isa> checked = new ArrayList<>();
        for (Isa isa : Isa.values()) {
            Path cc = Path.of(COMPILERS.get(isa));
            if (System.getenv("CI") == null && !Files.isExecutable(cc)) continue;
            Path src = dir.resolve(isa.name().toLowerCase() + ".c");
            Files.writeString(src, assertions(isa));
            GeneratedHeaderTest.run(List.of(cc.toString(), "-c", "-o", dir.resolve(isa + ".o").toString(), src.toString()));
            checked.add(isa);
        }
        assumeThat(checked).as("a compiler for every ISA").hasSize(Isa.values().length);
    }

    /** Planted: a wrong offset does not compile. */
    @Test
    void aWrongOffsetIsCaught(@TempDir Path dir) throws Exception {
        Path gcc = Path.of(COMPILERS.get(Isa.X86_64));
        if (System.getenv("CI") == null) assumeThat(Files.isExecutable(gcc)).isTrue();
        Path src = dir.resolve("wrong.c");
        // x86-64's st_nlink is at 16; the generic layout's offset (20) must fail there
        Files.writeString(src, assertions(Isa.X86_64).replace("st_nlink) == 16", "st_nlink) == 20"));
        Process p = new ProcessBuilder(gcc.toString(), "-c", "-o", dir.resolve("w.o").toString(), src.toString())
                .redirectErrorStream(true).start();
        String out = new String(p.getInputStream().readAllBytes());
        assertThat(p.waitFor()).isNotZero();
        assertThat(out).contains("STAT.st_nlink");
    }
}
