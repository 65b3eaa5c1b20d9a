package io.helctic.kernel.filter;

import static org.assertj.core.api.Assertions.assertThat;

import io.helctic.abi.Errno;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import org.junit.jupiter.api.Test;

/** The classic BPF machine of syscall filters: Linux's load-time checks and what a program computes. */
class ClassicBpfTest {
    private static byte[] prog(int[]... insns) {
        ByteBuffer b = ByteBuffer.allocate(insns.length * 8).order(ByteOrder.LITTLE_ENDIAN);
        for (int[] i : insns) b.putShort((short) i[0]).put((byte) i[1]).put((byte) i[2]).putInt(i[3]);
        return b.array();
    }

    private static int[] stmt(int code, int k) { return new int[] {code, 0, 0, k}; }

    private static int[] jump(int code, int k, int jt, int jf) { return new int[] {code, jt, jf, k}; }

    private static byte[] input(int nr, long arg0) {
        return ByteBuffer.allocate(64).order(ByteOrder.LITTLE_ENDIAN).putInt(0, nr).putLong(16, arg0).array();
    }

    @Test
    void aProgramLoadsComparesComputesAndReturns() {
        Object p = ClassicBpf.check(prog(stmt(0x20, 0), jump(0x15, 39, 0, 1), stmt(0x06, 0x50001), stmt(0x20, 16),
                stmt(0x04 | 0x20, 3), stmt(0x02, 5), stmt(0x60, 5), stmt(0x07, 0), stmt(0x87, 0), stmt(0x16, 0)), 64);
        assertThat(p).isInstanceOf(ClassicBpf.class);
        ClassicBpf f = (ClassicBpf) p;
        assertThat(f.run(input(39, 7))).isEqualTo(0x50001);
        assertThat(f.run(input(40, 7))).isEqualTo(21); // arg0 * 3, through a scratch word, X and back
    }

    @Test
    void divisionByAZeroXEndsTheProgramWithZero() {
        ClassicBpf f = (ClassicBpf) ClassicBpf.check(prog(stmt(0x00, 10), stmt(0x01, 0), stmt(0x04 | 0x30 | 0x08, 0),
                stmt(0x06, 0x7fff0000)), 64);
        assertThat(f.run(input(0, 0))).isZero();
    }

    @Test
    void badProgramsAreRefusedAsLinuxRefusesThem() {
        assertThat(ClassicBpf.check(new byte[0], 64)).isEqualTo(Errno.EINVAL);
        assertThat(ClassicBpf.check(prog(stmt(0x20, 0)), 64)).isEqualTo(Errno.EINVAL); // no return last
        assertThat(ClassicBpf.check(prog(stmt(0x20, 2), stmt(0x06, 0)), 64)).isEqualTo(Errno.EINVAL); // misaligned
        assertThat(ClassicBpf.check(prog(stmt(0x20, 64), stmt(0x06, 0)), 64)).isEqualTo(Errno.EINVAL); // beyond
        assertThat(ClassicBpf.check(prog(stmt(0x30, 0), stmt(0x06, 0)), 64)).isEqualTo(Errno.EINVAL); // byte load
        assertThat(ClassicBpf.check(prog(stmt(0x60, 1), stmt(0x06, 0)), 64)).isEqualTo(Errno.EINVAL); // unstored
        assertThat(ClassicBpf.check(prog(jump(0x15, 0, 3, 0), stmt(0x06, 0)), 64)).isEqualTo(Errno.EINVAL); // far
        assertThat(ClassicBpf.check(prog(stmt(0x94, 3), stmt(0x06, 0)), 64)).isEqualTo(Errno.EINVAL); // MOD
        assertThat(ClassicBpf.check(prog(stmt(0xff, 0), stmt(0x06, 0)), 64)).isEqualTo(Errno.EINVAL); // unknown
    }
}
