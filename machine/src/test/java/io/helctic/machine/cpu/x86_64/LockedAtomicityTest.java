package io.helctic.machine.cpu.x86_64;

import static org.assertj.core.api.Assertions.assertThat;

import io.helctic.machine.cpu.Trap;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.atomic.AtomicReference;
import org.junit.jupiter.api.Test;

/**
 * Two CPUs on two host threads over the same frames and page tables: locked read-modify-write
 * instructions must not lose updates, plain stores between them must stay visible, and a
 * spinlock built from XCHG must give mutual exclusion.
 */
class LockedAtomicityTest {

    /** Runs the machine's loaded program on its own CPU and a second CPU sharing everything, at once. */
    private static void runOnTwoCpus(TestMachine tm) throws Exception {
        X86Cpu second = new X86Cpu(tm.mem);
        second.setCr3(tm.pml4);
        second.copyStateFrom(tm.cpu);
        second.setReg(X86Cpu.RSP, TestMachine.STACK_TOP - 4096);
        CountDownLatch go = new CountDownLatch(1);
        AtomicReference<Trap> other = new AtomicReference<>();
        Thread t = Thread.ofPlatform().start(() -> {
            try {
                go.await();
            } catch (InterruptedException e) {
                return;
            }
            Trap trap;
            do {
                trap = second.run(1 << 20);
            } while (trap instanceof Trap.TimerExpired);
            other.set(trap);
        });
        go.countDown();
        Trap mine;
        do {
            mine = tm.cpu.run(1 << 20);
        } while (mine instanceof Trap.TimerExpired);
        t.join(60_000);
        assertThat(mine).isInstanceOf(Trap.GeneralProtection.class); // the final hlt
        assertThat(other.get()).isInstanceOf(Trap.GeneralProtection.class);
        second.dispose();
    }

    @Test
    void lockXaddAMillionTimesOnEachOfTwoCpus() throws Exception {
        TestMachine tm = new TestMachine();
        // mov ecx, 1000000; mov edi, DATA; top: mov eax, 1; lock xadd [rdi], eax; dec ecx; jnz top
        tm.load("b9 40 42 0f 00 bf 00 00 60 00 b8 01 00 00 00 f0 0f c1 07 ff c9 75 f3");
        runOnTwoCpus(tm);
        assertThat(tm.peek64(TestMachine.DATA) & 0xffff_ffffL).isEqualTo(2_000_000L);
    }

    @Test
    void everyLockedFormUnderContention() throws Exception {
        TestMachine tm = new TestMachine();
        // 200000 iterations of: lock xadd dword; lock inc qword; lock add word (in a shared dword);
        // lock inc byte (same dword); lock adc dword (CF from the word add's wrap); a CAS-increment
        // loop with lock cmpxchg; an XCHG spinlock around a plain increment and a plain release;
        // lock bts; lock sub qword.
        tm.load("b9 40 0d 03 00 bf 00 00 60 00 b8 01 00 00 00 f0 0f c1 07 f0 48 ff 47 08 66 f0 83 47 12 01 "
                + "f0 fe 47 11 f0 83 57 14 00 8b 47 18 8d 50 01 f0 0f b1 57 18 75 f6 b8 01 00 00 00 87 47 20 "
                + "85 c0 75 f4 48 ff 47 28 c7 47 20 00 00 00 00 f0 48 0f ba 6f 30 03 f0 48 83 6f 38 02 ff c9 75 ae");
        runOnTwoCpus(tm);
        long d = TestMachine.DATA;
        int total = 400_000;
        assertThat(tm.peek64(d) & 0xffff_ffffL).as("lock xadd").isEqualTo(total);
        assertThat(tm.peek64(d + 8)).as("lock inc qword").isEqualTo(total);
        assertThat(tm.peek(d + 17, 1)[0] & 0xff).as("lock inc byte").isEqualTo(total & 0xff);
        assertThat((tm.peek64(d + 16) >>> 16) & 0xffff).as("lock add word").isEqualTo(total & 0xffff);
        assertThat(tm.peek64(d + 16) & 0xff).as("the byte nobody touched").isZero();
        assertThat(tm.peek64(d + 16) >>> 32).as("lock adc: one carry per wrap of the word").isEqualTo(total / 65536);
        assertThat(tm.peek64(d + 24) & 0xffff_ffffL).as("cmpxchg loop").isEqualTo(total);
        assertThat(tm.peek64(d + 32)).as("spinlock released").isZero();
        assertThat(tm.peek64(d + 40)).as("increments under the xchg spinlock").isEqualTo(total);
        assertThat(tm.peek64(d + 48)).as("lock bts").isEqualTo(8);
        assertThat(tm.peek64(d + 56)).as("lock sub").isEqualTo(-2L * total);
    }

    @Test
    void aRequestedTlbFlushIsTakenAtTheNextBlock() {
        TestMachine tm = new TestMachine();
        tm.load("8b 04 25 00 00 60 00"); // mov eax, [DATA]
        tm.poke64(TestMachine.DATA, 7);
        tm.runToEnd();
        assertThat(tm.cpu.reg(X86Cpu.RAX)).isEqualTo(7);
        // Remap DATA to another frame behind the CPU's back; only a flush makes it see the change.
        long pte = tm.pteAddress(TestMachine.DATA);
        long fresh = tm.alloc();
        tm.mem.write64(pte, (fresh << 12) | TestMachine.RWNX);
        tm.cpu.requestTlbFlush();
        tm.cpu.setRip(TestMachine.CODE);
        tm.runToEnd();
        assertThat(tm.cpu.reg(X86Cpu.RAX)).isZero();
    }
}
