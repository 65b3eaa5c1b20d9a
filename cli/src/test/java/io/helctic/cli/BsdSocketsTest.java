package io.helctic.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * The BSD personalities' sockets: the freestanding net guest (guests/bsd/net.c) built for Linux, FreeBSD
 * and NetBSD, each in its own socket ABI (struct sockaddr, SOCK_, SO_, MSG_ numbers, struct msghdr and
 * cmsghdr, errno), prints what the Linux build prints when the host runs it.
 */
class BsdSocketsTest {

    @Test
    void theNetGuestPrintsAlikeOnLinuxFreeBsdAndNetBsd() {
        Guests.Run nativeRun = Guests.natively("net", List.of(), List.of());
        assertThat(nativeRun.status()).as(nativeRun.stderr()).isZero();
        assertThat(nativeRun.stdout())
                .contains("recvmsg: 1 byte 'x', SOL_SOCKET/SCM_RIGHTS yes, cmsg_len is CMSG_LEN(sizeof(int)) yes, "
                          + "controllen CMSG_SPACE(sizeof(int)) yes, msg_flags 0\n")
                .contains("read from the passed descriptor: 23 through the passed pipe\n")
                .contains("recvmsg without room for the descriptor: 1, MSG_CTRUNC yes\n")
                .contains("accept4 with SOCK_CLOEXEC: ok, close-on-exec yes, peer AF_INET 127.0.0.1 yes, the client's port yes, length 16\n")
                .contains("recvfrom: 8 datagram, from AF_INET 127.0.0.1 yes, the sender's port yes, length 16\n")
                .contains("connect to a closed port: ECONNREFUSED, SO_ERROR then 0\n")
                .contains("its connect fails with ECONNREFUSED (at once or through SO_ERROR) yes\n")
                .contains("an unknown option: ENOPROTOOPT\n")
                .containsPattern("IPv6: skipped\n|received: 3 six\n");
        for (String guest : List.of("net", "freebsd-net", "netbsd-net")) {
            Guests.Run r = Guests.helctic(guest, List.of(), List.of());
            assertThat(r.stdout()).as(guest + "; stderr: " + r.stderr()).isEqualTo(nativeRun.stdout());
            assertThat(r.status()).as(guest).isZero();
        }
    }

    /** --strace in each BSD's own names: address families, socket types, MSG_ flags, addresses and errno names. */
    @Test
    void straceShowsTheBsdsSocketNames() {
        Guests.Run freebsd = Guests.helctic("freebsd-net", List.of(), List.of(), true, null);
        assertThat(freebsd.stderr()).contains("socketpair(AF_UNIX, SOCK_STREAM, 0, 0x")
                .containsPattern("bind\\(3, \\{AF_INET, 127\\.0\\.0\\.1:0\\}, 16\\) = 0\n")
                .containsPattern("accept4\\(3, 0x[0-9a-f]+, 0x[0-9a-f]+, SOCK_CLOEXEC\\) = [0-9]+\n")
                .containsPattern("recvfrom\\([0-9]+, 0x[0-9a-f]+, 16, MSG_DONTWAIT, NULL, NULL\\) = -1 errno 35 \\(EAGAIN\\)\n")
                .containsPattern("connect\\([0-9]+, \\{AF_INET, 127\\.0\\.0\\.1:[0-9]+\\}, 16\\) = -1 errno 61 \\(ECONNREFUSED\\)\n")
                .contains("socket(AF_INET, SOCK_STREAM|SOCK_NONBLOCK, 0) = ");
        Guests.Run netbsd = Guests.helctic("netbsd-net", List.of(), List.of(), true, null);
        assertThat(netbsd.stderr()).contains("__socket30(AF_UNIX, SOCK_STREAM, 0) = ")
                .containsPattern("paccept\\(3, 0x[0-9a-f]+, 0x[0-9a-f]+, NULL, SOCK_CLOEXEC\\) = [0-9]+\n")
                .containsPattern("connect\\([0-9]+, \\{AF_UNIX, \"/tmp/helctic-net-[0-9]+x\"\\}, 106\\) = -1 errno 2 \\(ENOENT\\)\n")
                .contains("recvfrom(4, \"abc\", 8, MSG_PEEK, NULL, NULL) = 3\n");
    }
}
