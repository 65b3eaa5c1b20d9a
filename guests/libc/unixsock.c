/* AF_UNIX sockets (issue 16, item 2), compared byte for byte with a native run: socketpair of each
 * type, paths, abstract names, autobind, listen/accept, datagrams, SCM_RIGHTS, SCM_CREDENTIALS,
 * SO_PEERCRED, shutdown, poll bits, MSG_* flags, timeouts, errors. argv[1] is a scratch directory. */
#define _GNU_SOURCE
#include <errno.h>
#include <fcntl.h>
#include <poll.h>
#include <signal.h>
#include <stdio.h>
#include <stddef.h>
#include <stdlib.h>
#include <string.h>
#include <sys/epoll.h>
#include <sys/ioctl.h>
#include <sys/socket.h>
#include <sys/stat.h>
#include <sys/un.h>
#include <sys/wait.h>
#include <time.h>
#include <unistd.h>
#include <linux/sockios.h>
#include "report.h"

/* A call's result with its errno captured at once: -errno when it failed. */
#define CALL(x) ({ long _r = (long) (x); _r < 0 ? -(long) errno : _r; })

static const char *rs(long r) {
    if (r >= 0) return res(r);
    errno = (int) -r;
    return res(-1);
}

static const char *dir;

static socklen_t path_addr(struct sockaddr_un *a, const char *name) {
    memset(a, 0, sizeof *a);
    a->sun_family = AF_UNIX;
    snprintf(a->sun_path, sizeof a->sun_path, "%s/%s", dir, name);
    return offsetof(struct sockaddr_un, sun_path) + strlen(a->sun_path) + 1;
}

static socklen_t abstract_addr(struct sockaddr_un *a, const char *name) {
    memset(a, 0, sizeof *a);
    a->sun_family = AF_UNIX;
    size_t n = strlen(name);
    memcpy(a->sun_path + 1, name, n);
    return offsetof(struct sockaddr_un, sun_path) + 1 + n;
}

static void show_poll(const char *what, int fd) {
    struct pollfd p = {fd, POLLIN | POLLOUT | POLLRDHUP | POLLPRI, 0};
    int r = poll(&p, 1, 0);
    printf("%s: poll %s revents 0x%x\n", what, rs(r), r > 0 ? p.revents : 0);
}

static void pairs(void) {
    int types[] = {SOCK_STREAM, SOCK_DGRAM, SOCK_SEQPACKET};
    const char *names[] = {"stream", "dgram", "seqpacket"};
    for (int i = 0; i < 3; i++) {
        int sv[2];
        long r = CALL(socketpair(AF_UNIX, types[i], 0, sv));
        printf("socketpair %s: %s\n", names[i], rs(r));
        char buf[64];
        long w1 = CALL(write(sv[0], "hello", 5));
        long w2 = CALL(write(sv[0], "world!", 6));
        long r1 = CALL(read(sv[1], buf, sizeof buf));
        printf("  wrote %s %s, read %s\n", rs(w1), rs(w2), rs(r1));
        long r2 = CALL(recv(sv[1], buf, 3, MSG_DONTWAIT));
        printf("  then %s (%.*s)\n", rs(r2), r2 > 0 ? (int) r2 : 0, buf);
        long r3 = CALL(recv(sv[1], buf, sizeof buf, MSG_DONTWAIT));
        printf("  then %s\n", rs(r3));
        int type = -1, domain = -1, proto = -1, acc = -1;
        socklen_t l = sizeof type;
        getsockopt(sv[0], SOL_SOCKET, SO_TYPE, &type, &l);
        l = sizeof domain;
        getsockopt(sv[0], SOL_SOCKET, SO_DOMAIN, &domain, &l);
        l = sizeof proto;
        getsockopt(sv[0], SOL_SOCKET, SO_PROTOCOL, &proto, &l);
        l = sizeof acc;
        getsockopt(sv[0], SOL_SOCKET, SO_ACCEPTCONN, &acc, &l);
        printf("  SO_TYPE %d SO_DOMAIN %d SO_PROTOCOL %d SO_ACCEPTCONN %d\n", type, domain, proto, acc);
        struct sockaddr_un a;
        socklen_t al = sizeof a;
        long g = CALL(getsockname(sv[0], (struct sockaddr *) &a, &al));
        printf("  getsockname %s len %u; ", rs(g), al);
        al = sizeof a;
        g = CALL(getpeername(sv[0], (struct sockaddr *) &a, &al));
        printf("getpeername %s len %u\n", rs(g), al);
        show_poll("  idle", sv[0]);
        /* truncation and peek */
        write(sv[0], "0123456789", 10);
        struct msghdr m = {0};
        struct iovec v = {buf, 4};
        m.msg_iov = &v;
        m.msg_iovlen = 1;
        long p = CALL(recvmsg(sv[1], &m, MSG_PEEK));
        printf("  peek %s flags 0x%x;", rs(p), m.msg_flags);
        m.msg_flags = 0;
        long q = CALL(recvmsg(sv[1], &m, 0));
        printf(" read %s flags 0x%x (%.4s);", rs(q), m.msg_flags, buf);
        long t = CALL(recv(sv[1], buf, 2, MSG_TRUNC | MSG_DONTWAIT));
        printf(" MSG_TRUNC %s\n", rs(t));
        /* shutdown */
        long s = shutdown(sv[0], SHUT_WR);
        show_poll("  after SHUT_WR, other end", sv[1]);
        long e = CALL(recv(sv[1], buf, sizeof buf, MSG_DONTWAIT));
        signal(SIGPIPE, SIG_IGN);
        long w = CALL(write(sv[0], "x", 1));
        long back = CALL(write(sv[1], "y", 1));
        long got = CALL(recv(sv[0], buf, 1, MSG_DONTWAIT));
        printf("  shutdown %s; read at end %s; write after SHUT_WR %s; the other way %s %s\n", rs(s), rs(e), rs(w),
               rs(back), rs(got));
        close(sv[1]);
        show_poll("  peer closed", sv[0]);
        long w3 = CALL(send(sv[0], "z", 1, MSG_NOSIGNAL));
        printf("  send to closed peer %s\n", rs(w3));
        signal(SIGPIPE, SIG_DFL);
        close(sv[0]);
    }
}

