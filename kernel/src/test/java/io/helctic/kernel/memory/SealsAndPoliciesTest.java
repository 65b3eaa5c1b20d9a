package io.helctic.kernel.memory;

import static io.helctic.abi.uapi.Mempolicy.*;
import static io.helctic.abi.uapi.Mman.*;
import static org.assertj.core.api.Assertions.assertThat;

import io.helctic.machine.memory.PhysicalMemory;
import java.util.Optional;
import org.junit.jupiter.api.Test;

/** What grants gained for mseal, mbind, the protection keys and MREMAP_DONTUNMAP. */
class SealsAndPoliciesTest {
    static final int RW = PROT_READ | PROT_WRITE;
    static final long P = AddressSpace.PAGE;
    static final int EPERM = -1, ENOMEM = -12, EFAULT = -14, EINVAL = -22, ENOENT = -2, EOPNOTSUPP = -95;
    final FrameAllocator frames = new FrameAllocator(new PhysicalMemory(64L << 20));
    final AddressSpace as = new AddressSpace(frames);

    private long map(long pages, int prot) {
        return as.map(0, pages * P, prot, false, false, Grant.ANONYMOUS, null);
    }

    @Test
    void aSealedRangeRefusesUnmapReplaceReprotectAndMove() {
        long a = map(4, RW);
        assertThat(as.seal(a + P, a + 3 * P)).isZero();
        assertThat(as.grants()).as("split at the seal's ends").hasSize(3);
        assertThat(as.unmap(a, 2 * P)).isEqualTo(EPERM);
        assertThat(as.grantAt(a)).as("nothing unmapped").isNotNull();
        assertThat(as.map(a + P, P, RW, true, false, Grant.ANONYMOUS, null)).isEqualTo(EPERM);
        assertThat(as.map(a + P, P, RW, true, true, Grant.ANONYMOUS, null)).as("NOREPLACE answers first").isEqualTo(-17);
        assertThat(as.protect(a, 2 * P, PROT_READ)).isEqualTo(EPERM);
        assertThat(as.grantAt(a).prot()).as("the page before the seal changed, as Linux's walk").isEqualTo(PROT_READ);
        assertThat(as.remap(a + P, P, 2 * P, true, false, 0)).isEqualTo(EPERM);
        assertThat(as.remap(a + 3 * P, P, P, true, true, a + P)).as("a sealed target").isEqualTo(EPERM);
        assertThat(as.unmap(a + 3 * P, P)).isZero();
        assertThat(as.seal(a, a + 4 * P)).as("a hole").isEqualTo(ENOMEM);
        assertThat(as.grantAt(a).sealed()).as("nothing sealed on failure").isFalse();
    }

    @Test
    void sealsSurviveForkAndGuardReadOnlyAnonymousMemoryFromDiscards() {
        long a = map(2, RW);
        as.write(a, new byte[] {9}, 0, 1);
        as.protect(a, P, PROT_READ);
        as.seal(a, a + 2 * P);
        assertThat(as.discard(a, P)).isEqualTo(EPERM);
        assertThat(as.adviseRange(a, P, true)).isEqualTo(EPERM);
        assertThat(as.adviseRange(a, P, false)).as("a hint").isZero();
        assertThat(as.discard(a + P, P)).as("writable: fine").isZero();
        AddressSpace child = as.fork();
        assertThat(child.unmap(a, P)).isEqualTo(EPERM);
        byte[] b = new byte[1];
        child.read(a, b, 0, 1);
        assertThat(b[0]).isEqualTo((byte) 9);
    }

    @Test
    void discardSkipsHolesAndAnswersEnomemAfterDroppingTheRest() {
        long a = map(3, RW);
        for (int i = 0; i < 3; i++) as.write(a + i * P, new byte[] {1}, 0, 1);
        as.unmap(a + P, P);
        assertThat(as.discard(a, 3 * P)).isEqualTo(ENOMEM);
        assertThat(as.resident(a + 2 * P, P)).containsExactly(false);
    }

    @Test
    void policiesGoOnGrantsAndFollowSplitsMovesAndForks() {
        long a = map(4, RW);
        MemPolicy bind = MemPolicy.make(MPOL_BIND, 0, MemPolicy.mask(0)).policy();
        assertThat(as.setPolicy(a + P, a + 3 * P, bind, false)).isZero();
        assertThat(as.policyAt(a)).contains(Optional.empty());
        assertThat(as.policyAt(a + P)).contains(Optional.of(bind));
        assertThat(as.policyAt(a + 4 * P)).isEmpty();
        long moved = as.remap(a + 2 * P, P, 2 * P, true, false, 0);
        assertThat(as.policyAt(moved)).contains(Optional.of(bind));
        assertThat(as.fork().policyAt(a + P)).contains(Optional.of(bind));
        assertThat(as.setPolicy(a + 2 * P, a + 3 * P, bind, false)).as("only a hole").isEqualTo(EFAULT);
        assertThat(as.setPolicy(a, a + 3 * P, bind, false)).as("a hole inside").isEqualTo(EFAULT);
        assertThat(as.setPolicy(a, a + 3 * P, null, true)).as("the default may span holes").isZero();
        assertThat(as.policyAt(a + P)).contains(Optional.empty());
    }

    @Test
    void homeNodesNeedBindOrPreferredMany() {
        long a = map(2, RW);
        assertThat(as.setHomeNode(a, a + 2 * P, 0, m -> m == MPOL_BIND)).isEqualTo(ENOENT);
        as.setPolicy(a, a + P, MemPolicy.make(MPOL_BIND, 0, MemPolicy.mask(0)).policy(), false);
        as.setPolicy(a + P, a + 2 * P, MemPolicy.make(MPOL_INTERLEAVE, 0, MemPolicy.mask(0)).policy(), false);
        assertThat(as.setHomeNode(a, a + 2 * P, 0, m -> m == MPOL_BIND)).isEqualTo(EOPNOTSUPP);
        assertThat(as.policyAt(a).orElseThrow().orElseThrow().homeNode()).as("set before the refusal").isZero();
    }

