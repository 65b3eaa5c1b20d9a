package io.helctic.abi;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assumptions.assumeThat;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** DESIGN §1 rule 3: one source of truth; the committed C header is generated from it. */
class GeneratedHeaderTest {

    @Test
    void committedHeaderEqualsAFreshGeneration() throws IOException {
        Path committed = RepoFiles.root().resolve(HeaderGenerator.COMMITTED_PATH);
        String fresh = HeaderGenerator.generate();
        if (Boolean.getBoolean("helctic.regenerate")) {
            Files.createDirectories(committed.getParent());
            Files.writeString(committed, fresh);
        }
        assertThat(committed).exists();
        assertThat(Files.readString(committed))
            .as("%s is stale: regenerate with " + HeaderGenerator.REGENERATE,
                HeaderGenerator.COMMITTED_PATH)
            .isEqualTo(fresh);
    }

    @Test
    void everyOpsFieldSitsAtSlotTimesEight(@TempDir Path dir) throws Exception {
        Path gcc = Path.of("/usr/bin/gcc");
        boolean ci = System.getenv("CI") != null;
        if (!ci) assumeThat(Files.isExecutable(gcc)).as("gcc present").isTrue();
        Path header = dir.resolve("helctic/personality.h");
        Files.createDirectories(header.getParent());
        Files.writeString(header, HeaderGenerator.generate());

        StringBuilder c = new StringBuilder("""
            #include <stddef.h>
            #include <stdio.h>
            #include <helctic/personality.h>
            int main(void) {
            """);
        for (KernelOp op : KernelOp.values()) {
            c.append("    printf(\"%s %zu %d\\n\", \"").append(op.cName())
             .append("\", offsetof(struct helctic_kernel_ops, ").append(op.cName())
             .append("), (int) HELCTIC_OP_").append(op.name()).append(");\n");
        }
        c.append("    printf(\"size %zu\\n\", sizeof(struct helctic_kernel_ops));\n    return 0;\n}\n");
        Path src = dir.resolve("offsets.c");
        Files.writeString(src, c);
        Path exe = dir.resolve("offsets");
        run(List.of(gcc.toString(), "-std=c11", "-Wall", "-Werror", "-I", dir.toString(),
                    "-o", exe.toString(), src.toString()));
        List<String> lines = run(List.of(exe.toString()));

        List<String> expected = new ArrayList<>();
        for (KernelOp op : KernelOp.values()) {
            expected.add(op.cName() + " " + op.slot() * 8L + " " + op.slot());
        }
        expected.add("size " + KernelOp.SLOTS * 8L);
        assertThat(lines).containsExactlyElementsOf(expected);
    }

    /** Runs a command; it must succeed; its output lines. */
    static List<String> run(List<String> cmd) throws Exception {
        Process p = new ProcessBuilder(cmd).redirectErrorStream(true).start();
        String out = new String(p.getInputStream().readAllBytes());
        assertThat(p.waitFor(60, TimeUnit.SECONDS)).isTrue();
        assertThat(p.exitValue()).as("%s\n%s", cmd, out).isZero();
        return out.lines().toList();
    }
}