static void bad_calls(void) {
    int sv[2];
    long r;
    r = CALL(socketpair(AF_INET, SOCK_STREAM, 0, sv));
    printf("socketpair AF_INET: %s\n", rs(r));
    r = CALL(socket(AF_UNIX, SOCK_STREAM, 7));
    printf("socket protocol 7: %s\n", rs(r));
    r = CALL(socket(AF_UNIX, 9, 0));
    printf("socket type 9: %s\n", rs(r));
    r = CALL(socket(AF_UNIX, 77, 0));
    printf("socket type 77: %s\n", rs(r));
    r = CALL(socket(1234, SOCK_STREAM, 0));
    printf("socket domain 1234: %s\n", rs(r));
    int fd = open("/dev/null", O_RDONLY);
    r = CALL(listen(fd, 1));
    printf("listen on /dev/null: %s\n", rs(r));
    r = CALL(listen(999, 1));
    printf("listen on fd 999: %s\n", rs(r));
    close(fd);
    int s = socket(AF_UNIX, SOCK_STREAM, 0);
    char c;
    r = CALL(recv(s, &c, 1, MSG_DONTWAIT));
    printf("recv unconnected stream: %s\n", rs(r));
    r = CALL(send(s, "x", 1, MSG_NOSIGNAL));
    printf("send unconnected stream: %s\n", rs(r));
    r = CALL(listen(s, 1));
    printf("listen unbound: %s\n", rs(r));
    r = CALL(shutdown(s, SHUT_RD));
    printf("shutdown unconnected: %s\n", rs(r));
    r = CALL(shutdown(s, 7));
    printf("shutdown how 7: %s\n", rs(r));
    struct sockaddr_un a;
    socklen_t al = sizeof a;
    r = CALL(getpeername(s, (struct sockaddr *) &a, &al));
    printf("getpeername unconnected: %s\n", rs(r));
    r = CALL(bind(s, (struct sockaddr *) 16, 20));
    printf("bind wild pointer: %s\n", rs(r));
    r = CALL(bind(s, (struct sockaddr *) &a, 1));
    printf("bind length 1: %s\n", rs(r));
    a.sun_family = AF_INET;
    r = CALL(bind(s, (struct sockaddr *) &a, sizeof a));
    printf("bind AF_INET address: %s\n", rs(r));
    r = CALL(bind(s, (struct sockaddr *) &a, 200));
    printf("bind length 200: %s\n", rs(r));
    int d = socket(AF_UNIX, SOCK_DGRAM, 0);
    r = CALL(listen(d, 1));
    printf("listen dgram: %s\n", rs(r));
    r = CALL(accept(d, NULL, NULL));
    printf("accept dgram: %s\n", rs(r));
    r = CALL(send(d, "x", 1, 0));
    printf("send unconnected dgram: %s\n", rs(r));
    int v = 1;
    r = CALL(setsockopt(s, SOL_SOCKET, SO_TYPE, &v, sizeof v));
    printf("set SO_TYPE: %s\n", rs(r));
    r = CALL(setsockopt(s, SOL_SOCKET, 9999, &v, sizeof v));
    printf("set option 9999: %s\n", rs(r));
    r = CALL(setsockopt(s, SOL_SOCKET, SO_KEEPALIVE, &v, 2));
    printf("set SO_KEEPALIVE short: %s\n", rs(r));
    socklen_t ol = sizeof v;
    r = CALL(getsockopt(s, SOL_SOCKET, 9999, &v, &ol));
    printf("get option 9999: %s\n", rs(r));
    ol = (socklen_t) -1;
    r = CALL(getsockopt(s, SOL_SOCKET, SO_TYPE, &v, &ol));
    printf("get with negative length: %s\n", rs(r));
    ol = 2;
    v = 0;
    r = CALL(getsockopt(s, SOL_SOCKET, SO_TYPE, &v, &ol));
    printf("get SO_TYPE into 2 bytes: %s len %u value %d\n", rs(r), ol, v);
    struct timeval tv = {0, 2000000};
    r = CALL(setsockopt(s, SOL_SOCKET, SO_RCVTIMEO, &tv, sizeof tv));
    printf("SO_RCVTIMEO usec 2000000: %s\n", rs(r));
    close(s);
    close(d);
}