    @Test
    void shmemKeepsOnePolicyForEveryMapping() {
        SharedPages obj = SharedPages.anonymous();
        long a = as.map(0, 2 * P, RW, false, false, at -> new Grant.Provider.Shared(obj, at, 0, true), "x");
        long b = as.map(0, P, RW, false, false, at -> new Grant.Provider.Shared(obj, at, 1, true), "x");
        MemPolicy il = MemPolicy.make(MPOL_INTERLEAVE, 0, MemPolicy.mask(0)).policy();
        as.setPolicy(a + P, a + 2 * P, il, false);
        assertThat(as.policyAt(b)).as("page 1 through another mapping").contains(Optional.of(il));
        assertThat(as.policyAt(a)).contains(Optional.empty());
        obj.setPolicy(0, 5, null);
        assertThat(obj.policyAt(1)).isNull();
        obj.setPolicy(0, 10, il);
        obj.setPolicy(3, 5, null);
        assertThat(obj.policyAt(2)).isEqualTo(il);
        assertThat(obj.policyAt(4)).isNull();
        assertThat(obj.policyAt(5)).as("the split range's tail").isEqualTo(il);
    }

    @Test
    void policiesAreMadeAsLinuxMakesThem() {
        assertThat(MemPolicy.sanitize(MPOL_BIND | MPOL_F_STATIC_NODES | MPOL_F_RELATIVE_NODES)).isNull();
        assertThat(MemPolicy.sanitize(MPOL_INTERLEAVE | MPOL_F_NUMA_BALANCING)).isNull();
        assertThat(MemPolicy.sanitize(7)).isNull();
        assertThat(MemPolicy.make(MPOL_BIND, 0, MemPolicy.mask(1)).error()).as("no existing node").isEqualTo(EINVAL);
        MemPolicy rel = MemPolicy.make(MPOL_BIND, MPOL_F_RELATIVE_NODES, MemPolicy.mask(1)).policy();
        assertThat(rel.nodes()).isEqualTo(MemPolicy.mask(0));
        assertThat(rel.reported()).as("the user's mask").isEqualTo(MemPolicy.mask(1));
        assertThat(MemPolicy.make(MPOL_PREFERRED, 0, MemPolicy.mask()).policy().mode()).isEqualTo(MPOL_LOCAL);
        assertThat(MemPolicy.make(MPOL_PREFERRED, MPOL_F_STATIC_NODES, MemPolicy.mask()).error()).isEqualTo(EINVAL);
        assertThat(MemPolicy.make(MPOL_DEFAULT, 0, MemPolicy.mask(0)).error()).isEqualTo(EINVAL);
        assertThat(MemPolicy.make(MPOL_LOCAL, 0, MemPolicy.mask(0)).error()).isEqualTo(EINVAL);
    }

    @Test
    void theOnePkeyIsTakenOncePerSpaceAndForkKeepsThat() {
        assertThat(as.takePkey()).isTrue();
        assertThat(as.takePkey()).isFalse();
        assertThat(as.fork().takePkey()).isFalse();
        assertThat(new AddressSpace(frames).takePkey()).as("a new program's space").isTrue();
    }

    @Test
    void dontUnmapMovesThePagesAndLeavesTheOldRangeMapped() {
        long a = map(2, RW);
        as.write(a, new byte[] {5}, 0, 1);
        assertThat(as.remap(a, 2 * P, 3 * P, true, false, true, 0)).isEqualTo(EINVAL);
        assertThat(as.remap(a, 2 * P, 2 * P, false, false, true, 0)).isEqualTo(EINVAL);
        long b = as.remap(a, 2 * P, 2 * P, true, false, true, 0);
        assertThat(b).isPositive().isNotEqualTo(a);
        byte[] x = new byte[1];
        as.read(b, x, 0, 1);
        assertThat(x[0]).isEqualTo((byte) 5);
        assertThat(as.grantAt(a)).as("still mapped").isNotNull();
        as.read(a, x, 0, 1);
        assertThat(x[0]).as("zero again").isZero();
    }

    @Test
    void mprotectChecksAsDoMprotectPkey() {
        long a = map(3, RW);
        assertThat(as.protect(a, 0, 0x100)).as("zero length first").isZero();
        assertThat(as.protect(a, P, PROT_READ | PROT_SEM)).isZero();
        assertThat(as.protect(a, P, PROT_READ | PROT_GROWSDOWN)).isEqualTo(EINVAL);
        assertThat(as.protect(a, P, PROT_READ | PROT_GROWSDOWN | PROT_GROWSUP)).isEqualTo(EINVAL);
        assertThat(as.protect(a, P, PROT_READ, false)).as("an unallocated key").isEqualTo(EINVAL);
        assertThat(as.protect(0x10000, P, PROT_READ, false)).as("the key before the mapping").isEqualTo(EINVAL);
        assertThat(as.protect(0x10000, P, PROT_READ, true)).isEqualTo(ENOMEM);
        assertThat(as.protect(a, -2 * P, PROT_READ)).isEqualTo(ENOMEM);
        as.unmap(a + P, P);
        assertThat(as.protect(a, 3 * P, PROT_NONE)).isEqualTo(ENOMEM);
        assertThat(as.grantAt(a).prot()).as("before the hole: changed").isEqualTo(PROT_NONE);
        assertThat(as.grantAt(a + 2 * P).prot()).as("after it: not").isEqualTo(RW);
    }
}
