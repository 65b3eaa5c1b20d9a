package io.helctic.kernel.syscall;

import static org.assertj.core.api.Assertions.assertThat;

import io.helctic.abi.KernelOp;
import io.helctic.abi.KernelOps;
import io.helctic.abi.Wiring;
import io.helctic.kernel.context.Context;
import io.helctic.kernel.context.Futexes;
import io.helctic.kernel.context.Process;
import io.helctic.kernel.context.ProcessTable;
import io.helctic.kernel.context.Spawner;
import io.helctic.kernel.context.Termination;
import io.helctic.kernel.memory.FrameAllocator;
import io.helctic.kernel.vfs.Namespace;
import io.helctic.machine.memory.PhysicalMemory;
import java.util.ArrayList;
import java.util.EnumMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/**
 * The kernel's declared table (boundary 2) is what it says: read from {@link KernelTable#declare}'s
 * bytecode, every slot is named once, in slot order, by a declared method (never a lambda) of the
 * slot's arity, and the running table implements exactly the slots that name one. The syscall
 * documents take their kernel column from the same reading.
 */
class KernelTableTest {

    /** What is wrong with a declaring method's wiring (empty when nothing is). */
    static List<String> problems(Class<?> table, String method) {
        List<String> out = new ArrayList<>();
        KernelOp previous = null;
        Map<KernelOp, Wiring.Ref> seen = new EnumMap<>(KernelOp.class);
        for (Wiring.Ref r : Wiring.scan(table, method)) {
            if (r.op() == null) {
                out.add(r.javaName() + ": no slot before it");
                continue;
            }
            if (r.isLambda()) out.add(r.op() + ": a lambda, not a named method");
            if (seen.put(r.op(), r) != null) out.add(r.op() + ": declared twice");
            if (previous != null && r.op().slot() <= previous.slot()) out.add(r.op() + ": after " + previous);
            previous = r.op();
            if (!Wiring.declares(Wiring.classModel(table, r.owner()), r.name(), r.descriptor())) {
                out.add(r.op() + ": " + r.javaName() + r.descriptor() + " does not exist");
            }
            if (r.parameterCount() != r.op().params().size()) {
                out.add(r.op() + ": " + r.javaName() + " takes " + r.parameterCount() + ", the slot " + r.op().params().size());
            }
            if (!r.descriptor().endsWith(")J")) out.add(r.op() + ": " + r.javaName() + " does not return a long");
        }
        return out;
    }

    static Map<KernelOp, Wiring.Ref> wired() {
        Map<KernelOp, Wiring.Ref> m = new EnumMap<>(KernelOp.class);
        for (Wiring.Ref r : Wiring.scan(KernelTable.class, "declare")) m.put(r.op(), r);
        return m;
    }

    @Test
    void everySlotNamesOneMethodOfItsArityInSlotOrder() {
        assertThat(problems(KernelTable.class, "declare")).isEmpty();
        assertThat(wired().get(KernelOp.OPENAT).javaName()).isEqualTo("PathOps.openat");
        assertThat(wired().get(KernelOp.READ).javaName()).isEqualTo("FileOps.read");
        assertThat(wired()).hasSizeGreaterThan(80).doesNotContainKey(KernelOp.RESERVED_190);
    }

    @Test
    void theRunningTableImplementsExactlyTheSlotsThatNameAMethod() {
        ProcessTable processes = new ProcessTable();
        KernelOps ops = KernelTable.build(null, io.helctic.kernel.arch.Arch.of(io.helctic.abi.Isa.X86_64), new Namespace(),
                processes, new NoSpawner(),
                new FrameAllocator(new PhysicalMemory(1 << 20)), () -> null, new Futexes(),
                new io.helctic.kernel.net.Network(io.helctic.kernel.net.Network.Policy.HOST, 0));
        Map<KernelOp, Wiring.Ref> wired = wired();
        for (KernelOp op : KernelOp.values()) {
            assertThat(ops.implemented(op)).as("%s implemented", op).isEqualTo(wired.containsKey(op));
        }
    }

    /** Planted: the checks above catch a lambda, a wrong order, a slot twice and a wrong arity. */
    @Test
    void miswiringIsCaught() {
        assertThat(problems(Miswired.class, "declare")).containsExactlyInAnyOrder(
            "WRITE: a lambda, not a named method",
            "READ: after WRITE",
            "READ: declared twice",
            "GETPID: KernelTableTest.Miswired.twoArguments takes 2, the slot 0");
    }

    static final class Miswired {
        static long read(long fd, long buf, long count) { return 0; }
        static long twoArguments(long a, long b) { return 0; }

        @SuppressWarnings("unused")
        static Object declare() {
            return List.of(
                KernelOps.slot(KernelOp.READ, Miswired::read),
                KernelOps.slot(KernelOp.WRITE, (fd, buf, n) -> 0),
                KernelOps.slot(KernelOp.READ, Miswired::read),
                sneak(KernelOp.GETPID, Miswired::twoArguments));
        }

        static Object sneak(KernelOp op, KernelOps.Op2 f) { return f; }
    }

    private static final class NoSpawner implements Spawner {
        @Override public boolean start(Context ctx) { return false; }
        @Override public Process process(int pid) { return null; }
        @Override public void wake(Context ctx) { }
        @Override public void kill(Process p, Termination how) { }
    }
}
