package io.helctic.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.io.InputStream;
import java.lang.classfile.ClassFile;
import java.lang.classfile.ClassModel;
import java.lang.classfile.constantpool.ClassEntry;
import java.lang.classfile.constantpool.PoolEntry;
import java.lang.module.ModuleDescriptor;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.TreeSet;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;

/**
 * DESIGN §1 rule 2 and §2: the personality layer sees only the ABI module; the kernel
 * never imports the personality layer; the machine knows nothing of the kernel. Checked
 * on the compiled module descriptors and on every class's constant pool.
 */
class Rule2ModuleBoundariesTest {

    static Path root() {
        Path p = Path.of(System.getProperty("helctic.root", "..")).toAbsolutePath();
        while (!Files.exists(p.resolve("mvnw"))) p = p.getParent();
        return p;
    }

    static ModuleDescriptor descriptor(String module) throws IOException {
        try (InputStream in = Files.newInputStream(root().resolve(module).resolve("target/classes/module-info.class"))) {
            return ModuleDescriptor.read(in);
        }
    }

    static Set<String> requires(String module) throws IOException {
        Set<String> out = new TreeSet<>();
        for (ModuleDescriptor.Requires r : descriptor(module).requires()) {
            if (!r.name().equals("java.base")) out.add(r.name());
        }
        return out;
    }

    /** Every package prefix (io/helctic/x) a module's classes refer to. */
    static Set<String> referencedHelcticModules(String module) throws IOException {
        Set<String> out = new TreeSet<>();
        List<Path> classes;
        try (Stream<Path> s = Files.walk(root().resolve(module).resolve("target/classes"))) {
            classes = new ArrayList<>(s.filter(p -> p.toString().endsWith(".class")).toList());
        }
        assertThat(classes).as("compiled classes of %s", module).isNotEmpty();
        for (Path c : classes) {
            ClassModel m = ClassFile.of().parse(c);
            for (PoolEntry e : m.constantPool()) {
                String name = e instanceof ClassEntry ce ? ce.asInternalName() : e.toString();
                int at = name.indexOf("io/helctic/");
                if (at >= 0) {
                    String rest = name.substring(at + "io/helctic/".length());
                    int slash = rest.indexOf('/');
                    if (slash > 0) out.add(rest.substring(0, slash));
                }
            }
        }
        return out;
    }

    @Test
    void thePersonalityModuleRequiresOnlyTheAbi() throws IOException {
        assertThat(requires("personality")).containsExactly("io.helctic.abi");
        assertThat(referencedHelcticModules("personality")).containsOnly("abi", "personality");
        assertThat(descriptor("personality").provides()).anySatisfy(p ->
            assertThat(p.service()).isEqualTo("io.helctic.abi.Personality"));
    }

    @Test
    void theKernelNeverImportsThePersonalityLayer() throws IOException {
        assertThat(requires("kernel")).doesNotContain("io.helctic.personality", "io.helctic.cli");
        assertThat(referencedHelcticModules("kernel")).doesNotContain("personality", "cli");
        assertThat(descriptor("kernel").uses()).contains("io.helctic.abi.Personality");
    }

    @Test
    void theMachineKnowsNothingOfTheKernel() throws IOException {
        assertThat(requires("machine")).containsOnly("jdk.unsupported"); // FrameAtomics: CAS on frames
        assertThat(referencedHelcticModules("machine")).containsOnly("machine");
    }

    @Test
    void theAbiDependsOnNothing() throws IOException {
        assertThat(requires("abi")).isEmpty();
        assertThat(referencedHelcticModules("abi")).containsOnly("abi");
    }

    /** The classes of a module's compiled output whose constant pools mention {@code fragment}, by binary name. */
    static Set<String> classesReferring(String module, String fragment) throws IOException {
        Set<String> out = new TreeSet<>();
        Path classes = root().resolve(module).resolve("target/classes");
        try (Stream<Path> s = Files.walk(classes)) {
            for (Path c : s.filter(p -> p.toString().endsWith(".class")).toList()) {
                ClassModel m = ClassFile.of().parse(c);
                for (PoolEntry e : m.constantPool()) {
                    String name = e instanceof ClassEntry ce ? ce.asInternalName() : e.toString();
                    if (name.contains(fragment)) {
                        out.add(m.thisClass().asInternalName());
                        break;
                    }
                }
            }
        }
        return out;
    }

    /**
     * Issue 14's ISA seam: everything that knows an ISA's registers is under kernel/arch/&lt;isa&gt;;
     * the rest of the kernel reaches the CPU only through kernel/arch's GuestCpu, so no other class
     * names the machine's CPU package (X86Cpu, its register numbers, its traps).
     */
    @Test
    void theKernelKnowsAnIsaOnlyUnderArch() throws IOException {
        Set<String> cpu = classesReferring("kernel", "io/helctic/machine/cpu/");
        assertThat(cpu).as("the check sees the arch's own references").contains("io/helctic/kernel/arch/x86_64/X86Thread");
        assertThat(cpu).allSatisfy(c -> assertThat(c).startsWith("io/helctic/kernel/arch/x86_64/"));
        Set<String> isaPackage = classesReferring("kernel", "io/helctic/kernel/arch/x86_64/");
        assertThat(isaPackage).allSatisfy(c -> assertThat(c).matches("io/helctic/kernel/arch/(x86_64/.*|Arch)"));
    }
}
