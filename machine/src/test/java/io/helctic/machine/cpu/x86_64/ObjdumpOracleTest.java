package io.helctic.machine.cpu.x86_64;

import static org.assertj.core.api.Assertions.assertThat;

import io.helctic.machine.cpu.x86_64.decode.Decoder;
import io.helctic.machine.cpu.x86_64.decode.Insn;
import io.helctic.machine.cpu.x86_64.decode.Op;
import io.helctic.machine.cpu.x86_64.disasm.X86Disassembler;
import java.io.ByteArrayOutputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.TreeMap;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;

/**
 * The decoder checked against GNU objdump: every instruction objdump lists in the code of real
 * binaries (C compiled here at several optimisation levels, the project's guests, and a large
 * system binary) must get the same length from {@link X86Disassembler#length}; mnemonics are
 * compared loosely for the instructions the CPU executes.
 */
class ObjdumpOracleTest {
    private static final Pattern LINE = Pattern.compile("^\\s*([0-9a-f]+):\\t((?:[0-9a-f]{2} )+)\\s*\\t?(.*)$");
    private static final Set<String> PREFIX_WORDS = Set.of("cs", "ds", "es", "ss", "fs", "gs", "data16", "addr32",
            "rep", "repz", "repnz", "repe", "repne", "lock", "bnd", "notrack", "rex", "rex.w", "rex.b", "rex.x", "rex.r");

    record Figures(int total, int lengthAgree, int lengthDisagree, int undecoded, int executable, int mnemonicAgree,
                   List<String> disagreements, TreeMap<String, Integer> undecodedByMnemonic) {}

    static Figures check(Path binary) throws Exception {
        String dump = Toolchain.run(binary.getParent(), "objdump", "-d", "--insn-width=16", "-M", "suffix", binary.toString());
        // collect contiguous runs of instruction bytes per section/function
        List<int[]> starts = new ArrayList<>();
        List<String> texts = new ArrayList<>();
        ByteArrayOutputStream stream = new ByteArrayOutputStream();
        List<Integer> lengths = new ArrayList<>();
        for (String line : dump.split("\n")) {
            Matcher m = LINE.matcher(line);
            if (!m.matches()) continue;
            String[] hex = m.group(2).trim().split(" ");
            starts.add(new int[] {stream.size()});
            for (String h : hex) stream.write(Integer.parseInt(h, 16));
            lengths.add(hex.length);
            texts.add(m.group(3).trim());
        }
        byte[] code = stream.toByteArray();
        int total = 0, agree = 0, disagree = 0, undecoded = 0, executable = 0, mnAgree = 0;
        List<String> bad = new ArrayList<>();
        TreeMap<String, Integer> undecodedBy = new TreeMap<>();
        for (int i = 0; i < texts.size(); i++) {
            String text = texts.get(i);
            String mn = objdumpMnemonic(text);
            if (mn.isEmpty() || mn.equals("(bad)") || mn.startsWith(".")) continue;
            total++;
            int off = starts.get(i)[0];
            int expected = lengths.get(i);
            // decode within the window of this instruction plus what follows (as the CPU would)
            int len = X86Disassembler.length(code, off);
            if (len < 0) {
                undecoded++;
                undecodedBy.merge(mn, 1, Integer::sum);
                continue;
            }
            if (len == expected) agree++;
            else {
                disagree++;
                if (bad.size() < 30) bad.add(binary.getFileName() + ": " + hexOf(code, off, expected) + " objdump=" + text
                        + " ours=" + len);
                continue;
            }
            Insn d = new Insn();
            Decoder.decode(code, off, code.length, 0, d);
            if (d.op != Op.UD && d.op != Op.VEX) {
                executable++;
                String ours = X86Disassembler.mnemonic(d);
                if (looselyEqual(mn, ours)) mnAgree++;
                else if (bad.size() < 30) bad.add(binary.getFileName() + ": mnemonic objdump=" + text + " ours="
                        + X86Disassembler.format(d));
            }
        }
        return new Figures(total, agree, disagree, undecoded, executable, mnAgree, bad, undecodedBy);
    }

    static String objdumpMnemonic(String text) {
        for (String w : text.split("\\s+")) {
            if (PREFIX_WORDS.contains(w.toLowerCase()) || w.toLowerCase().startsWith("rex")) continue;
            return w;
        }
        return "";
    }

