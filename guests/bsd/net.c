/*
 * Sockets, one freestanding program built three times: for Linux, for FreeBSD (-DFREEBSD, ELF OSABI 9)
 * and for NetBSD (-DNETBSD, its ELF note). Each build speaks its own OS's socket ABI directly —
 * syscall numbers, carry-flag results, errno numbers, struct sockaddr (the BSDs' sa_len byte and
 * one-byte family, their AF_INET6), socket type flags, SOL_SOCKET and SO_ numbers, MSG_ flags,
 * struct msghdr and struct cmsghdr — and prints the same lines: the Linux build run natively is
 * the reference. No port number, descriptor or process id is printed.
 *
 * Sections: an AF_UNIX socketpair passing a pipe's descriptor (SCM_RIGHTS, and MSG_CTRUNC without
 * room for it); an AF_UNIX stream server on a path in /tmp; TCP on 127.0.0.1 (port 0, getsockname,
 * accept4 with SOCK_CLOEXEC, getpeername, MSG_PEEK, MSG_DONTWAIT, shutdown); UDP with the sender's
 * address; socket options; a refused connection (blocking, and non-blocking through SO_ERROR);
 * TCP on ::1 when the host has IPv6 ("skipped" otherwise).
 */
typedef unsigned long u64;
typedef long i64;
typedef unsigned int u32;
typedef unsigned short u16;
typedef unsigned char u8;

#if defined(FREEBSD) || defined(NETBSD)
#define BSD 1
enum { NR_exit = 1, NR_read = 3, NR_write = 4, NR_close = 6, NR_unlink = 10, NR_getpid = 20, NR_recvmsg = 27,
       NR_sendmsg = 28, NR_recvfrom = 29, NR_accept = 30, NR_getpeername = 31, NR_getsockname = 32, NR_fcntl = 92,
       NR_connect = 98, NR_bind = 104, NR_setsockopt = 105, NR_listen = 106, NR_getsockopt = 118, NR_sendto = 133,
       NR_shutdown = 134, NR_socketpair = 135 };
enum { SOCK_CLOEXEC_ = 0x10000000, SOCK_NONBLOCK_ = 0x20000000, SOL_SOCKET_ = 0xffff, SO_REUSEADDR_ = 4,
       SO_RCVBUF_ = 0x1002, SO_ERROR_ = 0x1007, SO_TYPE_ = 0x1008, MSG_PEEK_ = 2, MSG_DONTWAIT_ = 0x80,
       MSG_TRUNC_ = 0x10, MSG_CTRUNC_ = 0x20, IPV6_V6ONLY_ = 27, O_NONBLOCK_ = 4,
       EAGAIN_ = 35, EINPROGRESS_ = 36, ENOPROTOOPT_ = 42, EAFNOSUPPORT_ = 47, EADDRNOTAVAIL_ = 49,
       ECONNREFUSED_ = 61, EPROTONOSUPPORT_ = 43 };
#else
enum { NR_read = 0, NR_write = 1, NR_close = 3, NR_nanosleep = 35, NR_getpid = 39, NR_socket = 41, NR_connect = 42,
       NR_accept = 43, NR_sendto = 44, NR_recvfrom = 45, NR_sendmsg = 46, NR_recvmsg = 47, NR_shutdown = 48,
       NR_bind = 49, NR_listen = 50, NR_getsockname = 51, NR_getpeername = 52, NR_socketpair = 53,
       NR_setsockopt = 54, NR_getsockopt = 55, NR_exit = 60, NR_fcntl = 72, NR_unlink = 87, NR_accept4 = 288,
       NR_pipe2 = 293 };
enum { SOCK_CLOEXEC_ = 02000000, SOCK_NONBLOCK_ = 04000, SOL_SOCKET_ = 1, SO_REUSEADDR_ = 2, SO_RCVBUF_ = 8,
       SO_ERROR_ = 4, SO_TYPE_ = 3, MSG_PEEK_ = 2, MSG_DONTWAIT_ = 0x40, MSG_TRUNC_ = 0x20, MSG_CTRUNC_ = 8,
       IPV6_V6ONLY_ = 26, O_NONBLOCK_ = 04000, AF_INET6_ = 10,
       EAGAIN_ = 11, EINPROGRESS_ = 115, ENOPROTOOPT_ = 92, EAFNOSUPPORT_ = 97, EADDRNOTAVAIL_ = 99,
       ECONNREFUSED_ = 111, EPROTONOSUPPORT_ = 93, SO_RCVTIMEO_ = 20 };
