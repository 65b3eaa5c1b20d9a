package io.helctic.personality.linux;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assumptions.assumeThat;

import io.helctic.abi.KernelOp;
import io.helctic.abi.KernelOps;
import io.helctic.abi.SyscallResult;
import io.helctic.personality.FakeKernel;
import io.helctic.personality.Handler;
import io.helctic.personality.Support;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashSet;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;

class X86_64TableTest {

    private static final Path HOST_HEADER = Path.of("/usr/include/x86_64-linux-gnu/asm/unistd_64.h");

    @Test
    void everyNumberFromZeroToMaxHasAnEntry() {
        assertThat(X86_64Table.entries()).hasSize(X86_64Table.MAX + 1);
        for (int n = 0; n <= X86_64Table.MAX; n++) {
            assertThat(X86_64Table.entry(n)).isNotNull();
            assertThat(X86_64Table.entry(n).number()).isEqualTo(n);
        }
        assertThat(X86_64Table.entry(X86_64Table.MAX).name()).isEqualTo("rseq_slice_yield");
        assertThat(X86_64Table.entry(-1)).isNull();
        assertThat(X86_64Table.entry(X86_64Table.MAX + 1)).isNull();
    }

    @Test
    void namesAreUniqueAndGapsAreWhereLinuxHasThem() {
        Set<String> names = new HashSet<>();
        for (SyscallEntry e : X86_64Table.entries()) {
            assertThat(names.add(e.name())).as("duplicate %s", e.name()).isTrue();
            boolean gap = e.number() >= 337 && e.number() <= 423;
            assertThat(e.assigned()).as("%d", e.number()).isEqualTo(!gap);
        }
        assertThat(X86_64Table.entry(335).name()).isEqualTo("uretprobe");
        assertThat(X86_64Table.entry(336).name()).isEqualTo("uprobe");
        assertThat(X86_64Table.entry(424).name()).isEqualTo("pidfd_send_signal");
    }

    @Test
    void namesMatchTheHostHeader() throws IOException {
        assumeThat(Files.isReadable(HOST_HEADER)).as("%s present", HOST_HEADER).isTrue();
        Map<Integer, String> host = new TreeMap<>();
        Matcher m = Pattern.compile("(?m)^#define __NR_(\\w+) (\\d+)$").matcher(Files.readString(HOST_HEADER));
        while (m.find()) host.put(Integer.parseInt(m.group(2)), m.group(1));
        assertThat(host).isNotEmpty();
        for (var h : host.entrySet()) {
            SyscallEntry e = X86_64Table.entry(h.getKey());
            assertThat(e).as("host defines %s = %d", h.getValue(), h.getKey()).isNotNull();
            assertThat(e.name()).as("number %d", h.getKey()).isEqualTo(h.getValue());
            assertThat(e.assigned()).isTrue();
        }
    }

    @Test
    void unimplementedEntriesAnswerEnosysWithoutCallingTheKernel() {
        FakeKernel k = new FakeKernel();
        KernelOps ops = k.ops();
        int unimplemented = 0;
        for (SyscallEntry e : X86_64Table.entries()) {
            if (e.support() != Support.UNIMPLEMENTED) continue;
            unimplemented++;
            assertThat(LinuxAbi.INSTANCE.syscall(ops, e.number(), 1, 2, 3, 4, 5, 6))
                .as(e.name()).isEqualTo(SyscallResult.of(-38));
        }
        assertThat(unimplemented).isPositive(); // each answered ENOSYS above, the kernel untouched
        assertThat(k.calls).isEmpty();
    }

    /** Issue 15: every call left UNIMPLEMENTED (or PARTIAL) says why in its note; none is silent. */
    @Test
    void everyUnimplementedOrPartialEntrySaysWhy() {
        for (SyscallEntry e : X86_64Table.entries()) {
            if (e.support() == Support.FULL) continue;
            assertThat(e.note()).as("%d %s (%s) has no note", e.number(), e.name(), e.support()).isNotBlank();
        }
    }

    @Test
    void x32AndOutOfTableNumbersAnswerEnosys() {
        FakeKernel k = new FakeKernel();
        KernelOps ops = k.ops();
        for (long nr = 512; nr <= 547; nr++) {
            assertThat(LinuxAbi.INSTANCE.syscall(ops, nr, 1, 2, 3, 0, 0, 0)).isEqualTo(SyscallResult.of(-38));
        }
        for (long nr : new long[] {-1, X86_64Table.MAX + 1, 0x40000000L | 1, 1000}) {
            assertThat(LinuxAbi.INSTANCE.syscall(ops, nr, 1, 2, 3, 0, 0, 0)).isEqualTo(SyscallResult.of(-38));
        }
        assertThat(k.calls).isEmpty();
    }

    @Test
    void theNumberIsTheLow32BitsOfRax() {
        FakeKernel k = new FakeKernel().on(KernelOp.GETPID, (a1, a2, a3, a4, a5, a6) -> 5);
        assertThat(LinuxAbi.INSTANCE.syscall(k.ops(), (7L << 32) | 39, 0, 0, 0, 0, 0, 0)).isEqualTo(SyscallResult.of(5));
    }

    @Test
    void everyPartialEntrySaysWhatIsMissingAndEveryOpItNeedsExists() {
        for (SyscallEntry e : X86_64Table.entries()) {
            if (e.support() == Support.UNIMPLEMENTED) continue;
            if (e.support() == Support.PARTIAL) assertThat(e.note()).as(e.name()).isNotBlank();
            if (e.handler() instanceof Handler.Direct d) assertThat(d.op().reserved()).isFalse();
        }
    }
}
