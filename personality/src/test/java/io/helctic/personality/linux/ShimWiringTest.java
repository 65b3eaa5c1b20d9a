package io.helctic.personality.linux;

import static org.assertj.core.api.Assertions.assertThat;

import io.helctic.abi.KernelOp;
import io.helctic.abi.Wiring;
import io.helctic.personality.docs.SyscallDocs;
import java.util.Map;
import org.junit.jupiter.api.Test;

/**
 * Every shim of the Linux table is a named method (the documents name it), taking the op table
 * and the syscall's arguments, and the ops it can reach are read from its bytecode.
 */
class ShimWiringTest {

    @Test
    void everyShimIsANamedMethodOfTheRightShape() {
        Map<String, Wiring.Ref> shims = SyscallDocs.linuxShims();
        assertThat(shims).containsKeys("preadv", "vmsplice", "dup2", "arch_prctl", "poll", "lsetxattr");
        shims.forEach((name, ref) -> {
            assertThat(ref.isLambda()).as("%s is a lambda", name).isFalse();
            assertThat(ref.isStatic()).as(name).isTrue();
            assertThat(ref.descriptor()).as(name).startsWith("(Lio/helctic/abi/KernelOps;").endsWith(")J");
            assertThat(Wiring.declares(Wiring.classModel(ShimWiringTest.class, ref.owner()), ref.name(), ref.descriptor()))
                .as(name).isTrue();
            SyscallEntry e = X86_64Table.entries().stream().filter(x -> x.name().equals(name)).findFirst().orElseThrow();
            assertThat(ref.parameterCount() - 1).as("%s takes at most the syscall's arguments", name)
                .isLessThanOrEqualTo(e.args().size());
        });
        assertThat(shims.get("preadv").javaName()).isEqualTo("IoVecShims.preadv");
        assertThat(shims.get("lsetxattr").javaName()).isEqualTo("XattrShims.lsetxattr");
    }

    @Test
    void theOpsAShimReachesComeFromItsBytecode() {
        Map<String, Wiring.Ref> shims = SyscallDocs.linuxShims();
        assertThat(Wiring.opsReachable(ShimWiringTest.class, shims.get("vmsplice"), "io/helctic/personality/"))
            .containsExactlyInAnyOrder(KernelOp.FCNTL, KernelOp.READV, KernelOp.WRITEV);
        assertThat(Wiring.opsReachable(ShimWiringTest.class, shims.get("preadv"), "io/helctic/personality/"))
            .containsExactly(KernelOp.READV);
        assertThat(Wiring.opsReachable(ShimWiringTest.class, shims.get("dup2"), "io/helctic/personality/"))
            .containsExactlyInAnyOrder(KernelOp.FCNTL, KernelOp.DUP3);
    }
}
