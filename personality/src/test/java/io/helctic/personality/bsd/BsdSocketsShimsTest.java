package io.helctic.personality.bsd;

import static org.assertj.core.api.Assertions.assertThat;

import io.helctic.abi.Errno;
import io.helctic.abi.KernelOp;
import io.helctic.abi.KernelOps;
import io.helctic.abi.uapi.Socket;
import io.helctic.personality.FakeKernel;
import org.junit.jupiter.api.Test;

/**
 * The BSD socket translations against a fake kernel, for what the net guest cannot show on every host:
 * addresses each way (NetBSD's AF_INET6, a path without its NUL, the refusals), a received control
 * message other than SCM_RIGHTS dropped with MSG_CTRUNC, option values read back in each OS's terms.
 */
class BsdSocketsShimsTest {
    static final long GUEST = 0x10000, SCRATCH = 0x80000;

    static FakeKernel kernel() {
        FakeKernel k = new FakeKernel().map(GUEST, 4096).map(SCRATCH, 4096);
        return k.on(KernelOp.USER_SCRATCH, (a1, a2, a3, a4, a5, a6) -> SCRATCH);
    }

    static byte[] bytes(int... b) {
        byte[] out = new byte[b.length];
        for (int i = 0; i < b.length; i++) out[i] = (byte) b[i];
        return out;
    }

    long peek(FakeKernel k, long addr, int width) {
        long v = 0;
        for (int i = 0; i < width; i++) v |= (k.peek64(addr + i) & 0xff) << (8 * i);
        return v;
    }

    @Test
    void aNetBsdInet6AddressReachesTheKernelAsLinuxs() {
        FakeKernel k = kernel();
        long[] seen = new long[3];
        k.on(KernelOp.BIND, (fd, addr, len, a4, a5, a6) -> {
            seen[0] = fd; seen[1] = addr; seen[2] = len;
            return 0;
        });
        byte[] sin6 = new byte[28];
        sin6[0] = 28; sin6[1] = 24; sin6[2] = 0x1f; sin6[3] = (byte) 0x90; sin6[23] = 1;
        k.poke(GUEST, sin6);
        KernelOps ops = k.ops();
        assertThat(NetBsdSockets.bind(ops, 3, GUEST, 28)).isZero();
        assertThat(seen).containsExactly(3, SCRATCH, 28);
        assertThat(peek(k, SCRATCH, 2)).isEqualTo(Socket.AF_INET6);
        assertThat(peek(k, SCRATCH + 2, 2)).isEqualTo(0x901f);
        assertThat(peek(k, SCRATCH + 23, 1)).isEqualTo(1);
        // FreeBSD's AF_INET6 is 28: 24 is not a family the kernel is given
        assertThat(FreeBsdSockets.bind(ops, 3, GUEST, 28)).isEqualTo(Errno.EAFNOSUPPORT.negative());
    }

    @Test
    void anAfUnixPathEndsAtItsLengthOrNulAndIsTerminatedForTheKernel() {
        FakeKernel k = kernel();
        long[] len = new long[1];
        k.on(KernelOp.CONNECT, (fd, addr, l, a4, a5, a6) -> {
            len[0] = l;
            return 0;
        });
        k.poke(GUEST, bytes(0, 1, '/', 's', 'o', 'c', 'k', 'X', 'Y'));
        KernelOps ops = k.ops();
        assertThat(FreeBsdSockets.connect(ops, 3, GUEST, 7)).isZero(); // "/sock", no NUL within the length
        assertThat(len[0]).isEqualTo(2 + 5 + 1);
        assertThat(peek(k, SCRATCH, 2)).isEqualTo(Socket.AF_UNIX);
        assertThat(peek(k, SCRATCH + 7, 1)).isZero();
        k.poke(GUEST, bytes(0, 1, 0, 'a'));
        assertThat(FreeBsdSockets.connect(ops, 3, GUEST, 4)).as("an empty path").isEqualTo(Errno.ENOENT.negative());
        k.poke(GUEST, bytes(16, 99));
        assertThat(FreeBsdSockets.connect(ops, 3, GUEST, 16)).isEqualTo(Errno.EAFNOSUPPORT.negative());
        assertThat(FreeBsdSockets.connect(ops, 3, GUEST, 300)).isEqualTo(Errno.ENAMETOOLONG.negative());
        assertThat(NetBsdSockets.connect(ops, 3, GUEST, 300)).isEqualTo(Errno.EINVAL.negative());
        assertThat(k.callsOf(KernelOp.CONNECT)).hasSize(1);
    }

    @Test
    void aReturnedAddressIsCutToTheRoomAndItsStoredLengthReported() {
        FakeKernel k = kernel();
        k.on(KernelOp.GETSOCKNAME, (fd, addr, lenp, a4, a5, a6) -> {
            k.poke(addr, bytes(10, 0, 0x1f, 0x90, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 1, 0, 0, 0, 0));
            k.poke(lenp, bytes(28, 0, 0, 0));
            return 0;
        });
        KernelOps ops = k.ops();
        long addr = GUEST, lenp = GUEST + 256;
        k.poke(lenp, bytes(64, 0, 0, 0));
        assertThat(NetBsdSockets.getsockname(ops, 3, addr, lenp)).isZero();
        assertThat(peek(k, lenp, 4)).isEqualTo(28);
        assertThat(peek(k, addr, 2)).as("sa_len 28, sa_family NetBSD's AF_INET6 (24)").isEqualTo(28 | 24 << 8);
        assertThat(peek(k, addr + 23, 1)).isEqualTo(1);
        k.poke(addr, new byte[64]);
        k.poke(lenp, bytes(4, 0, 0, 0));
        assertThat(FreeBsdSockets.getsockname(ops, 3, addr, lenp)).isZero();
        assertThat(peek(k, lenp, 4)).as("the room, not the full length").isEqualTo(4);
        assertThat(peek(k, addr, 4)).isEqualTo(28 | 28 << 8 | 0x901fL << 16);
        assertThat(peek(k, addr + 4, 4)).as("nothing past the room").isZero();
    }