struct tv { i64 sec, usec; };
#endif
#ifdef FREEBSD
enum { NR_nanosleep = 240, NR_pipe2 = 542, NR_socket = 97, NR_accept4 = 541, AF_INET6_ = 28, SO_RCVTIMEO_ = 0x1006 };
struct tv { i64 sec, usec; };
#endif
#ifdef NETBSD
enum { NR_nanosleep = 430, NR_pipe2 = 453, NR_socket = 394, NR_paccept = 456, AF_INET6_ = 24, SO_RCVTIMEO_ = 0x100c };
struct tv { i64 sec; int usec, pad; }; /* NetBSD's suseconds_t is an int */
/* NetBSD's ELF note: what makes this a NetBSD program (ELF OSABI stays 0, as NetBSD's own are). */
__asm__(".section .note.netbsd.ident,\"a\",@note\n.p2align 2\n.long 7\n.long 4\n.long 1\n"
        ".asciz \"NetBSD\"\n.p2align 2\n.long 1000000000\n.text\n");
#endif
enum { AF_UNIX_ = 1, AF_INET_ = 2, SOCK_STREAM_ = 1, SOCK_DGRAM_ = 2, SCM_RIGHTS_ = 1, IPPROTO_IPV6_ = 41,
       SHUT_WR_ = 1, F_GETFD_ = 1, F_GETFL_ = 3, ENOENT_ = 2 };

/* ---- calls ------------------------------------------------------------------------------- */

static i64 sc6(i64 n, i64 a1, i64 a2, i64 a3, i64 a4, i64 a5, i64 a6) {
    register i64 r10 __asm__("r10") = a4;
    register i64 r8 __asm__("r8") = a5;
    register i64 r9 __asm__("r9") = a6;
    register i64 rdx __asm__("rdx") = a3;
    i64 ret;
    unsigned char cf;
    __asm__ volatile("syscall; setc %1" : "=a"(ret), "=q"(cf), "+r"(rdx), "+r"(r10), "+r"(r8), "+r"(r9)
                     : "a"(n), "D"(a1), "S"(a2) : "rcx", "r11", "memory", "cc");
#ifdef BSD
    return cf ? -ret : ret;
#else
    (void) cf;
    return ret;
#endif
}
#define sc(n, a, b, c) sc6(n, (i64) (a), (i64) (b), (i64) (c), 0, 0, 0)

static __attribute__((noreturn)) void quit(int status) { for (;;) sc(NR_exit, status, 0, 0); }

static i64 accept4_(i64 fd, void *addr, u32 *len, int flags) {
#ifdef NETBSD
    return sc6(NR_paccept, fd, (i64) addr, (i64) len, 0, flags, 0);
#else
    return sc6(NR_accept4, fd, (i64) addr, (i64) len, flags, 0, 0);
#endif
}
static i64 sendto_(i64 fd, const void *buf, u64 n, int flags, const void *to, u32 tolen) {
    return sc6(NR_sendto, fd, (i64) buf, (i64) n, flags, (i64) to, tolen);
}
static i64 recvfrom_(i64 fd, void *buf, u64 n, int flags, void *from, u32 *fromlen) {
    return sc6(NR_recvfrom, fd, (i64) buf, (i64) n, flags, (i64) from, (i64) fromlen);
}
static i64 setopt(i64 fd, int level, int name, int value) {
    return sc6(NR_setsockopt, fd, level, name, (i64) &value, sizeof value, 0);
}
static i64 getopt_(i64 fd, int level, int name, int *value) {
    u32 len = sizeof *value;
    *value = -1;
    return sc6(NR_getsockopt, fd, level, name, (i64) value, (i64) &len, 0);
}
static void nap(long ms) {
    i64 ts[2] = {ms / 1000, (ms % 1000) * 1000000};
    sc(NR_nanosleep, ts, 0, 0);
}

/* ---- output ------------------------------------------------------------------------------ */

static char line[512];
static int len;
static void put(const char *s) { while (*s) line[len++] = *s++; }
static void num(i64 v) {
    char t[24];
    int n = 0;
    if (v < 0) { line[len++] = '-'; v = -v; }
    do { t[n++] = '0' + v % 10; v /= 10; } while (v);
    while (n) line[len++] = t[--n];
}
static void nl(void) { line[len++] = '\n'; sc(NR_write, 1, line, len); len = 0; }
static void yes(int b) { put(b ? "yes" : "no"); }
static int same(const void *a, const void *b, int n) {
    const u8 *x = a, *y = b;
    for (int i = 0; i < n; i++) if (x[i] != y[i]) return 0;
    return 1;
}