static void named(void) {
    struct sockaddr_un a, b;
    socklen_t al = path_addr(&a, "srv.sock");
    int l = socket(AF_UNIX, SOCK_STREAM | SOCK_CLOEXEC, 0);
    umask(022);
    long r = CALL(bind(l, (struct sockaddr *) &a, al));
    struct stat st;
    long sr = CALL(stat(a.sun_path, &st));
    printf("bind path: %s; stat %s socket %d mode %o\n", rs(r), rs(sr), S_ISSOCK(st.st_mode), st.st_mode & 07777);
    r = CALL(bind(l, (struct sockaddr *) &a, al));
    printf("bind again: %s\n", rs(r));
    int l2 = socket(AF_UNIX, SOCK_STREAM, 0);
    r = CALL(bind(l2, (struct sockaddr *) &a, al));
    printf("bind taken path: %s\n", rs(r));
    socklen_t bl = sizeof b;
    getsockname(l, (struct sockaddr *) &b, &bl);
    printf("getsockname the bound length %d same %d\n", bl == al, strcmp(b.sun_path, a.sun_path) == 0);
    int c = socket(AF_UNIX, SOCK_STREAM, 0);
    r = CALL(connect(c, (struct sockaddr *) &a, al));
    printf("connect before listen: %s\n", rs(r));
    r = CALL(listen(l, 1));
    printf("listen: %s\n", rs(r));
    show_poll("listener idle", l);
    r = CALL(connect(c, (struct sockaddr *) &a, al));
    printf("connect: %s\n", rs(r));
    r = CALL(connect(c, (struct sockaddr *) &a, al));
    printf("connect again: %s\n", rs(r));
    show_poll("listener with one waiting", l);
    /* the backlog: listen(1) takes two before a nonblocking connect would wait */
    int c2 = socket(AF_UNIX, SOCK_STREAM | SOCK_NONBLOCK, 0), c3 = socket(AF_UNIX, SOCK_STREAM | SOCK_NONBLOCK, 0);
    long r2 = CALL(connect(c2, (struct sockaddr *) &a, al));
    long r3 = CALL(connect(c3, (struct sockaddr *) &a, al));
    printf("second connect %s, third %s\n", rs(r2), rs(r3));
    write(c, "before accept", 13);
    bl = sizeof b;
    memset(&b, 0x55, sizeof b);
    int s = accept4(l, (struct sockaddr *) &b, &bl, SOCK_NONBLOCK);
    printf("accept4: %d peer address len %u family %d\n", s >= 0, bl, b.sun_family);
    int fl = fcntl(s, F_GETFL);
    printf("accepted O_NONBLOCK %d O_RDWR %d\n", (fl & O_NONBLOCK) != 0, (fl & O_ACCMODE) == O_RDWR);
    char buf[64];
    long n = CALL(read(s, buf, sizeof buf));
    printf("read before-accept data: %s (%.*s)\n", rs(n), n > 0 ? (int) n : 0, buf);
    bl = sizeof b;
    getsockname(s, (struct sockaddr *) &b, &bl);
    printf("accepted getsockname is the listener's: %d\n", bl == al && strcmp(b.sun_path, a.sun_path) == 0);
    bl = sizeof b;
    getpeername(c, (struct sockaddr *) &b, &bl);
    printf("client getpeername is the listener's: %d\n", bl == al && strcmp(b.sun_path, a.sun_path) == 0);
    struct ucred cr;
    socklen_t cl = sizeof cr;
    r = CALL(getsockopt(s, SOL_SOCKET, SO_PEERCRED, &cr, &cl));
    printf("SO_PEERCRED %s len %u pid is me %d uid %d gid %d\n", rs(r), cl, cr.pid == getpid(), cr.uid == getuid(),
           cr.gid == getgid());
    n = CALL(recv(s, buf, sizeof buf, MSG_DONTWAIT));
    printf("nothing more: %s\n", rs(n));
    int avail = -1, outq = -1;
    write(c, "12345", 5);
    ioctl(s, FIONREAD, &avail);
    ioctl(c, SIOCOUTQ, &outq);
    printf("FIONREAD %d SIOCOUTQ counts the unread bytes %d\n", avail, outq >= 5);
    /* closing with unread data resets the peer */
    close(s);
    show_poll("client after reset", c);
    n = CALL(read(c, buf, sizeof buf));
    long n2 = CALL(read(c, buf, sizeof buf));
    printf("read after reset: %s then %s\n", rs(n), rs(n2));
    close(c);
    close(c2);
    close(c3);
    close(l);
    r = CALL(connect(l2, (struct sockaddr *) &a, al));
    printf("connect after the listener closed: %s\n", rs(r));
    struct sockaddr_un m;
    socklen_t ml = path_addr(&m, "missing.sock");
    r = CALL(connect(l2, (struct sockaddr *) &m, ml));
    printf("connect missing path: %s\n", rs(r));
    socklen_t fl2 = path_addr(&m, "plain");
    close(open(m.sun_path, O_CREAT | O_WRONLY, 0644));
    r = CALL(connect(l2, (struct sockaddr *) &m, fl2));
    printf("connect to a regular file: %s\n", rs(r));
    unlink(m.sun_path);
    close(l2);
    r = CALL(unlink(a.sun_path));
    printf("unlink socket file: %s\n", rs(r));
}