    @Test
    void aReceivedControlMessageOtherThanScmRightsIsDroppedWithMsgCtrunc() {
        FakeKernel k = kernel();
        long msg = GUEST, control = GUEST + 512, iov = GUEST + 256;
        k.poke64(msg + 16, iov);
        k.poke(msg + 24, bytes(1, 0, 0, 0));
        k.poke64(msg + 32, control);
        k.poke(msg + 40, bytes(64, 0, 0, 0));
        k.on(KernelOp.RECVMSG, (fd, m, flags, a4, a5, a6) -> {
            long c = k.peek64(m + 32);
            assertThat(k.peek64(m + 40)).as("the kernel is given the guest's own buffer and room").isEqualTo(64);
            k.poke64(c, 28); // SCM_CREDENTIALS: pid, uid, gid
            k.poke(c + 8, bytes(1, 0, 0, 0, 2, 0, 0, 0));
            k.poke64(c + 32, 20); // SCM_RIGHTS: one descriptor
            k.poke(c + 40, bytes(1, 0, 0, 0, 1, 0, 0, 0, 7, 0, 0, 0));
            k.poke64(m + 40, 56);
            return 1;
        });
        assertThat(FreeBsdSockets.recvmsg(k.ops(), 3, msg, 0)).isEqualTo(1);
        assertThat(peek(k, control, 4)).isEqualTo(20);
        assertThat(peek(k, control + 4, 4)).isEqualTo(0xffff);
        assertThat(peek(k, control + 8, 4)).isEqualTo(1);
        assertThat(peek(k, control + 16, 4)).as("the descriptor").isEqualTo(7);
        assertThat(peek(k, msg + 40, 4)).as("msg_controllen").isEqualTo(24);
        assertThat(peek(k, msg + 44, 4)).as("msg_flags: FreeBSD's MSG_CTRUNC").isEqualTo(0x20);
    }

    @Test
    void optionsReadBackInEachOsTerms() {
        FakeKernel k = kernel();
        k.on(KernelOp.GETSOCKOPT, (fd, level, name, val, lenp, a6) -> {
            long v = level == Socket.SOL_SOCKET && name == Socket.SO_ERROR ? 111 : 1;
            k.poke(val, bytes((int) v, 0, 0, 0));
            k.poke(lenp, bytes(4, 0, 0, 0));
            return level == Socket.SOL_SOCKET ? 0 : Errno.ENOPROTOOPT.negative();
        });
        KernelOps ops = k.ops();
        long val = GUEST, lenp = GUEST + 8;
        assertThat(FreeBsdSockets.getsockopt(ops, 3, 0xffff, 0x4, val, lenp)).isZero();
        assertThat(peek(k, val, 4)).as("FreeBSD's SO_REUSEADDR reads back as its bit").isEqualTo(4);
        assertThat(NetBsdSockets.getsockopt(ops, 3, 0xffff, 0x4, val, lenp)).isZero();
        assertThat(peek(k, val, 4)).isEqualTo(1);
        assertThat(FreeBsdSockets.getsockopt(ops, 3, 0xffff, 0x1007, val, lenp)).isZero();
        assertThat(peek(k, val, 4)).as("ECONNREFUSED in FreeBSD's numbers").isEqualTo(61);
        assertThat(FreeBsdSockets.getsockopt(ops, 3, 1, Socket.SO_REUSEADDR, val, lenp))
                .as("Linux's SOL_SOCKET is not FreeBSD's").isEqualTo(Errno.ENOPROTOOPT.negative());
        assertThat(k.callsOf(KernelOp.GETSOCKOPT)).extracting(c -> c.args()[1] + "/" + c.args()[2])
                .containsExactly("1/2", "1/2", "1/4");
    }

    @Test
    void netBsdsTimevalHasAnIntMicroseconds() {
        FakeKernel k = kernel();
        k.on(KernelOp.SETSOCKOPT, (fd, level, name, val, len, a6) -> 0);
        k.poke64(GUEST, 2);
        k.poke(GUEST + 8, bytes(0x40, 0x0d, 0x03, 0, 0xee, 0xee, 0xee, 0xee)); // 200000 and a pad of garbage
        assertThat(NetBsdSockets.setsockopt(k.ops(), 3, 0xffff, 0x100c, GUEST, 16)).isZero();
        long[] args = k.callsOf(KernelOp.SETSOCKOPT).getFirst().args();
        assertThat(args[1] + "/" + args[2]).isEqualTo(Socket.SOL_SOCKET + "/" + Socket.SO_RCVTIMEO);
        assertThat(k.peek64(args[3])).isEqualTo(2);
        assertThat(k.peek64(args[3] + 8)).isEqualTo(200000);
    }
}