static const char *err(i64 r) {
    if (r >= 0) return "ok";
    switch (-r) {
        case ENOENT_: return "ENOENT";
        case EAGAIN_: return "EAGAIN";
        case EINPROGRESS_: return "EINPROGRESS";
        case ENOPROTOOPT_: return "ENOPROTOOPT";
        case EAFNOSUPPORT_: return "EAFNOSUPPORT";
        case EADDRNOTAVAIL_: return "EADDRNOTAVAIL";
        case ECONNREFUSED_: return "ECONNREFUSED";
        case EPROTONOSUPPORT_: return "EPROTONOSUPPORT";
        default: return "another error";
    }
}

/* ---- addresses --------------------------------------------------------------------------- */

/* Each OS's struct sockaddr_in, sockaddr_in6 and sockaddr_un; family() reads any of them. */
#ifdef BSD
struct in4 { u8 len, family; u16 port; u8 addr[4]; u8 zero[8]; };
struct in6 { u8 len, family; u16 port; u32 flow; u8 addr[16]; u32 scope; };
struct un { u8 len, family; char path[104]; };
static int family(const void *sa) { return ((const u8 *) sa)[1]; }
#define SETFAM(s, f) ((s).len = sizeof(s), (s).family = (f))
#else
struct in4 { u16 family; u16 port; u8 addr[4]; u8 zero[8]; };
struct in6 { u16 family; u16 port; u32 flow; u8 addr[16]; u32 scope; };
struct un { u16 family; char path[108]; };
static int family(const void *sa) { return *(const u16 *) sa; }
#define SETFAM(s, f) ((s).family = (f))
#endif

static struct in4 loopback4(void) {
    struct in4 a = {0};
    SETFAM(a, AF_INET_);
    a.addr[0] = 127; a.addr[3] = 1;
    return a;
}

static const char *famname(int f) {
    return f == AF_UNIX_ ? "AF_UNIX" : f == AF_INET_ ? "AF_INET" : f == AF_INET6_ ? "AF_INET6" : "another family";
}

/* ---- messages ---------------------------------------------------------------------------- */

struct iov { void *base; u64 len; };
#ifdef BSD
struct msg { void *name; u32 namelen; struct iov *iov; int iovlen; void *control; u32 controllen; int flags; };
struct cmsg { u32 len; int level, type; u32 pad; };
#else
struct msg { void *name; u32 namelen; struct iov *iov; u64 iovlen; void *control; u64 controllen; int flags; };
struct cmsg { u64 len; int level, type; };
#endif
/* CMSG_LEN and CMSG_SPACE of one int: the data follows the (aligned) header at 16 on every one of them. */
enum { CMSG_DATA_AT = 16, CMSG_LEN_INT = 20, CMSG_SPACE_INT = 24 };

/* Sends one byte and descriptor fd over s (with SCM_RIGHTS). */
static i64 send_fd(i64 s, int fd) {
    u64 buf[CMSG_SPACE_INT / 8] = {0};
    struct cmsg *c = (struct cmsg *) buf;
    c->len = CMSG_LEN_INT;
    c->level = SOL_SOCKET_;
    c->type = SCM_RIGHTS_;
    *(int *) ((char *) buf + CMSG_DATA_AT) = fd;
    char byte = 'x';
    struct iov v = {&byte, 1};
    struct msg m = {0};
    m.iov = &v; m.iovlen = 1; m.control = buf; m.controllen = CMSG_SPACE_INT;
    return sc(NR_sendmsg, s, &m, 0);
}

/* ---- sections ---------------------------------------------------------------------------- */

