package io.helctic.kernel.arch.x86_64;

import io.helctic.abi.Conventions;
import io.helctic.abi.Isa;
import io.helctic.kernel.arch.Arch;
import io.helctic.kernel.arch.GuestCpu;
import io.helctic.kernel.memory.AddressSpace;
import io.helctic.machine.cpu.x86_64.X86Cpu;
import io.helctic.machine.memory.PhysicalMemory;

/** x86-64: the emulated CPU of the machine module, as the kernel's boot and loader need it. */
public final class X86Arch implements Arch {
    public static final X86Arch INSTANCE = new X86Arch();

    private X86Arch() {}

    @Override
    public Isa isa() { return Isa.X86_64; }

    @Override
    public GuestCpu newCpu(PhysicalMemory memory) {
        return new X86Thread(new X86Cpu(memory));
    }

    /** AT_HWCAP on x86-64 is CPUID leaf 1's EDX, as the emulated CPU reports it. */
    @Override
    public long hwcap() {
        return Integer.toUnsignedLong(X86Cpu.identify(1, 0)[3]);
    }

    @Override
    public String machine() { return "x86_64"; }

    /**
     * Linux's names of CPUID feature bits (arch/x86/include/asm/cpufeatures.h) in the order
     * /proc/cpuinfo lists them: leaf 1 EDX, leaf 0x80000001 EDX, leaf 1 ECX, leaf 0x80000001 ECX;
     * "" for a bit Linux does not show.
     */
    private static final String[][] FLAGS = {
        {"fpu", "vme", "de", "pse", "tsc", "msr", "pae", "mce", "cx8", "apic", "", "sep", "mtrr", "pge", "mca", "cmov",
         "pat", "pse36", "pn", "clflush", "", "dts", "acpi", "mmx", "fxsr", "sse", "sse2", "ss", "ht", "tm", "ia64", "pbe"},
        {"", "", "", "", "", "", "", "", "", "", "", "syscall", "", "", "", "", "", "", "", "mp", "nx", "", "mmxext", "",
         "", "fxsr_opt", "pdpe1gb", "rdtscp", "", "lm", "3dnowext", "3dnow"},
        {"pni", "pclmulqdq", "dtes64", "monitor", "ds_cpl", "vmx", "smx", "est", "tm2", "ssse3", "cid", "sdbg", "fma", "cx16",
         "xtpr", "pdcm", "", "pcid", "dca", "sse4_1", "sse4_2", "x2apic", "movbe", "popcnt", "tsc_deadline_timer", "aes",
         "xsave", "", "avx", "f16c", "rdrand", "hypervisor"},
        {"lahf_lm", "cmp_legacy", "svm", "extapic", "cr8_legacy", "abm", "sse4a", "misalignsse", "3dnowprefetch", "osvw",
         "ibs", "xop", "skinit", "wdt", "", "lwp", "fma4", "tce", "", "nodeid_msr", "", "tbm", "topoext", "perfctr_core",
         "perfctr_nb", "", "bpext", "ptsc", "perfctr_llc", "mwaitx", "", ""},
    };