static void abstract_names(void) {
    struct sockaddr_un a, b;
    socklen_t al = abstract_addr(&a, "helctic-test-abstract");
    int l = socket(AF_UNIX, SOCK_SEQPACKET, 0);
    long r = CALL(bind(l, (struct sockaddr *) &a, al));
    printf("bind abstract: %s\n", rs(r));
    int l2 = socket(AF_UNIX, SOCK_SEQPACKET, 0);
    r = CALL(bind(l2, (struct sockaddr *) &a, al));
    printf("bind taken abstract: %s\n", rs(r));
    listen(l, 4);
    int c = socket(AF_UNIX, SOCK_SEQPACKET, 0);
    r = CALL(connect(c, (struct sockaddr *) &a, al));
    printf("connect abstract: %s\n", rs(r));
    int st = socket(AF_UNIX, SOCK_STREAM, 0);
    r = CALL(connect(st, (struct sockaddr *) &a, al));
    printf("stream to seqpacket listener: %s\n", rs(r));
    int s = accept(l, NULL, NULL);
    send(c, "one", 3, 0);
    send(c, "two!", 4, 0);
    send(c, "", 0, 0);
    char buf[16];
    long n1 = CALL(recv(s, buf, sizeof buf, 0));
    long n2 = CALL(recv(s, buf, 2, 0));
    long n3 = CALL(recv(s, buf, sizeof buf, 0));
    printf("seqpacket records: %s %s %s\n", rs(n1), rs(n2), rs(n3));
    socklen_t bl = sizeof b;
    getsockname(s, (struct sockaddr *) &b, &bl);
    printf("accepted name len %u same %d\n", bl, bl == al && memcmp(b.sun_path, a.sun_path, al - 2) == 0);
    /* autobind */
    int u = socket(AF_UNIX, SOCK_DGRAM, 0);
    struct sockaddr_un z = {.sun_family = AF_UNIX};
    r = CALL(bind(u, (struct sockaddr *) &z, sizeof(sa_family_t)));
    bl = sizeof b;
    getsockname(u, (struct sockaddr *) &b, &bl);
    int hex = 1;
    for (unsigned i = 1; i < bl - 2; i++) hex &= (b.sun_path[i] >= '0' && b.sun_path[i] <= '9') || (b.sun_path[i] >= 'a' && b.sun_path[i] <= 'f');
    printf("autobind: %s len %u abstract %d hex %d\n", rs(r), bl, b.sun_path[0] == 0, hex);
    close(u);
    close(s);
    close(c);
    close(st);
    close(l);
    close(l2);
    r = CALL(connect(socket(AF_UNIX, SOCK_SEQPACKET, 0), (struct sockaddr *) &a, al));
    printf("connect after close: %s\n", rs(r));
}