static void pair(void) {
    int sv[2], p[2];
    put("socketpair: "); put(err(sc6(NR_socketpair, AF_UNIX_, SOCK_STREAM_, 0, (i64) sv, 0, 0))); nl();
    sc(NR_pipe2, p, 0, 0);
    put("sendmsg with a pipe's read end: "); num(send_fd(sv[0], p[0])); nl();
    sc(NR_close, p[0], 0, 0);

    u64 buf[8] = {0};
    char byte = 0;
    struct iov v = {&byte, 1};
    struct msg m = {0};
    m.iov = &v; m.iovlen = 1; m.control = buf; m.controllen = sizeof buf;
    i64 n = sc(NR_recvmsg, sv[1], &m, 0);
    struct cmsg *c = (struct cmsg *) buf;
    int fd = *(int *) ((char *) buf + CMSG_DATA_AT);
    put("recvmsg: "); num(n); put(" byte '"); line[len++] = byte; put("', SOL_SOCKET/SCM_RIGHTS ");
    yes(c->level == SOL_SOCKET_ && c->type == SCM_RIGHTS_); put(", cmsg_len is CMSG_LEN(sizeof(int)) ");
    yes(c->len == CMSG_LEN_INT); put(", controllen CMSG_SPACE(sizeof(int)) "); yes(m.controllen == CMSG_SPACE_INT);
    put(", msg_flags "); num(m.flags); nl();

    sc(NR_write, p[1], "through the passed pipe", 23);
    char text[32] = {0};
    put("read from the passed descriptor: "); num(sc(NR_read, fd, text, 31)); put(" "); put(text); nl();
    sc(NR_close, fd, 0, 0);

    /* no room for the descriptor: MSG_CTRUNC, and the descriptor is not installed */
    send_fd(sv[0], p[1]);
    u64 small[2] = {0};
    m.control = small; m.controllen = 16; m.flags = 0;
    n = sc(NR_recvmsg, sv[1], &m, 0);
    put("recvmsg without room for the descriptor: "); num(n); put(", MSG_CTRUNC "); yes((m.flags & MSG_CTRUNC_) != 0); nl();

    /* MSG_PEEK and MSG_DONTWAIT on a stream pair */
    sc(NR_write, sv[0], "abc", 3);
    char b[8] = {0};
    put("peek: "); num(recvfrom_(sv[1], b, 8, MSG_PEEK_, 0, 0)); put(" "); put(b);
    put(", then read: "); num(recvfrom_(sv[1], b, 8, 0, 0, 0));
    put(", then MSG_DONTWAIT: "); put(err(recvfrom_(sv[1], b, 8, MSG_DONTWAIT_, 0, 0))); nl();
    sc(NR_close, sv[0], 0, 0); sc(NR_close, sv[1], 0, 0); sc(NR_close, p[1], 0, 0);
}

static void unix_stream(void) {
    struct un a = {0};
    SETFAM(a, AF_UNIX_);
    const char *prefix = "/tmp/helctic-net-";
    int n = 0, pid = (int) sc(NR_getpid, 0, 0, 0);
    while (*prefix) a.path[n++] = *prefix++;
    char t[12];
    int k = 0;
    do { t[k++] = '0' + pid % 10; pid /= 10; } while (pid);
    while (k) a.path[n++] = t[--k];
    sc(NR_unlink, a.path, 0, 0);
    i64 srv = sc(NR_socket, AF_UNIX_, SOCK_STREAM_, 0);
    put("AF_UNIX bind: "); put(err(sc(NR_bind, srv, &a, sizeof a))); put(", listen: "); put(err(sc(NR_listen, srv, 4, 0))); nl();
    struct un got = {0};
    u32 gl = sizeof got;
    sc(NR_getsockname, srv, &got, &gl);
    put("getsockname: "); put(famname(family(&got))); put(", the bound path "); yes(same(got.path, a.path, n + 1)); nl();
    i64 cl = sc(NR_socket, AF_UNIX_, SOCK_STREAM_, 0);
    put("connect: "); put(err(sc(NR_connect, cl, &a, sizeof a))); nl();
    struct un peer;
    for (u32 i = 0; i < sizeof peer; i++) ((u8 *) &peer)[i] = 0xee;
    u32 pl = sizeof peer;
    i64 s = sc(NR_accept, srv, &peer, &pl);
    put("accept: "); put(err(s)); put(", the client's address: "); put(famname(family(&peer))); put(", unnamed ");
    yes(pl <= sizeof peer && (pl <= 2 || peer.path[0] == 0)); nl();
    sc(NR_write, cl, "ping", 4);
    char b[8] = {0};
    put("received: "); num(sc(NR_read, s, b, 8)); put(" "); put(b); nl();
    sc(NR_close, cl, 0, 0);
    put("after the client closed: "); num(sc(NR_read, s, b, 8)); nl();
    sc(NR_close, s, 0, 0); sc(NR_close, srv, 0, 0);
    struct un missing = a;
    missing.path[n] = 'x'; missing.path[n + 1] = 0;
    cl = sc(NR_socket, AF_UNIX_, SOCK_STREAM_, 0);
    put("connect to a missing path: "); put(err(sc(NR_connect, cl, &missing, sizeof missing)));
    put(", after unlink: "); sc(NR_unlink, a.path, 0, 0); put(err(sc(NR_connect, cl, &a, sizeof a))); nl();
    sc(NR_close, cl, 0, 0);
}