    /**
     * From CPUID, as Linux's show_cpuinfo prints it. The TSC counts nanoseconds, so "cpu MHz" is
     * 1000 (and bogomips, Linux's calibrated loop, twice that); "cache size" is the largest cache
     * of leaf 4; no leaf 0x80000008, so the address sizes are Linux's defaults (36 and 48 bits).
     * Every CPU is one core of one package.
     */
    @Override
    public String cpuinfo(int cpu, int cpus) {
        int[] l0 = X86Cpu.identify(0, 0), l1 = X86Cpu.identify(1, 0), e0 = X86Cpu.identify(0x8000_0000, 0);
        int[] e1 = Integer.compareUnsigned(e0[0], 0x8000_0001) >= 0 ? X86Cpu.identify(0x8000_0001, 0) : new int[4];
        String vendor = chars(l0[1]) + chars(l0[3]) + chars(l0[2]);
        int eax = l1[0], family = eax >> 8 & 0xf, model = eax >> 4 & 0xf;
        if (family == 0xf) family += eax >> 20 & 0xff;
        if (family >= 6) model += (eax >> 16 & 0xf) << 4;
        String name = "unknown";
        if (Integer.compareUnsigned(e0[0], 0x8000_0004) >= 0) {
            StringBuilder b = new StringBuilder();
            for (int leaf = 0x8000_0002; leaf <= 0x8000_0004; leaf++) for (int reg : X86Cpu.identify(leaf, 0)) b.append(chars(reg));
            int nul = b.indexOf("\0");
            name = (nul >= 0 ? b.substring(0, nul) : b.toString()).strip();
        }
        long cacheKb = 0;
        for (int sub = 0; sub < 16 && Integer.compareUnsigned(l0[0], 4) >= 0; sub++) {
            int[] c = X86Cpu.identify(4, sub);
            if ((c[0] & 0x1f) == 0) break;
            long size = (long) ((c[1] >>> 22) + 1) * ((c[1] >> 12 & 0x3ff) + 1) * ((c[1] & 0xfff) + 1) * (Integer.toUnsignedLong(c[2]) + 1);
            cacheKb = Math.max(cacheKb, size >> 10);
        }
        StringBuilder flags = new StringBuilder();
        int[] words = {l1[3], e1[3], l1[2], e1[2]};
        for (int w = 0; w < words.length; w++) {
            for (int bit = 0; bit < 32; bit++) {
                if ((words[w] >>> bit & 1) != 0 && !FLAGS[w][bit].isEmpty()) {
                    flags.append(flags.isEmpty() ? "" : " ").append(FLAGS[w][bit]);
                }
            }
        }
        StringBuilder s = new StringBuilder();
        s.append("processor\t: ").append(cpu).append('\n')
         .append("vendor_id\t: ").append(vendor).append('\n')
         .append("cpu family\t: ").append(family).append('\n')
         .append("model\t\t: ").append(model).append('\n')
         .append("model name\t: ").append(name).append('\n')
         .append("stepping\t: ").append(eax & 0xf).append('\n');
        if ((l1[3] & 1 << 4) != 0) s.append("cpu MHz\t\t: 1000.000\n");
        if (cacheKb > 0) s.append("cache size\t: ").append(cacheKb).append(" KB\n");
        s.append("physical id\t: 0\n")
         .append("siblings\t: ").append(cpus).append('\n')
         .append("core id\t\t: ").append(cpu).append('\n')
         .append("cpu cores\t: ").append(cpus).append('\n')
         .append("apicid\t\t: ").append(cpu).append('\n')
         .append("initial apicid\t: ").append(cpu).append('\n')
         .append("fpu\t\t: ").append((l1[3] & 1) != 0 ? "yes" : "no").append('\n')
         .append("fpu_exception\t: ").append((l1[3] & 1) != 0 ? "yes" : "no").append('\n')
         .append("cpuid level\t: ").append(l0[0]).append('\n')
         .append("wp\t\t: yes\n")
         .append("flags\t\t: ").append(flags).append('\n')
         .append("bugs\t\t:\n")
         .append("bogomips\t: 2000.00\n");
        if ((l1[3] & 1 << 19) != 0) s.append("clflush size\t: ").append((l1[1] >> 8 & 0xff) * 8).append('\n');
        s.append("cache_alignment\t: 64\n")
         .append("address sizes\t: 36 bits physical, 48 bits virtual\n")
         .append("power management:\n\n");
        return s.toString();
    }

    private static String chars(int reg) {
        char[] c = new char[4];
        for (int i = 0; i < 4; i++) c[i] = (char) (reg >>> (8 * i) & 0xff);
        return new String(c);
    }

    @Override
    public byte[] syscallStub(int nr) {
        return new byte[] {
            (byte) 0xb8, (byte) nr, (byte) (nr >> 8), (byte) (nr >> 16), (byte) (nr >> 24), // mov $nr,%eax
            0x0f, 0x05,                                                                      // syscall
            (byte) 0xc3,                                                                     // ret
        };
    }

    @Override
    public void mapSignalTrampoline(AddressSpace space, Conventions conventions) {
        if (conventions.frames() == Conventions.SignalFrames.FREEBSD) FreeBsdSignalFrame.mapTrampoline(space);
    }

    @Override
    public long[] translatorStats() {
        return new long[] {X86Cpu.blocksTranslated(), X86Cpu.regionsTranslated(), X86Cpu.translationsFailed()};
    }
}
