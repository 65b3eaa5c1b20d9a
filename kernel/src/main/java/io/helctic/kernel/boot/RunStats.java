package io.helctic.kernel.boot;

import io.helctic.abi.Personality;
import io.helctic.abi.PersonalityId;
import io.helctic.kernel.arch.Arch;
import io.helctic.kernel.arch.CpuExit;
import io.helctic.kernel.arch.GuestCpu;
import java.io.PrintStream;
import java.util.ArrayList;
import java.util.Collections;
import java.util.IdentityHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.LongAdder;

/**
 * Run statistics for {@code helctic run --stats}: time in guest code (inside
 * {@link GuestCpu#run}) against time in the kernel (everything else the context's thread does),
 * syscalls by personality and number, and the CPUs' own counters (instructions, block-cache and
 * TLB). Off unless the JVM runs with {@code -Dhelctic.stats=true}: {@link #ON} is a static
 * constant, so the kernel's hot path pays nothing when it is off.
 */
public final class RunStats {
    public static final boolean ON = Boolean.getBoolean("helctic.stats");

    private static final long START = System.nanoTime();
    private static volatile Personality names;

    /**
     * The counters, made at their first use: every boot reads {@link #ON}, and the LongAdders,
     * the map and the thread-local cost a cold JVM ~1 ms to make (Striped64's class set-up).
     */
    private static final class Counters {
        static final Set<GuestCpu> CPUS = Collections.synchronizedSet(Collections.newSetFromMap(new IdentityHashMap<>()));
        static final Map<Long, LongAdder> SYSCALLS = new ConcurrentHashMap<>();
        static final LongAdder GUEST_NS = new LongAdder();
        static final LongAdder KERNEL_NS = new LongAdder();
        static final ThreadLocal<long[]> LAST_EXIT = ThreadLocal.withInitial(() -> new long[] {0});
    }

    private RunStats() {}

    /** Runs the CPU, charging the time inside to the guest and the time since its last return to the kernel. */
    static CpuExit run(GuestCpu cpu, long budget) {
        long[] last = Counters.LAST_EXIT.get();
        long t0 = System.nanoTime();
        if (last[0] == 0) Counters.CPUS.add(cpu);
        else Counters.KERNEL_NS.add(t0 - last[0]);
        CpuExit t = cpu.run(budget);
        long t1 = System.nanoTime();
        Counters.GUEST_NS.add(t1 - t0);
        last[0] = t1;
        return t;
    }

    /** Counts one syscall (by the calling personality and its number). */
    static void syscall(PersonalityId p, long nr) {
        Counters.SYSCALLS.computeIfAbsent(((long) p.ordinal() << 32) | (nr & 0xffff_ffffL), k -> new LongAdder()).increment();
    }

    /** The personality layer whose {@code describe} names the syscalls in the report. */
    static void names(Personality p) {
        names = p;
    }