static void tcp(void) {
    i64 srv = sc(NR_socket, AF_INET_, SOCK_STREAM_, 0);
    struct in4 a = loopback4(), got = {0};
    put("TCP bind 127.0.0.1:0: "); put(err(sc(NR_bind, srv, &a, sizeof a))); put(", listen: "); put(err(sc(NR_listen, srv, 4, 0))); nl();
    u32 gl = sizeof got;
    sc(NR_getsockname, srv, &got, &gl);
    put("getsockname: "); put(famname(family(&got))); put(", length "); num(gl); put(", a port "); yes(got.port != 0);
    put(", 127.0.0.1 "); yes(same(got.addr, a.addr, 4)); nl();

    /* a room of 8 bytes: family, port and address fit; the BSDs report what they stored, Linux the full length */
    struct in4 part = {0};
    u32 partl = 8;
    sc(NR_getsockname, srv, &part, &partl);
#ifdef BSD
    int expect = 8;
#else
    int expect = 16;
#endif
    put("getsockname into 8 bytes: the port "); yes(part.port == got.port); put(", the length as this OS reports it ");
    yes(partl == (u32) expect); nl();

    i64 cl = sc(NR_socket, AF_INET_, SOCK_STREAM_, 0);
    put("connect: "); put(err(sc(NR_connect, cl, &got, sizeof got))); nl();
    struct in4 peer = {0}, mine = {0};
    u32 pl = sizeof peer, ml = sizeof mine;
    i64 s = accept4_(srv, &peer, &pl, SOCK_CLOEXEC_);
    sc(NR_getsockname, cl, &mine, &ml);
    put("accept4 with SOCK_CLOEXEC: "); put(err(s)); put(", close-on-exec "); yes(sc(NR_fcntl, s, F_GETFD_, 0) == 1);
    put(", peer "); put(famname(family(&peer))); put(" 127.0.0.1 "); yes(same(peer.addr, a.addr, 4));
    put(", the client's port "); yes(peer.port == mine.port); put(", length "); num(pl); nl();
    struct in4 pn = {0};
    u32 pnl = sizeof pn;
    put("getpeername: "); put(err(sc(NR_getpeername, cl, &pn, &pnl))); put(", the server's address ");
    yes(same(&pn, &got, sizeof pn)); nl();

    char b[16] = {0};
    put("sendto on the connection: "); num(sendto_(cl, "hello", 5, 0, 0, 0)); nl();
    i64 n = 0;
    for (int i = 0; i < 100 && (n = recvfrom_(s, b, 16, MSG_PEEK_, 0, 0)) < 5; i++) nap(10);
    put("MSG_PEEK: "); num(n); put(" "); put(b);
    for (int i = 0; i < 16; i++) b[i] = 0;
    put(", then recv: "); num(recvfrom_(s, b, 16, 0, 0, 0)); put(" "); put(b);
    put(", then MSG_DONTWAIT: "); put(err(recvfrom_(s, b, 16, MSG_DONTWAIT_, 0, 0))); nl();
    put("shutdown(SHUT_WR): "); put(err(sc(NR_shutdown, cl, SHUT_WR_, 0)));
    put(", the server reads "); num(recvfrom_(s, b, 16, 0, 0, 0)); nl();
    put("the server writes back: "); num(sc(NR_write, s, "bye", 3)); put(", the client reads ");
    for (int i = 0; i < 16; i++) b[i] = 0;
    num(sc(NR_read, cl, b, 16)); put(" "); put(b); nl();

    /* options */
    int v;
    put("SO_REUSEADDR set: "); put(err(setopt(cl, SOL_SOCKET_, SO_REUSEADDR_, 1)));
    getopt_(cl, SOL_SOCKET_, SO_REUSEADDR_, &v); put(", reads back nonzero "); yes(v != 0); nl();
    put("SO_RCVBUF set: "); put(err(setopt(cl, SOL_SOCKET_, SO_RCVBUF_, 65536)));
    getopt_(cl, SOL_SOCKET_, SO_RCVBUF_, &v); put(", reads back nonzero "); yes(v > 0); nl();
    getopt_(cl, SOL_SOCKET_, SO_TYPE_, &v); put("SO_TYPE: SOCK_STREAM "); yes(v == SOCK_STREAM_);
    getopt_(cl, SOL_SOCKET_, SO_ERROR_, &v); put(", SO_ERROR "); num(v); nl();
    put("an unknown option: "); put(err(getopt_(cl, SOL_SOCKET_, 0x7777, &v))); nl();
    sc(NR_close, cl, 0, 0); sc(NR_close, s, 0, 0); sc(NR_close, srv, 0, 0);
}