    static boolean looselyEqual(String objdump, String ours) {
        if (objdump.equals(ours) || suffixed(objdump, ours) || suffixed(ours, objdump)) return true;
        // synonyms: objdump's names for forms we print generically
        return (objdump.startsWith("xchg") && ours.equals("nop")) || (objdump.startsWith("movabs") && ours.startsWith("mov"))
                || (objdump.startsWith("sal") && ours.startsWith("shl"))
                || ((objdump.equals("endbr64") || objdump.startsWith("rdssp") || objdump.startsWith("prefetch")
                        || objdump.startsWith("nop")) && ours.startsWith("nop"));
    }

    /** Whether {@code longer} is {@code base} plus an AT&T size suffix. */
    private static boolean suffixed(String longer, String base) {
        return longer.length() == base.length() + 1 && longer.startsWith(base)
                && "bwlq".indexOf(longer.charAt(longer.length() - 1)) >= 0;
    }

    private static String hexOf(byte[] c, int off, int n) {
        StringBuilder sb = new StringBuilder();
        for (int i = 0; i < n && off + i < c.length; i++) sb.append(String.format("%02x ", c[off + i]));
        return sb.toString().trim();
    }

    static List<Path> inputs() throws Exception {
        List<Path> out = new ArrayList<>();
        Path guests = Path.of(System.getProperty("helctic.root", "../")).toAbsolutePath().resolve("guests");
        assertThat(guests.resolve("Makefile")).as("the project's guests").isRegularFile();
        Path dir = Files.createTempDirectory("helctic-oracle");
        for (String opt : List.of("-O0", "-O1", "-O2", "-Os", "-O3")) {
            Path o = dir.resolve("mix" + opt + ".o");
            Toolchain.run(guests, "gcc", opt, "-Iinclude", "-ffreestanding", "-c", "-o", o.toString(), "linux/mix.c");
            out.add(o);
        }
        for (String t : List.of("hello", "hello-pie", "memory", "args", "unknown", "segv", "freebsd-hello", "mix-O2")) {
            Toolchain.run(guests, "make", "-s", "OUT=" + dir, dir.resolve(t).toString());
            out.add(dir.resolve(t));
        }
        return out;
    }

    @Test
    void compiledCodeAndGuestsAgreeWithObjdump() throws Exception {
        Toolchain.require("gcc", "objdump");
        int total = 0, agree = 0, undecoded = 0, exec = 0, mn = 0;
        List<String> bad = new ArrayList<>();
        for (Path p : inputs()) {
            Figures f = check(p);
            total += f.total();
            agree += f.lengthAgree();
            undecoded += f.undecoded();
            exec += f.executable();
            mn += f.mnemonicAgree();
            bad.addAll(f.disagreements());
            assertThat(f.undecodedByMnemonic()).as(p + " has instructions we cannot decode").isEmpty();
        }
        System.out.printf("objdump oracle (compiled C + guests): %d instructions, %d same length, %d undecoded, "
                + "%d executable, %d mnemonics agree%n", total, agree, undecoded, exec, mn);
        assertThat(bad).isEmpty();
        assertThat(agree).isEqualTo(total);
        assertThat(mn).isEqualTo(exec);
    }

    @Test
    void largeSystemBinaryLengthsAgree() throws Exception {
        Toolchain.require("objdump");
        Path big = null;
        for (String c : List.of("/usr/lib/x86_64-linux-gnu/libc.so.6", "/usr/bin/objdump", "/bin/ls")) {
            if (Files.isRegularFile(Path.of(c))) {
                big = Path.of(c);
                break;
            }
        }
        assertThat(big).as("a system libc.so.6 to check the decoder on").isNotNull();
        Figures f = check(big);
        System.out.printf("objdump oracle (%s): %d instructions, %d same length, %d different, %d undecoded %s, "
                + "%d executable, %d mnemonics agree%n", big, f.total(), f.lengthAgree(), f.lengthDisagree(),
                f.undecoded(), f.undecodedByMnemonic(), f.executable(), f.mnemonicAgree());
        f.disagreements().stream().limit(10).forEach(System.out::println);
        assertThat(f.lengthDisagree()).isZero();
    }
}