static void datagrams(void) {
    struct sockaddr_un a, b, from;
    socklen_t al = path_addr(&a, "dgram-a"), bl = path_addr(&b, "dgram-b");
    int x = socket(AF_UNIX, SOCK_DGRAM, 0), y = socket(AF_UNIX, SOCK_DGRAM, 0), z = socket(AF_UNIX, SOCK_DGRAM, 0);
    bind(x, (struct sockaddr *) &a, al);
    bind(y, (struct sockaddr *) &b, bl);
    long r = CALL(sendto(x, "to b", 4, 0, (struct sockaddr *) &b, bl));
    long r2 = CALL(sendto(z, "anon", 4, 0, (struct sockaddr *) &b, bl));
    printf("sendto: %s %s\n", rs(r), rs(r2));
    char buf[32];
    socklen_t fl = sizeof from;
    long n = CALL(recvfrom(y, buf, sizeof buf, 0, (struct sockaddr *) &from, &fl));
    printf("recvfrom %s from the bound length %d is a %d\n", rs(n), fl == al, strcmp(from.sun_path, a.sun_path) == 0);
    fl = sizeof from;
    n = CALL(recvfrom(y, buf, sizeof buf, 0, (struct sockaddr *) &from, &fl));
    printf("recvfrom unnamed sender %s from len %u\n", rs(n), fl);
    /* y connected to x: z may no longer send to y */
    connect(y, (struct sockaddr *) &a, al);
    r = CALL(sendto(z, "no", 2, 0, (struct sockaddr *) &b, bl));
    printf("send to a socket connected elsewhere: %s\n", rs(r));
    r = CALL(sendto(x, "yes", 3, 0, (struct sockaddr *) &b, bl));
    printf("send from its peer: %s\n", rs(r));
    n = CALL(recv(y, buf, sizeof buf, 0));
    printf("received %s\n", rs(n));
    struct sockaddr uns = {.sa_family = AF_UNSPEC};
    r = CALL(connect(y, &uns, sizeof uns));
    r2 = CALL(sendto(z, "now", 3, 0, (struct sockaddr *) &b, bl));
    printf("connect AF_UNSPEC %s; send again %s\n", rs(r), rs(r2));
    recv(y, buf, sizeof buf, 0);
    /* queue limits: nonblocking sends until EAGAIN, and the count is the receiver's max_dgram_qlen + 1 */
    int sent = 0;
    while (sendto(x, "q", 1, MSG_DONTWAIT, (struct sockaddr *) &b, bl) == 1 && sent < 10000) sent++;
    printf("datagrams queued before %s: %d\n", strerrorname_np(errno), sent);
    show_poll("receiver with full queue", y);
    int avail = -1;
    ioctl(y, FIONREAD, &avail);
    printf("FIONREAD of a datagram socket %d\n", avail);
    /* sendmmsg / recvmmsg */
    int sv[2];
    socketpair(AF_UNIX, SOCK_DGRAM, 0, sv);
    struct mmsghdr mm[3];
    struct iovec iv[3];
    char *words[] = {"alpha", "be", "gamma!"};
    memset(mm, 0, sizeof mm);
    for (int i = 0; i < 3; i++) {
        iv[i].iov_base = words[i];
        iv[i].iov_len = strlen(words[i]);
        mm[i].msg_hdr.msg_iov = &iv[i];
        mm[i].msg_hdr.msg_iovlen = 1;
    }
    r = CALL(sendmmsg(sv[0], mm, 3, 0));
    printf("sendmmsg %s lens %u %u %u\n", rs(r), mm[0].msg_len, mm[1].msg_len, mm[2].msg_len);
    char rb[3][8];
    memset(mm, 0, sizeof mm);
    for (int i = 0; i < 3; i++) {
        iv[i].iov_base = rb[i];
        iv[i].iov_len = 8;
        mm[i].msg_hdr.msg_iov = &iv[i];
        mm[i].msg_hdr.msg_iovlen = 1;
    }
    struct timespec to = {1, 0};
    r = CALL(recvmmsg(sv[1], mm, 3, MSG_WAITFORONE, &to));
    printf("recvmmsg %s lens %u %u %u (%.5s %.2s %.6s)\n", rs(r), mm[0].msg_len, mm[1].msg_len, mm[2].msg_len, rb[0], rb[1],
           rb[2]);
    /* SO_RCVTIMEO: a receive gives up with EAGAIN */
    struct timeval tv = {0, 50000};
    setsockopt(sv[1], SOL_SOCKET, SO_RCVTIMEO, &tv, sizeof tv);
    struct timeval back;
    socklen_t tl = sizeof back;
    getsockopt(sv[1], SOL_SOCKET, SO_RCVTIMEO, &back, &tl);
    n = CALL(recv(sv[1], buf, sizeof buf, 0));
    printf("SO_RCVTIMEO read back %d: recv %s\n", back.tv_sec == 0 && back.tv_usec >= 50000 && back.tv_usec < 60000, rs(n));
    close(sv[0]);
    n = CALL(recv(sv[1], buf, sizeof buf, MSG_DONTWAIT));
    r = CALL(send(sv[1], "x", 1, 0));
    printf("after the peer closed: recv %s send %s\n", rs(n), rs(r));
    close(sv[1]);
    close(x);
    close(y);
    close(z);
    r = CALL(sendto(socket(AF_UNIX, SOCK_DGRAM, 0), "x", 1, 0, (struct sockaddr *) &b, bl));
    printf("sendto a closed socket's file: %s\n", rs(r));
    unlink(a.sun_path);
    unlink(b.sun_path);
}