static void udp(void) {
    i64 x = sc(NR_socket, AF_INET_, SOCK_DGRAM_, 0), y = sc(NR_socket, AF_INET_, SOCK_DGRAM_, 0);
    struct in4 a = loopback4(), ya = {0}, xa = {0}, from;
    sc(NR_bind, x, &a, sizeof a);
    put("UDP bind: "); put(err(sc(NR_bind, y, &a, sizeof a))); nl();
    u32 l = sizeof ya;
    sc(NR_getsockname, y, &ya, &l);
    l = sizeof xa;
    sc(NR_getsockname, x, &xa, &l);
    int v;
    getopt_(x, SOL_SOCKET_, SO_TYPE_, &v);
    put("SO_TYPE: SOCK_DGRAM "); yes(v == SOCK_DGRAM_); nl();
    put("sendto: "); num(sendto_(x, "datagram", 8, 0, &ya, sizeof ya)); nl();
    char b[16] = {0};
    for (u32 i = 0; i < sizeof from; i++) ((u8 *) &from)[i] = 0xee;
    u32 fl = sizeof from;
    i64 n = recvfrom_(y, b, 16, 0, &from, &fl);
    put("recvfrom: "); num(n); put(" "); put(b); put(", from "); put(famname(family(&from))); put(" 127.0.0.1 ");
    yes(same(from.addr, a.addr, 4)); put(", the sender's port "); yes(from.port == xa.port); put(", length "); num(fl); nl();
    /* a datagram longer than the buffer: MSG_TRUNC in msg_flags */
    sendto_(x, "a longer datagram", 17, 0, &ya, sizeof ya);
    struct iov iv = {b, 4};
    struct msg m = {0};
    struct in4 mf = {0};
    m.name = &mf; m.namelen = sizeof mf; m.iov = &iv; m.iovlen = 1;
    n = sc(NR_recvmsg, y, &m, 0);
    put("recvmsg into 4 bytes: "); num(n); put(", MSG_TRUNC "); yes((m.flags & MSG_TRUNC_) != 0); put(", from the sender ");
    yes(mf.port == xa.port && same(mf.addr, a.addr, 4)); put(", namelen "); num(m.namelen); nl();
    /* sendmsg with an address */
    struct iov sv = {"via sendmsg", 11};
    struct msg sm = {0};
    sm.name = &ya; sm.namelen = sizeof ya; sm.iov = &sv; sm.iovlen = 1;
    put("sendmsg to an address: "); num(sc(NR_sendmsg, x, &sm, 0));
    for (int i = 0; i < 16; i++) b[i] = 0;
    put(", received "); num(recvfrom_(y, b, 16, 0, 0, 0)); put(" "); put(b); nl();
    put("MSG_DONTWAIT with nothing queued: "); put(err(recvfrom_(y, b, 16, MSG_DONTWAIT_, 0, 0))); nl();
    struct tv t = {0}, back;
    t.usec = 200000;
    put("SO_RCVTIMEO of 0.2 s: "); put(err(sc6(NR_setsockopt, y, SOL_SOCKET_, SO_RCVTIMEO_, (i64) &t, sizeof t, 0)));
    for (u32 i = 0; i < sizeof back; i++) ((u8 *) &back)[i] = 0xee;
    u32 bl = sizeof back;
    sc6(NR_getsockopt, y, SOL_SOCKET_, SO_RCVTIMEO_, (i64) &back, (i64) &bl, 0);
    put(", reads back "); num(back.sec); put(" s "); num(back.usec); put(" us, length "); num(bl);
    put(", a receive with nothing queued: "); put(err(recvfrom_(y, b, 16, 0, 0, 0))); nl();
    sc(NR_close, x, 0, 0); sc(NR_close, y, 0, 0);
}

