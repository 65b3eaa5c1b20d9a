package io.helctic.cli;

import static org.assertj.core.api.Assertions.assertThat;

import io.helctic.abi.HeaderGenerator;
import io.helctic.abi.KernelOp;
import io.helctic.abi.Wiring;
import io.helctic.personality.Support;
import io.helctic.personality.docs.SyscallDocs;
import io.helctic.personality.docs.SyscallTable;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.EnumMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/**
 * The syscall documents of every personality (docs/syscalls/) are generated from the personality
 * tables and the kernel's declared table, which only this module sees both of: the kernel column
 * names the method the kernel's table wires to each slot (read from its bytecode), and every
 * implemented call reaches only slots the kernel implements.
 */
class GeneratedSyscallDocsTest {

    /** The kernel method behind each slot, from KernelTable.declare's bytecode; absent: unimplemented. */
    static Map<KernelOp, String> kernelMethods() {
        Class<?> table;
        try {
            table = Class.forName("io.helctic.kernel.syscall.KernelTable", false, GeneratedSyscallDocsTest.class.getClassLoader());
        } catch (ClassNotFoundException e) {
            throw new IllegalStateException(e);
        }
        Map<KernelOp, String> m = new EnumMap<>(KernelOp.class);
        for (Wiring.Ref r : Wiring.scan(table, "declare")) m.put(r.op(), r.javaName());
        return m;
    }

    @Test
    void committedDocumentsEqualAFreshGeneration() throws IOException {
        Map<KernelOp, String> kernel = kernelMethods();
        Path dir = Rule2ModuleBoundariesTest.root().resolve(SyscallDocs.DIRECTORY);
        boolean regenerate = Boolean.getBoolean("helctic.regenerate");
        List<String> files = new ArrayList<>();
        for (SyscallTable t : SyscallDocs.tables()) {
            Path committed = dir.resolve(t.file());
            String fresh = SyscallDocs.render(t, kernel::get);
            if (regenerate) {
                Files.createDirectories(dir);
                Files.writeString(committed, fresh);
            }
            assertThat(committed).exists();
            assertThat(Files.readString(committed)).as("%s is stale: regenerate with %s", committed, HeaderGenerator.REGENERATE)
                .isEqualTo(fresh);
            files.add(t.file());
        }
        try (var listing = Files.list(dir)) {
            assertThat(listing.map(p -> p.getFileName().toString()).toList())
                .as("nothing in %s but generated documents", dir).containsExactlyInAnyOrderElementsOf(files);
        }
    }

    @Test
    void everyImplementedCallReachesOnlySlotsTheKernelImplements() {
        Map<KernelOp, String> kernel = kernelMethods();
        List<String> wrong = new ArrayList<>();
        for (SyscallTable t : SyscallDocs.tables()) {
            for (SyscallTable.Row r : t.rows()) {
                if (r.support() == Support.UNIMPLEMENTED) continue;
                for (KernelOp op : r.ops()) {
                    if (!kernel.containsKey(op)) wrong.add(t.file() + " " + r.name() + " is " + r.support() + " but " + op + " is not implemented");
                }
            }
        }
        assertThat(wrong).isEmpty();
    }

    @Test
    void theDocumentsNameTheKernelMethodOfEachCall() {
        Map<KernelOp, String> kernel = kernelMethods();
        String linux = SyscallDocs.render(SyscallDocs.tables().get(0), kernel::get);
        assertThat(linux).contains("| 257 | `openat` | dirfd, str, oflags, mode | FULL | `OPENAT(a1, a2, a3, a4)` | `PathOps.openat` |");
        assertThat(linux).contains("| 19 | `readv` | fd, ptr, int | FULL | `READV(a1, a2, a3, -1, 0)` | `TransferOps.readv` |");
        assertThat(linux).containsPattern("\\| 295 \\| `preadv` \\| [^|]+ \\| FULL \\| `IoVecShims.preadv`: [^|]+ \\| `TransferOps.readv` \\|");
    }

    /** One command regenerates every generated file, and the README names the one the header names. */
    @Test
    void theReadmeNamesTheRegenerateCommand() throws IOException {
        Path root = Rule2ModuleBoundariesTest.root();
        assertThat(Files.readString(root.resolve("README.md"))).contains("`" + HeaderGenerator.REGENERATE + "`");
        assertThat(Files.readString(root.resolve(HeaderGenerator.COMMITTED_PATH))).contains(HeaderGenerator.REGENERATE);
        assertThat(root.resolve(HeaderGenerator.REGENERATE)).isExecutable();
    }

    /** Planted: a FULL call whose slot the kernel leaves unimplemented is reported. */
    @Test
    void aFullCallOnAnUnimplementedSlotIsCaught() {
        Map<KernelOp, String> kernel = kernelMethods();
        kernel.remove(KernelOp.OPENAT);
        String doc = SyscallDocs.render(SyscallDocs.tables().get(0), kernel::get);
        assertThat(doc).contains("| 257 | `openat` | dirfd, str, oflags, mode | FULL | `OPENAT(a1, a2, a3, a4)` | unimplemented (-ENOSYS) |");
    }
}
