package io.helctic.kernel.net;

import static io.helctic.abi.uapi.Socket.*;
import static org.assertj.core.api.Assertions.assertThat;

import io.helctic.abi.Errno;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * /proc/net's socket tables in Linux's formats, row by row. The expected rows are a Linux 6.18
 * host's own (python's sockets read back from its /proc/net), less what differs by design: the
 * kernel pointer (%pK as an unprivileged reader sees it), the inode, and UDP's hash bucket.
 */
class ProcNetTest {
    /** A socket of any family with a fixed state: what the internet families will report through the base class. */
    private static final class Fixed extends Socket {
        private final SockAddr local, peer;
        private final boolean listening;

        Fixed(Network net, int domain, int type, SockAddr local, SockAddr peer, boolean listening) {
            super(net, domain, type, 0, 0, 0);
            this.local = local;
            this.peer = peer;
            this.listening = listening;
        }

        @Override
        public long send(byte[] data, int off, int len, int flags, SockAddr to, List<Ancillary> control) {
            return Errno.EOPNOTSUPP.negative();
        }

        @Override
        public long receive(byte[] buf, int off, int len, int flags, Received info) { return Errno.EOPNOTSUPP.negative(); }

        @Override
        public SockAddr localAddress() { return local; }

        @Override
        public SockAddr peerAddress() { return peer; }

        @Override
        public boolean listening() { return listening; }

        @Override
        protected void release() { }
    }

    private static final byte[] LOOPBACK = {127, 0, 0, 1}, ANY6 = new byte[16], LOOPBACK6 = new byte[16];

    static {
        LOOPBACK6[15] = 1;
    }

    private static String padded(String s, int width) {
        return String.format("%-" + width + "s", s) + "\n";
    }

    @Test
    void internetTablesHaveLinuxsColumns() {
        Network net = new Network(Network.Policy.LOOPBACK, 0);
        Socket listener = new Fixed(net, AF_INET, SOCK_STREAM, new SockAddr.Inet4(LOOPBACK, 0x9D5D), null, true);
        Socket unconnected = new Fixed(net, AF_INET, SOCK_STREAM, SockAddr.Inet4.any(0), null, false);
        Socket listener6 = new Fixed(net, AF_INET6, SOCK_STREAM, new SockAddr.Inet6(ANY6, 0x9F73, 0, 0), null, true);
        Socket udp = new Fixed(net, AF_INET, SOCK_DGRAM, new SockAddr.Inet4(LOOPBACK, 0xDD72), new SockAddr.Inet4(LOOPBACK, 9),
                false);
        Socket unbound = new Fixed(net, AF_INET, SOCK_DGRAM, SockAddr.Inet4.any(0), null, false);
        Socket udp6 = new Fixed(net, AF_INET6, SOCK_DGRAM, new SockAddr.Inet6(LOOPBACK6, 0x931D, 0, 0), null, false);

        assertThat(ProcNet.file(net, "tcp")).isEqualTo(
                padded("  sl  local_address rem_address   st tx_queue rx_queue tr tm->when retrnsmt   uid  timeout inode", 149)
                + padded("   0: 0100007F:9D5D 00000000:0000 0A 00000000:00000000 00:00000000 00000000     0        0 "
                        + listener.inode() + " 1 0000000000000000 100 0 0 10 0", 149));
        assertThat(ProcNet.file(net, "tcp6")).isEqualTo(
                "  sl  local_address                         remote_address                        st tx_queue rx_queue tr"
                + " tm->when retrnsmt   uid  timeout inode\n"
                + "   0: 00000000000000000000000000000000:9F73 00000000000000000000000000000000:0000 0A 00000000:00000000"
                + " 00:00000000 00000000     0        0 " + listener6.inode() + " 1 0000000000000000 100 0 0 10 0\n");
        assertThat(ProcNet.file(net, "udp")).isEqualTo(
                padded("   sl  local_address rem_address   st tx_queue rx_queue tr tm->when retrnsmt   uid  timeout inode ref"
                        + " pointer drops", 127)
                + padded("    0: 0100007F:DD72 0100007F:0009 01 00000000:00000000 00:00000000 00000000     0        0 "
                        + udp.inode() + " 2 0000000000000000 0", 127));
        assertThat(ProcNet.file(net, "udp6")).isEqualTo(
                "  sl  local_address                         remote_address                        st tx_queue rx_queue tr"
                + " tm->when retrnsmt   uid  timeout inode ref pointer drops\n"
                + "    0: 00000000000000000000000001000000:931D 00000000000000000000000000000000:0000 07 00000000:00000000"
                + " 00:00000000 00000000     0        0 " + udp6.inode() + " 2 0000000000000000 0\n");
        assertThat(unconnected.inode()).isPositive(); // neither listening nor connected: in no table
        assertThat(unbound.inode()).isPositive();     // an unbound UDP socket: in no table
    }

    @Test
    void unixTableShowsListenersPathsAndPairs() {
        Network net = new Network(Network.Policy.NONE, 0);
        UnixSocket listener = UnixSocket.create(net, SOCK_STREAM);
        assertThat(listener.bind(new SockAddr.Unix(new byte[] {0, 'a', 'b', 'c'}))).isZero();
        assertThat(listener.listen(1)).isZero();
        UnixSocket[] pair = UnixSocket.pair(net, SOCK_DGRAM);
        UnixSocket fresh = UnixSocket.create(net, SOCK_SEQPACKET);
        assertThat(ProcNet.file(net, "unix")).isEqualTo("Num       RefCount Protocol Flags    Type St Inode Path\n"
                + "0000000000000000: 00000002 00000000 00010000 0001 01 " + listener.inode() + " @abc\n"
                + "0000000000000000: 00000003 00000000 00000000 0002 03 " + pair[0].inode() + "\n"
                + "0000000000000000: 00000003 00000000 00000000 0002 03 " + pair[1].inode() + "\n"
                + "0000000000000000: 00000002 00000000 00000000 0005 01 " + fresh.inode() + "\n");
        pair[0].close();
        assertThat(ProcNet.file(net, "unix")).doesNotContain(" " + pair[0].inode() + "\n");
    }
}