static void refused(void) {
    /* a port bound and not listening: nothing accepts there */
    i64 holder = sc(NR_socket, AF_INET_, SOCK_STREAM_, 0);
    struct in4 a = loopback4(), closed = {0};
    sc(NR_bind, holder, &a, sizeof a);
    u32 l = sizeof closed;
    sc(NR_getsockname, holder, &closed, &l);
    i64 s = sc(NR_socket, AF_INET_, SOCK_STREAM_, 0);
    put("connect to a closed port: "); put(err(sc(NR_connect, s, &closed, sizeof closed)));
    int v;
    getopt_(s, SOL_SOCKET_, SO_ERROR_, &v); put(", SO_ERROR then "); num(v); nl();
    sc(NR_close, s, 0, 0);

    s = sc(NR_socket, AF_INET_, SOCK_STREAM_ | SOCK_NONBLOCK_, 0);
    put("a non-blocking socket: O_NONBLOCK "); yes((sc(NR_fcntl, s, F_GETFL_, 0) & O_NONBLOCK_) != 0);
    i64 r = sc(NR_connect, s, &closed, sizeof closed);
    v = 0;
    if (r == -EINPROGRESS_) {
        for (int i = 0; i < 300; i++) {
            getopt_(s, SOL_SOCKET_, SO_ERROR_, &v);
            if (v != 0) break;
            nap(10);
        }
    } else {
        v = (int) -r;
    }
    put(", its connect fails with ECONNREFUSED (at once or through SO_ERROR) "); yes(v == ECONNREFUSED_); nl();
    sc(NR_close, s, 0, 0); sc(NR_close, holder, 0, 0);

    put("socket of an unknown family: "); put(err(sc(NR_socket, 99, SOCK_STREAM_, 0))); nl();
}

static void inet6(void) {
    i64 srv = sc(NR_socket, AF_INET6_, SOCK_STREAM_, 0);
    struct in6 a = {0};
    SETFAM(a, AF_INET6_);
    a.addr[15] = 1;
    if (srv < 0 || sc(NR_bind, srv, &a, sizeof a) < 0) {
        put("IPv6: skipped"); nl();
        if (srv >= 0) sc(NR_close, srv, 0, 0);
        return;
    }
    put("IPv6 bind [::1]:0, listen: "); put(err(sc(NR_listen, srv, 4, 0))); nl();
    struct in6 got = {0};
    u32 gl = sizeof got;
    sc(NR_getsockname, srv, &got, &gl);
    put("getsockname: "); put(famname(family(&got))); put(", length "); num(gl); put(", ::1 "); yes(same(got.addr, a.addr, 16));
    put(", a port "); yes(got.port != 0); nl();
    i64 cl = sc(NR_socket, AF_INET6_, SOCK_STREAM_, 0);
    int v;
    put("IPV6_V6ONLY set: "); put(err(setopt(cl, IPPROTO_IPV6_, IPV6_V6ONLY_, 1)));
    getopt_(cl, IPPROTO_IPV6_, IPV6_V6ONLY_, &v); put(", reads back nonzero "); yes(v != 0); nl();
    put("connect: "); put(err(sc(NR_connect, cl, &got, sizeof got))); nl();
    struct in6 peer = {0};
    u32 pl = sizeof peer;
    i64 s = sc(NR_accept, srv, &peer, &pl);
    put("accept: "); put(err(s)); put(", peer "); put(famname(family(&peer))); put(" ::1 "); yes(same(peer.addr, a.addr, 16));
    put(", length "); num(pl); nl();
    sendto_(cl, "six", 3, 0, 0, 0);
    char b[8] = {0};
    put("received: "); num(sc(NR_read, s, b, 8)); put(" "); put(b); nl();
    sc(NR_close, cl, 0, 0); sc(NR_close, s, 0, 0); sc(NR_close, srv, 0, 0);
}

__attribute__((used)) void start_c(i64 *sp) {
    (void) sp;
    pair();
    unix_stream();
    tcp();
    udp();
    refused();
    inet6();
    quit(0);
}

__asm__(".text\n.globl _start\n_start:\n"
#ifdef FREEBSD
        "\tmov %rdi, %rdi\n" /* FreeBSD's amd64 entry: rdi points at argc */
#else
        "\tmov %rsp, %rdi\n"
#endif
        "\tand $-16, %rsp\n\tcall start_c\n\thlt\n");
