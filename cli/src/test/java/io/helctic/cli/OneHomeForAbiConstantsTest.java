package io.helctic.cli;

import static org.assertj.core.api.Assertions.assertThat;

import io.helctic.abi.uapi.Uapi;
import java.io.IOException;
import java.lang.classfile.Attributes;
import java.lang.classfile.ClassFile;
import java.lang.classfile.ClassModel;
import java.lang.classfile.FieldModel;
import java.lang.classfile.constantpool.IntegerEntry;
import java.lang.classfile.constantpool.LongEntry;
import java.lang.reflect.AccessFlag;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;

/**
 * Issue 14: Linux's constants that boundary 2 uses are defined once, in io.helctic.abi.uapi. Read
 * from the compiled main classes of every other module: no static final field repeats a uapi
 * constant's name with its value. The BSD, Darwin and Windows packages hold those OSes' own
 * numbers (FreeBSD's WNOHANG is 1 too), which are not Linux's.
 */
class OneHomeForAbiConstantsTest {

    static final List<String> OTHER_OSES = List.of("io/helctic/personality/bsd/", "io/helctic/personality/darwin/",
            "io/helctic/personality/windows/");

    /** The fields of a module's main classes that repeat a uapi constant (name and value). */
    static List<String> repeats(Path classes, Map<String, Long> uapi) throws IOException {
        List<String> out = new ArrayList<>();
        try (Stream<Path> s = Files.walk(classes)) {
            for (Path c : s.filter(p -> p.toString().endsWith(".class")).toList()) {
                ClassModel m = ClassFile.of().parse(c);
                String owner = m.thisClass().asInternalName();
                if (owner.startsWith("io/helctic/abi/uapi/") || OTHER_OSES.stream().anyMatch(owner::startsWith)) continue;
                for (FieldModel f : m.fields()) {
                    if (!f.flags().has(AccessFlag.STATIC) || !f.flags().has(AccessFlag.FINAL)) continue;
                    Long value = f.findAttribute(Attributes.constantValue()).map(a -> switch (a.constant()) {
                        case IntegerEntry i -> (long) i.intValue();
                        case LongEntry l -> l.longValue();
                        default -> null;
                    }).orElse(null);
                    String name = f.fieldName().stringValue();
                    if (value != null && uapi.containsKey(name) && uapi.get(name).longValue() == value) {
                        out.add(owner + "." + name);
                    }
                }
            }
        }
        return out;
    }

    static Map<String, Long> uapi() {
        Map<String, Long> m = new HashMap<>();
        for (Uapi.Constant k : Uapi.all()) m.put(k.name(), k.wide() ? k.value() : (long) (int) k.value());
        return m;
    }

    @Test
    void noModuleDefinesALinuxConstantAgain() throws IOException {
        Map<String, Long> uapi = uapi();
        assertThat(uapi).containsEntry("AT_FDCWD", -100L).containsEntry("O_CLOEXEC", 02000000L);
        List<String> found = new ArrayList<>();
        for (String module : List.of("abi", "personality", "kernel", "machine", "cli")) {
            found.addAll(repeats(Rule2ModuleBoundariesTest.root().resolve(module).resolve("target/classes"), uapi));
        }
        assertThat(found).as("define these once, in io.helctic.abi.uapi").isEmpty();
    }

    /** Planted: the check sees a repeated constant (this test class's own). */
    static final int AT_SYMLINK_NOFOLLOW = 0x100;

    @Test
    void theCheckSeesARepeat() throws IOException {
        Path tests = Rule2ModuleBoundariesTest.root().resolve("cli/target/test-classes");
        assertThat(repeats(tests, uapi())).contains("io/helctic/cli/OneHomeForAbiConstantsTest.AT_SYMLINK_NOFOLLOW");
    }
}
