package io.helctic.kernel.loader;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.io.IOException;
import java.lang.foreign.MemorySegment;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The vDSO image is a well-formed x86-64 shared object that binutils reads as Linux's. */
class VdsoTest {
    @TempDir Path dir;

    private static final List<String> EXPORTED = List.of("clock_gettime", "gettimeofday", "time", "getcpu",
                                                         "clock_getres");

    private Path image() throws IOException {
        Path p = dir.resolve("vdso.so");
        Files.write(p, Vdso.image());
        return p;
    }

    private static boolean tool(String name) {
        return Files.isExecutable(Path.of("/usr/bin", name));
    }

    private static String run(String... cmd) throws Exception {
        Process p = new ProcessBuilder(cmd).redirectErrorStream(true).start();
        String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        assertThat(p.waitFor(60, TimeUnit.SECONDS)).isTrue();
        assertThat(p.exitValue()).as(out).isZero();
        return out;
    }

    @Test
    void theKernelsOwnParserAcceptsIt() throws LoadException {
        ElfFile f = ElfFile.parse(MemorySegment.ofArray(Vdso.image()));
        assertThat(f.type()).isEqualTo(ElfFile.ET_DYN);
        assertThat(f.interpreter()).isNull();
        assertThat(f.segments()).extracting(ElfFile.Segment::type).containsExactly(ElfFile.PT_LOAD, ElfFile.PT_DYNAMIC);
        ElfFile.Segment load = f.segments().get(0);
        assertThat(load.flags()).isEqualTo(ElfFile.PF_R | ElfFile.PF_X);
        assertThat(load.vaddr()).isZero();
        assertThat(load.filesz()).isEqualTo(Vdso.image().length);
        assertThat(Vdso.size()).isEqualTo(4096);
    }

    @Test
    void theVersionHashesAreTheOnesLibcsCompare() {
        assertThat(Vdso.elfHash("LINUX_2.6")).isEqualTo(0x3ae75f6); // glibc's dl_vdso_vsym
        assertThat(Vdso.elfHash("")).isZero();
    }

    @Test
    void readelfSeesTheSymbolsWithTheirVersions() throws Exception {
        assumeTrue(tool("readelf"), "binutils' readelf is not installed");
        Path p = image();
        String all = run("readelf", "-W", "-h", "-l", "-S", "-d", "-V", p.toString());
        assertThat(all).contains("DYN (Shared object file)").contains("Advanced Micro Devices X86-64")
            .contains("(SONAME)             Library soname: [linux-vdso.so.1]")
            .contains("(HASH)").contains("(VERSYM)").contains("(VERDEF)")
            .contains("Name: linux-vdso.so.1").contains("Name: LINUX_2.6")
            .doesNotContain("Warning").doesNotContain("Error");
        String syms = run("readelf", "-W", "--dyn-syms", p.toString());
        assertThat(syms).doesNotContain("Warning");
        for (String f : EXPORTED) {
            assertThat(syms).containsPattern("FUNC +GLOBAL +DEFAULT +\\d+ __vdso_" + f + "@@LINUX_2.6\\b");
            assertThat(syms).containsPattern("FUNC +WEAK +DEFAULT +\\d+ " + f + "@@LINUX_2.6\\b");
        }
    }

    /** objdump names a versioned symbol with its version (binutils 2.35+) or without. */
    private static final String V = "(?:@@LINUX_2\\.6)?";

    @Test
    void objdumpSeesTheDynamicSymbolsAndTheStubs() throws Exception {
        assumeTrue(tool("objdump"), "binutils' objdump is not installed");
        Path p = image();
        String t = run("objdump", "-T", p.toString());
        for (String f : EXPORTED) {
            assertThat(t).containsPattern("g +DF \\.text\\s+\\S+\\s+LINUX_2\\.6\\s+__vdso_" + f + "\\n");
            assertThat(t).containsPattern("w +DF \\.text\\s+\\S+\\s+LINUX_2\\.6\\s+" + f + "\\n");
        }
        String d = run("objdump", "-d", "--no-show-raw-insn", p.toString());
        assertThat(d).containsPattern("<__vdso_clock_gettime" + V + ">:\\s+\\S+:\\s+mov\\s+\\$0xe4,%eax\\s+\\S+:\\s+syscall\\s+\\S+:\\s+ret");
        assertThat(d).containsPattern("<__vdso_gettimeofday" + V + ">:\\s+\\S+:\\s+mov\\s+\\$0x60,%eax\\s+\\S+:\\s+syscall\\s+\\S+:\\s+ret");
        assertThat(d).containsPattern("<__vdso_time" + V + ">:\\s+\\S+:\\s+mov\\s+\\$0xc9,%eax\\s+\\S+:\\s+syscall\\s+\\S+:\\s+ret");
        assertThat(d).containsPattern("<__vdso_clock_getres" + V + ">:\\s+\\S+:\\s+mov\\s+\\$0xe5,%eax\\s+\\S+:\\s+syscall\\s+\\S+:\\s+ret");
        assertThat(d).containsPattern("<__vdso_getcpu" + V + ">:\\s+\\S+:\\s+mov\\s+\\$0x135,%eax\\s+\\S+:\\s+syscall\\s+\\S+:\\s+ret");
        assertThat(d).doesNotContain("(bad)");
    }

    @Test
    void gccLinksAgainstIt() throws Exception {
        // The linker reads it as a shared library: the strongest check that the tables agree.
        assumeTrue(tool("gcc"), "gcc is not installed");
        Path so = dir.resolve("libvdso.so");
        Files.write(so, Vdso.image());
        Path c = dir.resolve("t.c");
        Files.writeString(c, "extern int __vdso_getcpu(unsigned*, unsigned*, void*);\n"
                + "int main(void) { return __vdso_getcpu(0, 0, 0); }\n");
        run("gcc", "-o", dir.resolve("t").toString(), c.toString(), so.toString());
    }
}