static int send_fds(int sock, int *fds, int n, const char *data) {
    char cbuf[CMSG_SPACE(sizeof(int) * 8)];
    memset(cbuf, 0, sizeof cbuf);
    struct iovec v = {(void *) data, strlen(data)};
    struct msghdr m = {0};
    m.msg_iov = &v;
    m.msg_iovlen = 1;
    m.msg_control = cbuf;
    m.msg_controllen = CMSG_SPACE(sizeof(int) * n);
    struct cmsghdr *c = CMSG_FIRSTHDR(&m);
    c->cmsg_level = SOL_SOCKET;
    c->cmsg_type = SCM_RIGHTS;
    c->cmsg_len = CMSG_LEN(sizeof(int) * n);
    memcpy(CMSG_DATA(c), fds, sizeof(int) * n);
    return sendmsg(sock, &m, 0);
}

static void rights(void) {
    int sv[2];
    socketpair(AF_UNIX, SOCK_STREAM, 0, sv);
    int p[2];
    pipe(p);
    int ep = epoll_create1(0);
    int fds[2] = {p[1], ep};
    long r = CALL(send_fds(sv[0], fds, 2, "fds"));
    printf("sendmsg SCM_RIGHTS: %s\n", rs(r));
    close(p[1]);
    close(ep);
    char buf[16], cbuf[CMSG_SPACE(sizeof(int) * 2)];
    struct iovec v = {buf, sizeof buf};
    struct msghdr m = {0};
    m.msg_iov = &v;
    m.msg_iovlen = 1;
    m.msg_control = cbuf;
    m.msg_controllen = sizeof cbuf;
    r = CALL(recvmsg(sv[1], &m, MSG_CMSG_CLOEXEC));
    struct cmsghdr *c = CMSG_FIRSTHDR(&m);
    printf("recvmsg: %s flags 0x%x controllen %zu level %d type %d len %zu\n", rs(r), m.msg_flags,
           (size_t) m.msg_controllen, c ? c->cmsg_level : -1, c ? c->cmsg_type : -1, c ? (size_t) c->cmsg_len : 0);
    int got[2];
    memcpy(got, CMSG_DATA(c), sizeof got);
    long w = CALL(write(got[0], "through", 7));
    char pb[8];
    long pr = CALL(read(p[0], pb, sizeof pb));
    struct epoll_event ev = {EPOLLIN, {0}};
    long ec = CALL(epoll_ctl(got[1], EPOLL_CTL_ADD, p[0], &ev));
    printf("the pipe end works: write %s read %s; the epoll set works: %s; cloexec %d\n", rs(w), rs(pr), rs(ec),
           fcntl(got[0], F_GETFD) & FD_CLOEXEC);
    close(got[0]);
    close(got[1]);
    /* a control buffer too small: MSG_CTRUNC, the extra descriptors closed */
    int q[2];
    pipe(q);
    int three[3] = {q[0], q[1], q[1]};
    send_fds(sv[0], three, 3, "x");
    char small[CMSG_SPACE(sizeof(int))];
    m.msg_control = small;
    m.msg_controllen = sizeof small;
    m.msg_flags = 0;
    r = CALL(recvmsg(sv[1], &m, 0));
    c = CMSG_FIRSTHDR(&m);
    printf("into room for one: %s flags 0x%x controllen %zu cmsg_len %zu\n", rs(r), m.msg_flags, (size_t) m.msg_controllen,
           c ? (size_t) c->cmsg_len : 0);
    int one;
    memcpy(&one, CMSG_DATA(c), sizeof one);
    close(one);
    close(q[0]);
    close(q[1]);
    /* no control buffer at all */
    send_fds(sv[0], &p[0], 1, "y");
    m.msg_control = NULL;
    m.msg_controllen = 0;
    m.msg_flags = 0;
    r = CALL(recvmsg(sv[1], &m, 0));
    printf("without a control buffer: %s flags 0x%x\n", rs(r), m.msg_flags);
    /* the bytes after a message with descriptors are not merged into it */
    send_fds(sv[0], &p[0], 1, "ab");
    write(sv[0], "cd", 2);
    m.msg_control = cbuf;
    m.msg_controllen = sizeof cbuf;
    r = CALL(recvmsg(sv[1], &m, 0));
    c = CMSG_FIRSTHDR(&m);
    if (c) {
        memcpy(&one, CMSG_DATA(c), sizeof one);
        close(one);
    }
    long r2 = CALL(read(sv[1], buf, sizeof buf));
    printf("a read stops after the descriptors: %s then %s\n", rs(r), rs(r2));
    /* errors */
    int bad = 999;
    r = CALL(send_fds(sv[0], &bad, 1, "z"));
    printf("SCM_RIGHTS of a closed descriptor: %s\n", rs(r));
    struct msghdr e = {0};
    struct iovec ev2 = {"x", 1};
    e.msg_iov = &ev2;
    e.msg_iovlen = 1;
    char junk[32] = {0};
    e.msg_control = junk;
    e.msg_controllen = sizeof junk;
    struct cmsghdr *jc = (struct cmsghdr *) junk;
    jc->cmsg_len = 8;
    r = CALL(sendmsg(sv[0], &e, 0));
    printf("a cmsg_len under the header: %s\n", rs(r));
    jc->cmsg_len = CMSG_LEN(4);
    jc->cmsg_level = SOL_SOCKET;
    jc->cmsg_type = 77;
    r = CALL(sendmsg(sv[0], &e, 0));
    printf("an unknown cmsg type: %s\n", rs(r));
    e.msg_iovlen = 5000;
    r = CALL(sendmsg(sv[0], &e, 0));
    printf("5000 iovecs: %s\n", rs(r));
    close(p[0]);
    close(sv[0]);
    close(sv[1]);
}