    /** Prints the report (to stderr at exit). */
    public static void print(PrintStream out) {
        long wall = System.nanoTime() - START;
        long insns = 0, lookups = 0, decodes = 0, tlbMiss = 0, tlbLookups = 0, translatedRuns = 0;
        long[] exits = new long[5];
        List<GuestCpu> cpus;
        synchronized (Counters.CPUS) {
            cpus = new ArrayList<>(Counters.CPUS);
        }
        Arch arch = null;
        for (GuestCpu c : cpus) {
            GuestCpu.Stats st = c.stats();
            insns += st.instructions();
            lookups += st.blockLookups();
            translatedRuns += st.translatedRuns();
            decodes += st.blockDecodes();
            tlbMiss += st.tlbMisses();
            tlbLookups += st.tlbLookups();
            for (int i = 0; i < Math.min(exits.length, st.exits().length); i++) exits[i] += st.exits()[i];
            arch = Arch.of(c.isa());
        }
        long[] translator = arch == null ? new long[3] : arch.translatorStats();
        long guest = Counters.GUEST_NS.sum(), kernel = Counters.KERNEL_NS.sum();
        StringBuilder sb = new StringBuilder();
        sb.append("helctic: --stats (").append(cpus.size()).append(cpus.size() == 1 ? " CPU context)\n" : " CPU contexts)\n");
        sb.append(String.format("  wall time           %10.3f s (JVM start-up not included)%n", wall / 1e9));
        sb.append(String.format("  in guest code       %10.3f s%n", guest / 1e9));
        sb.append(String.format("  in the kernel       %10.3f s (syscalls, page faults, signals)%n", kernel / 1e9));
        sb.append(String.format("  instructions        %,14d%n", insns));
        sb.append(String.format("  MIPS (guest time)   %10.1f%n", guest == 0 ? 0 : insns * 1e3 / guest));
        sb.append(String.format("  blocks entered      %,14d (%.1f instructions per entry; a translated loop enters once)%n", lookups,
                lookups == 0 ? 0 : (double) insns / lookups));
        sb.append(String.format("  block-cache hits    %,14d (%.4f%%; %,d decoded)%n", lookups - decodes,
                lookups == 0 ? 0 : 100.0 * (lookups - decodes) / lookups, decodes));
        sb.append(String.format("  translated blocks   %,14d (JVM bytecode, %,d of them regions of several blocks; %,d of the blocks entered ran translated, %.1f%%)%n",
                translator[0], translator[1], translatedRuns, lookups == 0 ? 0 : 100.0 * translatedRuns / lookups));
        long left = 0;
        for (long e : exits) left += e;
        if (left > 0) {
            sb.append(String.format("  left translated code %,13d times (indirect exit's target not in its table %,d; handed on"
                    + " at nesting depth %,d; direct exit not chained %,d; chain-depth limit %,d; end or trap %,d)%n",
                    left, exits[0], exits[1], exits[2], exits[3], exits[4]));
        }
        if (translator[2] > 0) {
            sb.append(String.format("  translations failed %,14d (a Helctic defect; those blocks stay interpreted)%n",
                    translator[2]));
        }
        if (tlbLookups > 0) {
            sb.append(String.format("  TLB hit rate        %10.4f%% (%,d lookups, %,d misses)%n",
                    100.0 * (tlbLookups - tlbMiss) / tlbLookups, tlbLookups, tlbMiss));
        } else {
            sb.append(String.format("  TLB misses          %,14d%n", tlbMiss));
        }
        long total = 0;
        TreeMap<String, Long> byName = new TreeMap<>();
        for (Map.Entry<Long, LongAdder> e : Counters.SYSCALLS.entrySet()) {
            long n = e.getValue().sum();
            total += n;
            byName.merge(name(e.getKey()), n, Long::sum);
        }
        sb.append(String.format("  syscalls            %,14d", total));
        if (total > 0) sb.append(String.format(" (%.0f ns each, kernel time / syscalls)", (double) kernel / total));
        sb.append('\n');
        byName.entrySet().stream().sorted(Map.Entry.<String, Long>comparingByValue().reversed())
                .forEach(e -> sb.append(String.format("    %-22s %,12d%n", e.getKey(), e.getValue())));
        out.print(sb);
        out.flush();
    }

    private static String name(long key) {
        PersonalityId p = PersonalityId.values()[(int) (key >>> 32)];
        long nr = key & 0xffff_ffffL;
        String fallback = (p == PersonalityId.LINUX ? "" : p.name().toLowerCase() + ":") + "#" + nr;
        Personality layer = names;
        if (layer == null) return fallback;
        try {
            String d = layer.describe(nr, new long[6], null, p, io.helctic.abi.Isa.X86_64);
            int paren = d == null ? -1 : d.indexOf('(');
            if (paren <= 0) return fallback;
            String n = d.substring(0, paren);
            return p == PersonalityId.LINUX ? n : p.name().toLowerCase() + ":" + n;
        } catch (RuntimeException e) {
            return fallback;
        }
    }
}
