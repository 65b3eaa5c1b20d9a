package io.helctic.machine.cpu;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.lang.classfile.ClassFile;
import java.lang.classfile.ClassModel;
import java.lang.classfile.constantpool.ClassEntry;
import java.lang.classfile.constantpool.PoolEntry;
import java.lang.classfile.constantpool.Utf8Entry;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;

/**
 * Issue 19's layout for a second ISA, checked on the compiled classes: the packages under
 * {@code io.helctic.machine.cpu} depend on each other without a cycle, the ISA-neutral
 * translation package ({@code cpu.jit}) names nothing of {@code cpu.x86_64}, and the x86-64
 * disassembler needs only the decoder. A class's dependencies are the classes its constant pool
 * names: class entries and the descriptors of the fields and methods it uses or declares (a
 * compile-time constant of another package is inlined and leaves no trace: harmless, since it
 * links nothing at run time).
 */
class PackageCyclesTest {
    private static final String CPU = "io/helctic/machine/cpu/";
    private static final Pattern DESCRIPTOR_CLASS = Pattern.compile("L(" + CPU + "[\\w/$]+)[;<]");

    static Path classes() {
        Path p = Path.of(System.getProperty("helctic.root", "..")).toAbsolutePath();
        while (!Files.exists(p.resolve("mvnw"))) p = p.getParent();
        return p.resolve("machine/target/classes");
    }

    /** Package (internal form) -> package it uses -> one class of the first that uses one of the second (for the report). */
    static Map<String, Map<String, String>> graph() throws IOException {
        Map<String, Map<String, String>> g = new TreeMap<>();
        List<Path> files;
        try (Stream<Path> s = Files.walk(classes().resolve(CPU))) {
            files = s.filter(p -> p.toString().endsWith(".class")).toList();
        }
        for (Path f : files) {
            ClassModel m = ClassFile.of().parse(f);
            String self = m.thisClass().asInternalName();
            String from = packageOf(self);
            Map<String, String> out = g.computeIfAbsent(from, k -> new TreeMap<>());
            for (String used : referenced(m)) {
                String to = packageOf(used);
                if (!to.equals(from)) out.putIfAbsent(to, self + " -> " + used);
            }
        }
        return g;
    }

    private static Set<String> referenced(ClassModel m) {
        Set<String> out = new TreeSet<>();
        for (PoolEntry e : m.constantPool()) {
            if (e instanceof ClassEntry ce) {
                String n = ce.asInternalName();
                int arr = n.lastIndexOf('[');
                if (arr >= 0) n = n.substring(arr + 1).replaceAll("^L|;$", "");
                if (n.startsWith(CPU)) out.add(n);
            } else if (e instanceof Utf8Entry u) {
                Matcher d = DESCRIPTOR_CLASS.matcher(u.stringValue());
                while (d.find()) out.add(d.group(1));
            }
        }
        return out;
    }

    private static String packageOf(String internalName) {
        return internalName.substring(0, internalName.lastIndexOf('/'));
    }

    /** A cycle of packages in {@code g} (each hop with a class edge that makes it), or null. */
    static List<String> cycle(Map<String, Map<String, String>> g) {
        Map<String, Integer> state = new TreeMap<>(); // 1 on the DFS path, 2 done
        for (String start : g.keySet()) {
            Deque<String> path = new ArrayDeque<>();
            List<String> c = visit(g, start, state, path);
            if (c != null) return c;
        }
        return null;
    }

    private static List<String> visit(Map<String, Map<String, String>> g, String p, Map<String, Integer> state,
            Deque<String> path) {
        Integer s = state.get(p);
        if (s != null && s == 2) return null;
        if (s != null) { // back edge: the cycle is the path from p's first occurrence
            List<String> pkgs = new ArrayList<>(path).reversed();
            List<String> loop = new ArrayList<>(pkgs.subList(pkgs.indexOf(p), pkgs.size()));
            loop.add(p);
            List<String> report = new ArrayList<>();
            for (int i = 0; i + 1 < loop.size(); i++) {
                report.add(loop.get(i) + " uses " + loop.get(i + 1) + " (" + g.get(loop.get(i)).get(loop.get(i + 1)) + ")");
            }
            return report;
        }
        state.put(p, 1);
        path.push(p);
        for (String next : g.getOrDefault(p, Map.of()).keySet()) {
            List<String> c = visit(g, next, state, path);
            if (c != null) return c;
        }
        path.pop();
        state.put(p, 2);
        return null;
    }

    @Test
    void theCpuPackagesHaveNoCycle() throws IOException {
        Map<String, Map<String, String>> g = graph();
        assertThat(g).as("the check sees the CPU's packages").containsKeys(CPU + "jit", CPU + "x86_64", CPU + "x86_64/decode");
        assertThat(cycle(g)).as("a cycle among the packages of io.helctic.machine.cpu").isNull();
    }

    @Test
    void theTranslationInfrastructureIsIsaNeutral() throws IOException {
        Map<String, String> jit = graph().get(CPU + "jit");
        assertThat(jit).as("what cpu.jit uses").isNotNull();
        assertThat(jit.keySet()).as("cpu.jit's uses (%s)", jit.values()).noneMatch(p -> p.startsWith(CPU + "x86_64"));
    }

    @Test
    void theDisassemblerNeedsOnlyTheDecoder() throws IOException {
        Map<String, String> disasm = graph().get(CPU + "x86_64/disasm");
        assertThat(disasm.keySet()).as("x86_64.disasm's uses (%s)", disasm.values()).containsOnly(CPU + "x86_64/decode");
    }
}