static void credentials(void) {
    int sv[2];
    socketpair(AF_UNIX, SOCK_DGRAM, 0, sv);
    int on = 1;
    setsockopt(sv[1], SOL_SOCKET, SO_PASSCRED, &on, sizeof on);
    send(sv[0], "c", 1, 0);
    char buf[4], cbuf[CMSG_SPACE(sizeof(struct ucred))];
    struct iovec v = {buf, sizeof buf};
    struct msghdr m = {0};
    m.msg_iov = &v;
    m.msg_iovlen = 1;
    m.msg_control = cbuf;
    m.msg_controllen = sizeof cbuf;
    long r = CALL(recvmsg(sv[1], &m, 0));
    struct cmsghdr *c = CMSG_FIRSTHDR(&m);
    struct ucred u = {0};
    if (c) memcpy(&u, CMSG_DATA(c), sizeof u);
    printf("SO_PASSCRED: %s type %d len %zu pid is me %d uid %d gid %d\n", rs(r), c ? c->cmsg_type : -1,
           c ? (size_t) c->cmsg_len : 0, u.pid == getpid(), u.uid == getuid(), u.gid == getgid());
    /* explicit credentials: our own pass, another pid does not */
    struct ucred mine = {getpid(), getuid(), getgid()};
    memset(cbuf, 0, sizeof cbuf);
    m.msg_controllen = sizeof cbuf;
    c = CMSG_FIRSTHDR(&m);
    c->cmsg_level = SOL_SOCKET;
    c->cmsg_type = SCM_CREDENTIALS;
    c->cmsg_len = CMSG_LEN(sizeof mine);
    memcpy(CMSG_DATA(c), &mine, sizeof mine);
    v.iov_len = 1;
    r = CALL(sendmsg(sv[0], &m, 0));
    printf("SCM_CREDENTIALS of my own: %s\n", rs(r));
    mine.pid = 1;
    memcpy(CMSG_DATA(c), &mine, sizeof mine);
    long r2 = CALL(sendmsg(sv[0], &m, 0));
    printf("SCM_CREDENTIALS of pid 1: %s\n", rs(r2));
    /* across fork: the child's pid arrives */
    pid_t child = fork();
    if (child == 0) {
        send(sv[0], "k", 1, 0);
        _exit(0);
    }
    waitpid(child, NULL, 0);
    recv(sv[1], buf, sizeof buf, 0); /* the explicit one */
    if (r2 >= 0) recv(sv[1], buf, sizeof buf, 0); /* pid 1's, which root may send */
    m.msg_controllen = sizeof cbuf;
    v.iov_len = sizeof buf;
    r = CALL(recvmsg(sv[1], &m, 0));
    c = CMSG_FIRSTHDR(&m);
    if (c) memcpy(&u, CMSG_DATA(c), sizeof u);
    printf("from the child: %s pid is the child %d\n", rs(r), u.pid == child);
    close(sv[0]);
    close(sv[1]);
}

static void blocking_and_fork(void) {
    int sv[2];
    socketpair(AF_UNIX, SOCK_STREAM, 0, sv);
    pid_t child = fork();
    if (child == 0) {
        close(sv[0]);
        char buf[100000];
        long total = 0, n;
        while ((n = read(sv[1], buf, sizeof buf)) > 0) total += n;
        dprintf(sv[1], "%ld", total);
        _exit(0);
    }
    close(sv[1]);
    static char big[1 << 20];
    memset(big, 'b', sizeof big);
    long w = CALL(write(sv[0], big, sizeof big));
    shutdown(sv[0], SHUT_WR);
    char ans[32] = {0};
    long n = CALL(read(sv[0], ans, sizeof ans - 1));
    int st;
    waitpid(child, &st, 0);
    printf("1 MiB through a socketpair to a child: wrote %s, child read %s (%s), status %d\n", rs(w), ans, rs(n), st);
    close(sv[0]);
    /* MSG_WAITALL gathers pieces written apart */
    socketpair(AF_UNIX, SOCK_STREAM, 0, sv);
    child = fork();
    if (child == 0) {
        for (int i = 0; i < 4; i++) {
            write(sv[1], "abc", 3);
            usleep(2000);
        }
        _exit(0);
    }
    char buf[12];
    n = CALL(recv(sv[0], buf, sizeof buf, MSG_WAITALL));
    waitpid(child, NULL, 0);
    printf("MSG_WAITALL: %s (%.12s)\n", rs(n), buf);
    close(sv[0]);
    close(sv[1]);
}

int main(int argc, char **argv) {
    dir = argc > 1 ? argv[1] : "/tmp";
    setvbuf(stdout, NULL, _IONBF, 0);
    pairs();
    bad_calls();
    named();
    abstract_names();
    datagrams();
    rights();
    credentials();
    blocking_and_fork();
    return 0;
}
