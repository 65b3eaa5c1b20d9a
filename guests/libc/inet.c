/*
 * The internet sockets, natively and under Helctic (compared byte for byte): TCP (bind, listen,
 * accept4, blocking and non-blocking connect and their errors, MSG_PEEK/DONTWAIT/WAITALL/NOSIGNAL,
 * half close, EPIPE and SIGPIPE, resets, poll bits, FIONREAD, a large transfer), UDP (addresses,
 * MSG_TRUNC, empty datagrams, connected sockets and their filter, ICMP's ECONNREFUSED,
 * broadcast, AF_UNSPEC), several threads asleep on sockets at once, AF_INET6 (v4-mapped peers, IPV6_V6ONLY), the options and the errors.
 * Only deterministic facts are printed: never a port number, only whether ports match.
 *
 * With an argument it checks a network policy instead (Helctic's --net), printing what it found:
 * "loopback" or "none".
 */
#define _GNU_SOURCE
#include <arpa/inet.h>
#include <errno.h>
#include <fcntl.h>
#include <netinet/in.h>
#include <netinet/tcp.h>
#include <poll.h>
#include <pthread.h>
#include <signal.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/epoll.h>
#include <sys/ioctl.h>
#include <sys/socket.h>
#include <sys/stat.h>
#include <sys/time.h>
#include <sys/wait.h>
#include <linux/sockios.h>
#include <time.h>
#include <unistd.h>
#include "report.h"

#define WILD ((void *) 16)

static volatile int sigpipes;

static void on_sigpipe(int sig) {
    (void) sig;
    sigpipes++;
}

static void msleep(int ms) {
    struct timespec t = {ms / 1000, (ms % 1000) * 1000000L};
    nanosleep(&t, NULL);
}

static struct sockaddr_in v4(const char *ip, int port) {
    struct sockaddr_in a = {.sin_family = AF_INET, .sin_port = htons(port)};
    inet_pton(AF_INET, ip, &a.sin_addr);
    return a;
}

static struct sockaddr_in6 v6(const char *ip, int port) {
    struct sockaddr_in6 a = {.sin6_family = AF_INET6, .sin6_port = htons(port)};
    inet_pton(AF_INET6, ip, &a.sin6_addr);
    return a;
}

/* The port of a socket's own address (0 when getsockname fails). */
static int local_port(int fd) {
    struct sockaddr_storage a;
    socklen_t l = sizeof a;
    if (getsockname(fd, (struct sockaddr *) &a, &l) < 0) return 0;
    return ntohs(a.ss_family == AF_INET6 ? ((struct sockaddr_in6 *) &a)->sin6_port : ((struct sockaddr_in *) &a)->sin_port);
}

/* An address as text: family, address (ports are never printed). */
static const char *addr_text(struct sockaddr_storage *a, socklen_t len) {
    static char b[4][96];
    static int k;
    k = (k + 1) % 4;
    char ip[64] = "?";
    if (len == 0) return "(none)";
    if (a->ss_family == AF_INET) inet_ntop(AF_INET, &((struct sockaddr_in *) a)->sin_addr, ip, sizeof ip);
    else if (a->ss_family == AF_INET6) inet_ntop(AF_INET6, &((struct sockaddr_in6 *) a)->sin6_addr, ip, sizeof ip);
    snprintf(b[k], sizeof b[k], "family %d len %u %s", a->ss_family, (unsigned) len, ip);
    return b[k];
}

static void show_name(const char *what, int fd, int peer) {
    struct sockaddr_storage a;
    memset(&a, 0, sizeof a);
    socklen_t l = sizeof a;
    int r = peer ? getpeername(fd, (struct sockaddr *) &a, &l) : getsockname(fd, (struct sockaddr *) &a, &l);
    if (r < 0) printf("%s: %s\n", what, res(r));
    else printf("%s: %s\n", what, addr_text(&a, l));
}

static int revents(int fd, short events, int timeout) {
    struct pollfd p = {.fd = fd, .events = events};
    int n = poll(&p, 1, timeout);
    return n < 0 ? -1 : p.revents;
}

static int geti(int fd, int level, int name) {
    int v = -99;
    socklen_t l = sizeof v;
    if (getsockopt(fd, level, name, &v, &l) < 0) return -1000 - errno;
    return v;
}

static void show_opt(const char *what, int fd, int level, int name) {
    int v = -99;
    socklen_t l = sizeof v;
    int r = getsockopt(fd, level, name, &v, &l);
    if (r < 0) printf("  get %s: %s\n", what, res(r));
    else printf("  get %s: %d (len %u)\n", what, v, (unsigned) l);
}

static void set_show(const char *what, int fd, int level, int name, int value) {
    int r = setsockopt(fd, level, name, &value, sizeof value);
    const char *s = res(r);
    printf("  set %s %d: %s\n", what, value, s);
    if (r == 0) show_opt(what, fd, level, name);
}

static const char *errname(int e) {
    return e == 0 ? "0" : strerrorname_np(e);
}

/* A listening TCP socket on 127.0.0.1, any port. */
static int tcp_listener(int backlog) {
    int s = socket(AF_INET, SOCK_STREAM, 0);
    struct sockaddr_in a = v4("127.0.0.1", 0);
    bind(s, (struct sockaddr *) &a, sizeof a);
    listen(s, backlog);
    return s;
}

/* A connected pair through a listener: *c the client, returned the accepted end. */
static int tcp_pair(int lst, int *c) {
    struct sockaddr_in a = v4("127.0.0.1", local_port(lst));
    *c = socket(AF_INET, SOCK_STREAM, 0);
    if (connect(*c, (struct sockaddr *) &a, sizeof a) < 0) return -1;
    return accept(lst, NULL, NULL);
}

/* A port nothing listens on: bound once, then closed. */
static int dead_port(int type) {
    int s = socket(AF_INET, type, 0);
    struct sockaddr_in a = v4("127.0.0.1", 0);
    bind(s, (struct sockaddr *) &a, sizeof a);
    int p = local_port(s);
    close(s);
    return p;
}

static void creation(void) {
    printf("== creation\n");
    printf("SOCK_SEQPACKET: %s\n", res(socket(AF_INET, SOCK_SEQPACKET, 0)));
    printf("SOCK_STREAM IPPROTO_UDP: %s\n", res(socket(AF_INET, SOCK_STREAM, IPPROTO_UDP)));
    printf("SOCK_DGRAM IPPROTO_TCP: %s\n", res(socket(AF_INET6, SOCK_DGRAM, IPPROTO_TCP)));
    printf("protocol -1: %s\n", res(socket(AF_INET, SOCK_STREAM, -1)));
    printf("type 0x100: %s\n", res(socket(AF_INET, SOCK_STREAM | 0x100, 0)));
    int sv[2];
    printf("socketpair AF_INET: %s\n", res(socketpair(AF_INET, SOCK_STREAM, 0, sv)));
    int kinds[4][2] = {{AF_INET, SOCK_STREAM}, {AF_INET, SOCK_DGRAM}, {AF_INET6, SOCK_STREAM}, {AF_INET6, SOCK_DGRAM}};
    for (int i = 0; i < 4; i++) {
        int s = socket(kinds[i][0], kinds[i][1] | SOCK_NONBLOCK | SOCK_CLOEXEC, 0);
        struct stat st;
        fstat(s, &st);
        printf("socket(%d, %d): type %d domain %d protocol %d acceptconn %d nonblock %d cloexec %d sock %d\n",
               kinds[i][0], kinds[i][1], geti(s, SOL_SOCKET, SO_TYPE), geti(s, SOL_SOCKET, SO_DOMAIN),
               geti(s, SOL_SOCKET, SO_PROTOCOL), geti(s, SOL_SOCKET, SO_ACCEPTCONN), (fcntl(s, F_GETFL) & O_NONBLOCK) != 0,
               fcntl(s, F_GETFD) == FD_CLOEXEC, S_ISSOCK(st.st_mode));
        close(s);
    }
}

static void tcp_unconnected(void) {
    printf("== tcp unconnected\n");
    int s = socket(AF_INET, SOCK_STREAM, 0);
    char b[8];
    printf("poll fresh: 0x%x\n", revents(s, POLLIN | POLLOUT | POLLRDHUP, 0));
    show_name("getsockname fresh", s, 0);
    show_name("getpeername fresh", s, 1);
    printf("recv fresh: %s\n", res(recv(s, b, sizeof b, MSG_DONTWAIT)));
    printf("send fresh: %s\n", res(send(s, "x", 1, MSG_NOSIGNAL)));
    printf("SO_ERROR after: %s\n", errname(geti(s, SOL_SOCKET, SO_ERROR)));
    printf("shutdown fresh: %s\n", res(shutdown(s, SHUT_WR)));
    printf("shutdown how 7: %s\n", res(shutdown(s, 7)));
    printf("accept unlistened: %s\n", res(accept(s, NULL, NULL)));
    printf("FIONREAD fresh: ");
    int n = -1;
    long r = ioctl(s, FIONREAD, &n);
    printf("%s %d\n", res(r), n);
    close(s);

    s = socket(AF_INET, SOCK_STREAM, 0);
    printf("listen unbound: %s\n", res(listen(s, 1)));
    printf("autobound port: %d\n", local_port(s) != 0);
    show_name("autobound name", s, 0);
    printf("SO_ACCEPTCONN: %d\n", geti(s, SOL_SOCKET, SO_ACCEPTCONN));
    printf("listen again: %s\n", res(listen(s, 5)));
    printf("recv on listener: %s\n", res(recv(s, b, 1, MSG_DONTWAIT)));
    printf("FIONREAD listener: %s\n", res(ioctl(s, FIONREAD, &n)));
    printf("shutdown listener SHUT_WR: %s\n", res(shutdown(s, SHUT_WR)));
    printf("SO_ACCEPTCONN after: %d\n", geti(s, SOL_SOCKET, SO_ACCEPTCONN));
    printf("shutdown listener SHUT_RD: %s\n", res(shutdown(s, SHUT_RD)));
    printf("SO_ACCEPTCONN after: %d\n", geti(s, SOL_SOCKET, SO_ACCEPTCONN));
    printf("accept after: %s\n", res(accept(s, NULL, NULL)));
    close(s);
}

static void tcp_binding(void) {
    printf("== tcp bind\n");
    int s = socket(AF_INET, SOCK_STREAM, 0);
    struct sockaddr_in a = v4("127.0.0.1", 0);
    printf("bind len 8: %s\n", res(bind(s, (struct sockaddr *) &a, 8)));
    struct sockaddr_in6 six = v6("::1", 0);
    printf("bind AF_INET6 address: %s\n", res(bind(s, (struct sockaddr *) &six, sizeof six)));
    printf("bind wild pointer: %s\n", res(bind(s, WILD, sizeof a)));
    struct sockaddr_in far = v4("192.0.2.99", 0);
    printf("bind non-local: %s\n", res(bind(s, (struct sockaddr *) &far, sizeof far)));
    printf("bind 127.0.0.1:0: %s\n", res(bind(s, (struct sockaddr *) &a, sizeof a)));
    printf("port chosen: %d\n", local_port(s) != 0);
    show_name("name", s, 0);
    printf("bind again: %s\n", res(bind(s, (struct sockaddr *) &a, sizeof a)));
    struct sockaddr_in same = v4("127.0.0.1", local_port(s));
    int t = socket(AF_INET, SOCK_STREAM, 0);
    printf("bind the same port: %s\n", res(bind(t, (struct sockaddr *) &same, sizeof same)));
    struct sockaddr_in anyport = v4("0.0.0.0", local_port(s));
    printf("bind the port on 0.0.0.0: %s\n", res(bind(t, (struct sockaddr *) &anyport, sizeof anyport)));
    close(t);
    t = socket(AF_INET, SOCK_STREAM, 0);
    printf("connect to a bound port nobody listens on: %s\n", res(connect(t, (struct sockaddr *) &same, sizeof same)));
    close(t);
    struct sockaddr_storage st;
    socklen_t l = 4;
    int r = getsockname(s, (struct sockaddr *) &st, &l);
    printf("getsockname with room 4: %s len %u\n", res(r), (unsigned) l);
    l = sizeof st;
    printf("getsockname wild length: %s\n", res(getsockname(s, (struct sockaddr *) &st, WILD)));
    close(s);
}

static void tcp_connected(void) {
    printf("== tcp connection\n");
    int lst = tcp_listener(4);
    int port = local_port(lst);
    printf("poll listener empty: 0x%x\n", revents(lst, POLLIN | POLLOUT, 0));
    fcntl(lst, F_SETFL, O_NONBLOCK);
    printf("accept nothing, non-blocking: %s\n", res(accept(lst, NULL, NULL)));
    fcntl(lst, F_SETFL, 0);
    int c = socket(AF_INET, SOCK_STREAM, 0);
    struct sockaddr_in to = v4("127.0.0.1", port);
    printf("connect: %s\n", res(connect(c, (struct sockaddr *) &to, sizeof to)));
    printf("peer port is the listener's: %d\n", local_port(lst) == port);
    show_name("client peer", c, 1);
    printf("connect again: %s\n", res(connect(c, (struct sockaddr *) &to, sizeof to)));
    printf("listen on connected: %s\n", res(listen(c, 1)));
    printf("bind connected: %s\n", res(bind(c, (struct sockaddr *) &to, sizeof to)));
    printf("poll listener: 0x%x\n", revents(lst, POLLIN | POLLOUT, 1000));
    struct sockaddr_storage pa;
    socklen_t pl = sizeof pa;
    int a = accept4(lst, (struct sockaddr *) &pa, &pl, SOCK_NONBLOCK | SOCK_CLOEXEC);
    printf("accept4: %d peer %s port matches %d nonblock %d cloexec %d\n", a >= 0, addr_text(&pa, pl),
           ntohs(((struct sockaddr_in *) &pa)->sin_port) == local_port(c), (fcntl(a, F_GETFL) & O_NONBLOCK) != 0,
           fcntl(a, F_GETFD) == FD_CLOEXEC);
    show_name("accepted name", a, 0);
    printf("accepted SO_ACCEPTCONN: %d\n", geti(a, SOL_SOCKET, SO_ACCEPTCONN));
    printf("poll connected: 0x%x\n", revents(c, POLLIN | POLLOUT | POLLRDHUP, 0));

    char b[64];
    printf("send hello: %s\n", res(send(c, "hello", 5, 0)));
    printf("poll with data: 0x%x\n", revents(a, POLLIN | POLLOUT | POLLRDHUP, 1000));
    int n = -1;
    long r = ioctl(a, FIONREAD, &n);
    printf("FIONREAD: %s %d\n", res(r), n);
    memset(b, 0, sizeof b);
    r = recv(a, b, 3, MSG_PEEK);
    printf("MSG_PEEK 3: %s '%s'\n", res(r), b);
    memset(b, 0, sizeof b);
    r = recv(a, b, sizeof b, 0);
    printf("recv: %s '%s'\n", res(r), b);
    printf("recv empty, non-blocking: %s\n", res(recv(a, b, sizeof b, 0)));
    printf("recv MSG_DONTWAIT: %s\n", res(recv(c, b, sizeof b, MSG_DONTWAIT)));
    printf("recv MSG_OOB: %s\n", res(recv(c, b, sizeof b, MSG_OOB | MSG_DONTWAIT)));
    printf("recvfrom gives no address: ");
    pl = sizeof pa;
    send(c, "z", 1, 0);
    revents(a, POLLIN, 1000);
    r = recvfrom(a, b, sizeof b, 0, (struct sockaddr *) &pa, &pl);
    printf("%s len %u\n", res(r), (unsigned) pl);
    printf("SIOCOUTQ: ");
    r = ioctl(c, SIOCOUTQ, &n);
    printf("%s\n", res(r));
    printf("send wild buffer: %s\n", res(send(c, WILD, 10, MSG_NOSIGNAL)));
    struct timeval tv = {0, 100000};
    setsockopt(c, SOL_SOCKET, SO_RCVTIMEO, &tv, sizeof tv);
    printf("recv with SO_RCVTIMEO: %s\n", res(recv(c, b, sizeof b, 0)));

    /* MSG_WAITALL across two sends of a child, and a blocking accept of a late client */
    pid_t pid = fork();
    if (pid == 0) {
        send(a, "abc", 3, 0);
        msleep(100);
        send(a, "def", 3, 0);
        msleep(100);
        int late = socket(AF_INET, SOCK_STREAM, 0);
        connect(late, (struct sockaddr *) &to, sizeof to);
        send(late, "L", 1, 0);
        close(late);
        _exit(0);
    }
    tv.tv_usec = 0;
    setsockopt(c, SOL_SOCKET, SO_RCVTIMEO, &tv, sizeof tv);
    memset(b, 0, sizeof b);
    r = recv(c, b, 6, MSG_WAITALL);
    printf("MSG_WAITALL 6: %s '%s'\n", res(r), b);
    int late = accept(lst, NULL, NULL);
    printf("blocking accept of a late client: %d\n", late >= 0);
    memset(b, 0, sizeof b);
    r = recv(late, b, sizeof b, MSG_WAITALL);
    printf("its bytes then EOF: %s '%s'\n", res(r), b);
    printf("then: %s\n", res(recv(late, b, sizeof b, 0)));
    close(late);
    waitpid(pid, NULL, 0);

    /* epoll wakes for bytes a child sends */
    int ep = epoll_create1(0);
    struct epoll_event ev = {.events = EPOLLIN | EPOLLET, .data.u64 = 7};
    epoll_ctl(ep, EPOLL_CTL_ADD, c, &ev);
    pid = fork();
    if (pid == 0) {
        msleep(50);
        send(a, "e", 1, 0);
        _exit(0);
    }
    struct epoll_event got[2];
    n = epoll_wait(ep, got, 2, 2000);
    printf("epoll_wait: %d data %llu events 0x%x\n", n, (unsigned long long) got[0].data.u64, got[0].events);
    recv(c, b, 1, 0);
    n = epoll_wait(ep, got, 2, 0);
    printf("epoll_wait after reading: %d\n", n);
    waitpid(pid, NULL, 0);
    close(ep);

    /* half close: the client's FIN, the server answers, the client can no longer send */
    printf("shutdown SHUT_WR: %s\n", res(shutdown(c, SHUT_WR)));
    printf("poll server after the FIN: 0x%x\n", revents(a, POLLIN | POLLOUT | POLLRDHUP, 1000));
    printf("server reads EOF: %s\n", res(recv(a, b, sizeof b, 0)));
    printf("server sends back: %s\n", res(send(a, "back", 4, 0)));
    memset(b, 0, sizeof b);
    r = recv(c, b, sizeof b, 0);
    printf("client reads: %s '%s'\n", res(r), b);
    printf("client send MSG_NOSIGNAL: %s\n", res(send(c, "x", 1, MSG_NOSIGNAL)));
    r = send(c, "x", 1, 0);
    const char *s = res(r);
    printf("client send: %s, SIGPIPEs %d\n", s, sigpipes);
    printf("poll client: 0x%x\n", revents(c, POLLIN | POLLOUT | POLLRDHUP, 0));
    close(a);
    printf("client reads EOF: %s\n", res(recv(c, b, sizeof b, 0)));
    printf("poll client after both FINs: 0x%x\n", revents(c, POLLIN | POLLOUT | POLLRDHUP, 0));
    show_name("getpeername after both FINs", c, 1);
    close(c);

    /* EPIPE: writing to a peer that closed */
    a = tcp_pair(lst, &c);
    close(a);
    printf("write to a closed peer: %s\n", res(send(c, "x", 1, MSG_NOSIGNAL)));
    msleep(50);
    printf("then, after its reset: %s\n", res(send(c, "x", 1, MSG_NOSIGNAL)));
    printf("recv: %s\n", res(recv(c, b, sizeof b, 0)));
    printf("SO_ERROR: %s\n", errname(geti(c, SOL_SOCKET, SO_ERROR)));
    close(c);

    /* RST: a close with SO_LINGER 0 */
    a = tcp_pair(lst, &c);
    struct linger lg = {1, 0};
    setsockopt(c, SOL_SOCKET, SO_LINGER, &lg, sizeof lg);
    close(c);
    msleep(20);
    printf("poll after a reset: 0x%x\n", revents(a, POLLIN | POLLOUT | POLLRDHUP, 1000));
    printf("recv after a reset: %s\n", res(recv(a, b, sizeof b, 0)));
    printf("recv again: %s\n", res(recv(a, b, sizeof b, 0)));
    printf("poll again: 0x%x\n", revents(a, POLLIN | POLLOUT | POLLRDHUP, 0));
    show_name("getpeername after a reset", a, 1);
    printf("send after a reset: %s\n", res(send(a, "x", 1, MSG_NOSIGNAL)));
    printf("connect after a reset: %s\n", res(connect(a, (struct sockaddr *) &to, sizeof to)));
    struct sockaddr none = {.sa_family = AF_UNSPEC};
    printf("connect AF_UNSPEC after a reset: %s\n", res(connect(a, &none, sizeof none)));
    printf("then connect: %s\n", res(connect(a, (struct sockaddr *) &to, sizeof to)));
    close(accept(lst, NULL, NULL));
    close(a);

    /* a close with unread bytes resets the connection */
    a = tcp_pair(lst, &c);
    send(c, "unread", 6, 0);
    revents(a, POLLIN, 1000);
    close(a);
    msleep(20);
    printf("peer closed with bytes unread: %s\n", res(recv(c, b, sizeof b, 0)));
    close(c);

    /* connect(AF_UNSPEC) aborts a connection */
    a = tcp_pair(lst, &c);
    struct sockaddr unspec = {.sa_family = AF_UNSPEC};
    printf("connect AF_UNSPEC: %s\n", res(connect(c, &unspec, sizeof unspec)));
    show_name("getpeername after", c, 1);
    printf("SO_ERROR after: %s\n", errname(geti(c, SOL_SOCKET, SO_ERROR)));
    msleep(20);
    printf("peer reads: %s\n", res(recv(a, b, sizeof b, 0)));
    printf("connect again: %s\n", res(connect(c, (struct sockaddr *) &to, sizeof to)));
    close(accept(lst, NULL, NULL));
    close(a);
    close(c);
    close(lst);
}

static void tcp_connecting(void) {
    printf("== tcp connect\n");
    int lst = tcp_listener(4);
    struct sockaddr_in to = v4("127.0.0.1", local_port(lst));
    int c = socket(AF_INET, SOCK_STREAM | SOCK_NONBLOCK, 0);
    printf("non-blocking connect: %s\n", res(connect(c, (struct sockaddr *) &to, sizeof to)));
    printf("poll POLLOUT: 0x%x\n", revents(c, POLLOUT, 1000));
    printf("SO_ERROR: %s\n", errname(geti(c, SOL_SOCKET, SO_ERROR)));
    printf("connect again: %s\n", res(connect(c, (struct sockaddr *) &to, sizeof to)));
    printf("and again: %s\n", res(connect(c, (struct sockaddr *) &to, sizeof to)));
    show_name("peer", c, 1);
    int a = accept(lst, NULL, NULL);
    printf("send: %s\n", res(send(c, "nb", 2, 0)));
    char b[16];
    memset(b, 0, sizeof b);
    long r = recv(a, b, sizeof b, 0);
    printf("accepted reads: %s '%s'\n", res(r), b);
    close(a);
    close(c);

    struct sockaddr_in dead = v4("127.0.0.1", dead_port(SOCK_STREAM));
    c = socket(AF_INET, SOCK_STREAM | SOCK_NONBLOCK, 0);
    printf("non-blocking connect, refused: %s\n", res(connect(c, (struct sockaddr *) &dead, sizeof dead)));
    printf("poll: 0x%x\n", revents(c, POLLIN | POLLOUT | POLLRDHUP, 1000));
    printf("SO_ERROR: %s\n", errname(geti(c, SOL_SOCKET, SO_ERROR)));
    printf("SO_ERROR again: %s\n", errname(geti(c, SOL_SOCKET, SO_ERROR)));
    printf("poll after SO_ERROR: 0x%x\n", revents(c, POLLIN | POLLOUT | POLLRDHUP, 0));
    printf("connect again: %s\n", res(connect(c, (struct sockaddr *) &dead, sizeof dead)));
    printf("poll after: 0x%x\n", revents(c, POLLIN | POLLOUT | POLLRDHUP, 0));
    printf("connect to the listener: %s\n", res(connect(c, (struct sockaddr *) &to, sizeof to)));
    printf("poll: 0x%x\n", revents(c, POLLOUT, 1000));
    close(c);
    close(accept(lst, NULL, NULL));

    c = socket(AF_INET, SOCK_STREAM, 0);
    printf("blocking connect, refused: %s\n", res(connect(c, (struct sockaddr *) &dead, sizeof dead)));
    printf("poll: 0x%x\n", revents(c, POLLIN | POLLOUT | POLLRDHUP, 0));
    printf("SO_ERROR: %s\n", errname(geti(c, SOL_SOCKET, SO_ERROR)));
    printf("connect to the listener: %s\n", res(connect(c, (struct sockaddr *) &to, sizeof to)));
    close(c);
    close(accept(lst, NULL, NULL));

    c = socket(AF_INET, SOCK_STREAM, 0);
    printf("connect wild address: %s\n", res(connect(c, WILD, sizeof to)));
    struct sockaddr_in6 six = v6("::1", 80);
    printf("connect AF_INET6 address: %s\n", res(connect(c, (struct sockaddr *) &six, sizeof six)));
    printf("connect short address: %s\n", res(connect(c, (struct sockaddr *) &to, 4)));
    close(c);
    close(lst);
}

/* A large transfer from a child through a small receive buffer: the writer must wait for the reader. */
static void tcp_bulk(void) {
    printf("== tcp bulk\n");
    int lst = tcp_listener(1);
    int c = socket(AF_INET, SOCK_STREAM, 0), small = 8192;
    setsockopt(c, SOL_SOCKET, SO_RCVBUF, &small, sizeof small);
    struct sockaddr_in to = v4("127.0.0.1", local_port(lst));
    connect(c, (struct sockaddr *) &to, sizeof to);
    int a = accept(lst, NULL, NULL);
    setsockopt(a, SOL_SOCKET, SO_SNDBUF, &small, sizeof small);
    enum { TOTAL = 1 << 20 };
    pid_t pid = fork();
    if (pid == 0) {
        static char chunk[5000];
        long sent = 0;
        while (sent < TOTAL) {
            int n = TOTAL - sent < (long) sizeof chunk ? (int) (TOTAL - sent) : (int) sizeof chunk;
            for (int i = 0; i < n; i++) chunk[i] = (char) ((sent + i) * 7);
            long w = send(a, chunk, n, 0);
            if (w <= 0) _exit(1);
            sent += w;
        }
        close(a);
        _exit(0);
    }
    close(a);
    msleep(100);
    long got = 0, bad = 0;
    char buf[3000];
    while (1) {
        long n = recv(c, buf, sizeof buf, 0);
        if (n <= 0) break;
        for (long i = 0; i < n; i++) if (buf[i] != (char) ((got + i) * 7)) bad++;
        got += n;
    }
    int st;
    waitpid(pid, &st, 0);
    printf("received %ld bytes, %ld wrong, writer status %d\n", got, bad, WEXITSTATUS(st));
    close(c);
    close(lst);
}

static volatile int alarms;

static void on_alarm(int sig) {
    (void) sig;
    alarms++;
}

static void arm_alarm(int ms) {
    struct itimerval it = {{0, 0}, {ms / 1000, (ms % 1000) * 1000}};
    setitimer(ITIMER_REAL, &it, NULL);
}

/* Signals in blocking calls, another process's shutdown, full send buffers. */
static void tcp_waits(void) {
    printf("== tcp waits\n");
    int lst = tcp_listener(4);
    struct sigaction sa = {.sa_handler = on_alarm};
    sigaction(SIGALRM, &sa, NULL);
    arm_alarm(100);
    const char *s = res(accept(lst, NULL, NULL));
    printf("accept interrupted: %s, alarms %d\n", s, alarms);
    int c, a = tcp_pair(lst, &c);
    char b[16];
    sa.sa_flags = SA_RESTART;
    sigaction(SIGALRM, &sa, NULL);
    pid_t pid = fork();
    if (pid == 0) {
        msleep(300);
        send(a, "late", 4, 0);
        _exit(0);
    }
    arm_alarm(50);
    memset(b, 0, sizeof b);
    long r = recv(c, b, sizeof b, 0);
    printf("recv restarted: %s '%s', alarms %d\n", res(r), b, alarms);
    waitpid(pid, NULL, 0);
    struct timeval tv = {2, 0};
    setsockopt(c, SOL_SOCKET, SO_RCVTIMEO, &tv, sizeof tv);
    arm_alarm(50);
    s = res(recv(c, b, sizeof b, 0));
    printf("recv with a timeout, interrupted: %s, alarms %d\n", s, alarms);
    tv.tv_sec = 0;
    setsockopt(c, SOL_SOCKET, SO_RCVTIMEO, &tv, sizeof tv);
    pid = fork();
    if (pid == 0) {
        msleep(100);
        shutdown(c, SHUT_RD);
        _exit(0);
    }
    printf("recv ended by another process's SHUT_RD: %s\n", res(recv(c, b, sizeof b, 0)));
    waitpid(pid, NULL, 0);

    static char big[65536];
    int small = 8192;
    setsockopt(a, SOL_SOCKET, SO_RCVBUF, &small, sizeof small);
    setsockopt(c, SOL_SOCKET, SO_SNDBUF, &small, sizeof small);
    long n;
    while ((n = send(c, big, sizeof big, MSG_DONTWAIT)) > 0) continue;
    s = res(n);
    printf("sending until the buffers are full: %s\n", s);
    printf("poll POLLOUT when full: 0x%x\n", revents(c, POLLOUT, 0));
    tv.tv_usec = 200000;
    setsockopt(c, SOL_SOCKET, SO_SNDTIMEO, &tv, sizeof tv);
    printf("blocking send with SO_SNDTIMEO: %s\n", res(send(c, big, sizeof big, 0)));
    int writable = 0;
    for (int i = 0; i < 200 && !writable; i++) {
        while (recv(a, big, sizeof big, MSG_DONTWAIT) > 0) continue;
        writable = (revents(c, POLLOUT, 20) & POLLOUT) != 0;
    }
    printf("POLLOUT again once the reader drains them: %d\n", writable);
    close(a);
    close(c);
    close(lst);
    signal(SIGALRM, SIG_DFL);
}

/* Several threads asleep on host sockets at once, each in another kind of wait (recv, poll,
 * epoll_wait, accept, recv MSG_WAITALL), woken one by one in an order of the main thread's
 * choosing: whichever sleeper watches the host for the others must hand every wake on. Then a
 * SIGIO for a process that only computes (no thread sleeps in a wait at all). */
static int lead_fd[5];
static long lead_res[5];
static char lead_buf[5][16];

static void *lead_sleeper(void *arg) {
    long i = (long) arg;
    int fd = lead_fd[i];
    switch (i) {
    case 0:
        lead_res[i] = recv(fd, lead_buf[i], sizeof lead_buf[i], 0);
        break;
    case 1: {
        struct pollfd p = {.fd = fd, .events = POLLIN};
        lead_res[i] = poll(&p, 1, -1) == 1 ? p.revents : -1;
        break;
    }
    case 2: {
        int ep = epoll_create1(0);
        struct epoll_event e = {.events = EPOLLIN | EPOLLET, .data.u32 = 42};
        epoll_ctl(ep, EPOLL_CTL_ADD, fd, &e);
        lead_res[i] = epoll_wait(ep, &e, 1, -1) == 1 ? (long) e.data.u32 : -1;
        close(ep);
        break;
    }
    case 3: {
        int a = accept(fd, NULL, NULL);
        lead_res[i] = a >= 0 ? recv(a, lead_buf[i], sizeof lead_buf[i], 0) : -errno;
        if (a >= 0) close(a);
        break;
    }
    case 4:
        lead_res[i] = recv(fd, lead_buf[i], 8, MSG_WAITALL);
        break;
    }
    return NULL;
}

static volatile sig_atomic_t sigios;

static void on_sigio(int sig) {
    (void) sig;
    sigios++;
}

static void tcp_sleepers(void) {
    printf("== tcp sleepers\n");
    int lst = tcp_listener(8), c[5], a[5];
    for (int i = 0; i < 5; i++) {
        if (i == 3) continue;
        a[i] = tcp_pair(lst, &c[i]);
        lead_fd[i] = a[i];
    }
    int lst2 = tcp_listener(1);
    lead_fd[3] = lst2;
    pthread_t th[5];
    for (long i = 0; i < 5; i++) pthread_create(&th[i], NULL, lead_sleeper, (void *) i);
    static const int order[5] = {2, 0, 4, 3, 1};
    for (int k = 0; k < 5; k++) {
        int i = order[k];
        msleep(30);
        if (i == 3) {
            struct sockaddr_in to = v4("127.0.0.1", local_port(lst2));
            c[3] = socket(AF_INET, SOCK_STREAM, 0);
            connect(c[3], (struct sockaddr *) &to, sizeof to);
            send(c[3], "three", 5, 0);
        } else if (i == 4) {
            send(c[4], "four", 4, 0);
            msleep(30);
            send(c[4], "FOUR", 4, 0);
        } else {
            char m[8];
            snprintf(m, sizeof m, "w%d", i);
            send(c[i], m, strlen(m), 0);
        }
        pthread_join(th[i], NULL);
        printf("sleeper %d (%s) woke: %ld '%s'\n", i,
               (const char *[]) {"recv", "poll", "epoll_wait EPOLLET", "accept", "recv MSG_WAITALL"}[i], lead_res[i],
               lead_buf[i]);
    }
    for (int i = 0; i < 5; i++) {
        close(c[i]);
        if (i != 3) close(a[i]);
    }
    close(lst2);

    /* SIGIO while the process computes */
    int cc, s = tcp_pair(lst, &cc);
    struct sigaction sa = {.sa_handler = on_sigio};
    sigaction(SIGIO, &sa, NULL);
    fcntl(s, F_SETOWN, getpid());
    fcntl(s, F_SETFL, fcntl(s, F_GETFL) | O_ASYNC | O_NONBLOCK);
    pid_t pid = fork();
    if (pid == 0) {
        msleep(50);
        send(cc, "io", 2, 0);
        _exit(0);
    }
    struct timespec t0, t;
    clock_gettime(CLOCK_MONOTONIC, &t0);
    volatile unsigned long spins = 0;
    do {
        for (int k = 0; k < 10000; k++) spins++;
        clock_gettime(CLOCK_MONOTONIC, &t);
    } while (!sigios && (t.tv_sec - t0.tv_sec) < 5);
    printf("SIGIO while computing: %d\n", sigios > 0);
    waitpid(pid, NULL, 0);
    signal(SIGIO, SIG_DFL);
    close(s);
    close(cc);
    close(lst);
}

static int idle_fd;

static void *idle_sleeper(void *arg) {
    (void) arg;
    struct pollfd p = {.fd = idle_fd, .events = POLLIN};
    poll(&p, 1, -1);
    return NULL;
}

/* Loopback delivers during the sender's call: straight after two sends, poll, FIONREAD and
 * recv on the other end see both, even while another thread sleeps in a wait (and so watches
 * the host for the whole kernel under Helctic); then a FIN is seen at once too. */
static void tcp_watched(void) {
    printf("== tcp while another thread sleeps\n");
    int lst = tcp_listener(4), c, a, ic, rounds = 300;
    idle_fd = tcp_pair(lst, &ic);
    a = tcp_pair(lst, &c);
    int one = 1;
    setsockopt(c, IPPROTO_TCP, TCP_NODELAY, &one, sizeof one); /* no Nagle: each send leaves at once */
    pthread_t th;
    pthread_create(&th, NULL, idle_sleeper, NULL);
    msleep(20);
    int polled = 0, counted = 0, received = 0;
    for (int k = 0; k < rounds; k++) {
        send(c, "ab", 2, 0);
        send(c, "cd", 2, 0);
        polled += revents(a, POLLIN, 0) == POLLIN;
        int n = -1;
        ioctl(a, FIONREAD, &n);
        counted += n == 4;
        char b[16];
        received += recv(a, b, sizeof b, MSG_DONTWAIT) == 4 && memcmp(b, "abcd", 4) == 0;
    }
    printf("of %d rounds: poll saw POLLIN %d, FIONREAD 4 %d, recv 4 bytes %d\n", rounds, polled, counted, received);
    send(c, "x", 1, 0);
    shutdown(c, SHUT_WR);
    printf("after data and FIN: poll %#x\n", revents(a, POLLIN | POLLRDHUP, 0));
    send(ic, "!", 1, 0);
    pthread_join(th, NULL);
    close(a);
    close(c);
    close(ic);
    close(idle_fd);
    close(lst);
}

static void udp(void) {
    printf("== udp\n");
    int u1 = socket(AF_INET, SOCK_DGRAM, 0), u2 = socket(AF_INET, SOCK_DGRAM, 0);
    struct sockaddr_in lo = v4("127.0.0.1", 0);
    char b[64];
    show_name("unbound name", u1, 0);
    printf("recv unbound, non-blocking: %s\n", res(recv(u1, b, sizeof b, MSG_DONTWAIT)));
    printf("bind: %s\n", res(bind(u1, (struct sockaddr *) &lo, sizeof lo)));
    printf("bind: %s\n", res(bind(u2, (struct sockaddr *) &lo, sizeof lo)));
    printf("bind again: %s\n", res(bind(u2, (struct sockaddr *) &lo, sizeof lo)));
    struct sockaddr_in at2 = v4("127.0.0.1", local_port(u2)), at1 = v4("127.0.0.1", local_port(u1));
    int t = socket(AF_INET, SOCK_DGRAM, 0);
    printf("bind a taken port: %s\n", res(bind(t, (struct sockaddr *) &at2, sizeof at2)));
    close(t);
    printf("poll empty: 0x%x\n", revents(u2, POLLIN | POLLOUT, 0));
    printf("recv empty: %s\n", res(recv(u2, b, sizeof b, MSG_DONTWAIT)));
    printf("getpeername: %s\n", res(getpeername(u2, (struct sockaddr *) &lo, &(socklen_t) {sizeof lo})));
    printf("sendto: %s\n", res(sendto(u1, "ping", 4, 0, (struct sockaddr *) &at2, sizeof at2)));
    printf("poll: 0x%x\n", revents(u2, POLLIN | POLLOUT, 1000));
    int n = -1;
    long r = ioctl(u2, FIONREAD, &n);
    printf("FIONREAD: %s %d\n", res(r), n);
    struct sockaddr_storage from;
    socklen_t fl = sizeof from;
    memset(b, 0, sizeof b);
    r = recvfrom(u2, b, sizeof b, 0, (struct sockaddr *) &from, &fl);
    printf("recvfrom: %s '%s' from %s port matches %d\n", res(r), b, addr_text(&from, fl),
           ntohs(((struct sockaddr_in *) &from)->sin_port) == local_port(u1));

    sendto(u1, "0123456789", 10, 0, (struct sockaddr *) &at2, sizeof at2);
    revents(u2, POLLIN, 1000);
    memset(b, 0, sizeof b);
    r = recv(u2, b, 4, MSG_PEEK);
    printf("MSG_PEEK 4 of 10: %s '%s'\n", res(r), b);
    r = recv(u2, b, 4, MSG_PEEK | MSG_TRUNC);
    printf("MSG_PEEK|MSG_TRUNC: %s\n", res(r));
    struct iovec iov = {b, 4};
    struct msghdr m = {.msg_iov = &iov, .msg_iovlen = 1};
    r = recvmsg(u2, &m, 0);
    printf("recvmsg 4 of 10: %s flags MSG_TRUNC %d\n", res(r), (m.msg_flags & MSG_TRUNC) != 0);
    printf("recv what is left: %s\n", res(recv(u2, b, sizeof b, MSG_DONTWAIT)));
    sendto(u1, "0123456789", 10, 0, (struct sockaddr *) &at2, sizeof at2);
    revents(u2, POLLIN, 1000);
    printf("recv MSG_TRUNC 4: %s\n", res(recv(u2, b, 4, MSG_TRUNC)));

    printf("empty datagram: %s\n", res(sendto(u1, "", 0, 0, (struct sockaddr *) &at2, sizeof at2)));
    printf("poll: 0x%x\n", revents(u2, POLLIN | POLLOUT, 1000));
    n = -1;
    r = ioctl(u2, FIONREAD, &n);
    printf("FIONREAD: %s %d\n", res(r), n);
    fl = 4;
    r = recvfrom(u2, b, sizeof b, 0, (struct sockaddr *) &from, &fl);
    printf("recvfrom with room 4: %s len %u\n", res(r), (unsigned) fl);

    printf("send unconnected: %s\n", res(send(u1, "x", 1, 0)));
    struct sockaddr_in zero = v4("127.0.0.1", 0);
    printf("sendto port 0: %s\n", res(sendto(u1, "x", 1, 0, (struct sockaddr *) &zero, sizeof zero)));
    struct sockaddr_in6 six = v6("::1", 9);
    printf("sendto AF_INET6: %s\n", res(sendto(u1, "x", 1, 0, (struct sockaddr *) &six, sizeof six)));
    printf("sendto short address: %s\n", res(sendto(u1, "x", 1, 0, (struct sockaddr *) &at2, 4)));
    printf("sendto wild buffer: %s\n", res(sendto(u1, WILD, 1, 0, (struct sockaddr *) &at2, sizeof at2)));
    static char big[70000];
    printf("sendto 70000 bytes: %s\n", res(sendto(u1, big, sizeof big, 0, (struct sockaddr *) &at2, sizeof at2)));
    printf("listen: %s\n", res(listen(u1, 1)));
    printf("accept: %s\n", res(accept(u1, NULL, NULL)));
    printf("shutdown unconnected: %s\n", res(shutdown(u1, SHUT_RD)));
    printf("poll after: 0x%x\n", revents(u1, POLLIN | POLLOUT | POLLRDHUP, 0));
    printf("recv after: %s\n", res(recv(u1, b, sizeof b, 0)));
    close(u1);
    u1 = socket(AF_INET, SOCK_DGRAM, 0);
    bind(u1, (struct sockaddr *) &lo, sizeof lo);
    at1 = v4("127.0.0.1", local_port(u1));

    /* connected */
    int u3 = socket(AF_INET, SOCK_DGRAM, 0);
    printf("connect: %s\n", res(connect(u3, (struct sockaddr *) &at2, sizeof at2)));
    printf("autobound: %d\n", local_port(u3) != 0);
    show_name("name", u3, 0);
    show_name("peer", u3, 1);
    printf("send: %s\n", res(send(u3, "c", 1, 0)));
    fl = sizeof from;
    memset(b, 0, sizeof b);
    revents(u2, POLLIN, 1000);
    r = recvfrom(u2, b, sizeof b, 0, (struct sockaddr *) &from, &fl);
    printf("peer receives: %s '%s' from u3 %d\n", res(r), b, ntohs(((struct sockaddr_in *) &from)->sin_port) == local_port(u3));
    struct sockaddr_in at3 = v4("127.0.0.1", local_port(u3));
    printf("another sends to it: %s\n", res(sendto(u1, "x", 1, 0, (struct sockaddr *) &at3, sizeof at3)));
    msleep(20);
    printf("filtered: %s\n", res(recv(u3, b, sizeof b, MSG_DONTWAIT)));
    printf("peer answers: %s\n", res(sendto(u2, "p", 1, 0, (struct sockaddr *) &at3, sizeof at3)));
    revents(u3, POLLIN, 1000);
    memset(b, 0, sizeof b);
    r = recv(u3, b, sizeof b, 0);
    printf("received: %s '%s'\n", res(r), b);
    printf("sendto another address while connected: %s\n", res(sendto(u3, "y", 1, 0, (struct sockaddr *) &at1, sizeof at1)));
    revents(u1, POLLIN, 1000);
    fl = sizeof from;
    memset(b, 0, sizeof b);
    r = recvfrom(u1, b, sizeof b, MSG_DONTWAIT, (struct sockaddr *) &from, &fl);
    printf("it arrives: %s '%s' from u3 %d\n", res(r), b, ntohs(((struct sockaddr_in *) &from)->sin_port) == local_port(u3));
    printf("still connected, peer answers: %s\n", res(sendto(u2, "q", 1, 0, (struct sockaddr *) &at3, sizeof at3)));
    revents(u3, POLLIN, 1000);
    memset(b, 0, sizeof b);
    r = recv(u3, b, sizeof b, MSG_DONTWAIT);
    printf("received: %s '%s'\n", res(r), b);
    printf("empty datagram while connected: %s\n", res(send(u3, "", 0, 0)));
    revents(u2, POLLIN, 1000);
    printf("peer receives it: %s\n", res(recv(u2, b, sizeof b, MSG_DONTWAIT)));
    printf("shutdown connected SHUT_WR: %s\n", res(shutdown(u3, SHUT_WR)));
    printf("send after: %s\n", res(send(u3, "z", 1, 0)));
    struct sockaddr unspec = {.sa_family = AF_UNSPEC};
    printf("connect AF_UNSPEC: %s\n", res(connect(u3, &unspec, sizeof unspec)));
    show_name("peer after", u3, 1);
    close(u3);

    /* an ICMP port unreachable reaches a connected socket */
    int u4 = socket(AF_INET, SOCK_DGRAM, 0);
    struct sockaddr_in dead = v4("127.0.0.1", dead_port(SOCK_DGRAM));
    connect(u4, (struct sockaddr *) &dead, sizeof dead);
    printf("send to a closed port: %s\n", res(send(u4, "x", 1, 0)));
    msleep(20);
    printf("poll: 0x%x\n", revents(u4, POLLIN | POLLOUT, 1000));
    struct timeval tv = {1, 0};
    setsockopt(u4, SOL_SOCKET, SO_RCVTIMEO, &tv, sizeof tv);
    printf("recv: %s\n", res(recv(u4, b, sizeof b, 0)));
    printf("recv again: %s\n", res(recv(u4, b, sizeof b, MSG_DONTWAIT)));
    send(u4, "x", 1, 0);
    msleep(20);
    printf("SO_ERROR: %s\n", errname(geti(u4, SOL_SOCKET, SO_ERROR)));
    send(u4, "x", 1, 0);
    msleep(20);
    printf("the next send reports it: %s\n", res(send(u4, "x", 1, 0)));
    close(u4);

    /* broadcast on the loopback network */
    int rcv = socket(AF_INET, SOCK_DGRAM, 0);
    struct sockaddr_in any = v4("0.0.0.0", 0);
    bind(rcv, (struct sockaddr *) &any, sizeof any);
    struct sockaddr_in bc = v4("127.255.255.255", local_port(rcv));
    printf("SO_BROADCAST: %d\n", geti(u1, SOL_SOCKET, SO_BROADCAST));
    printf("sendto broadcast: %s\n", res(sendto(u1, "b", 1, 0, (struct sockaddr *) &bc, sizeof bc)));
    int one = 1;
    printf("set SO_BROADCAST: %s\n", res(setsockopt(u1, SOL_SOCKET, SO_BROADCAST, &one, sizeof one)));
    printf("sendto broadcast: %s\n", res(sendto(u1, "b", 1, 0, (struct sockaddr *) &bc, sizeof bc)));
    revents(rcv, POLLIN, 1000);
    printf("received: %s\n", res(recv(rcv, b, sizeof b, MSG_DONTWAIT)));
    close(rcv);
    close(u1);
    close(u2);
}

/* An AF_INET6 client of lst connecting to `to`: what each end sees. */
static void v6_client(int lst, const char *what, struct sockaddr_in6 to) {
    int c = socket(AF_INET6, SOCK_STREAM, 0);
    printf("%s: %s\n", what, res(connect(c, (struct sockaddr *) &to, sizeof to)));
    struct sockaddr_storage pa;
    socklen_t pl = sizeof pa;
    int a = accept(lst, (struct sockaddr *) &pa, &pl);
    printf("accepted peer: %s\n", addr_text(&pa, pl));
    show_name("client name", c, 0);
    show_name("client peer", c, 1);
    close(a);
    close(c);
}

static void ipv6(void) {
    printf("== ipv6\n");
    int lst = socket(AF_INET6, SOCK_STREAM, 0);
    printf("IPV6_V6ONLY: %d\n", geti(lst, IPPROTO_IPV6, IPV6_V6ONLY));
    struct sockaddr_in6 any = v6("::", 0);
    printf("bind [::]: %s\n", res(bind(lst, (struct sockaddr *) &any, sizeof any)));
    listen(lst, 4);
    show_name("name", lst, 0);
    int port = local_port(lst);

    int c = socket(AF_INET, SOCK_STREAM, 0);
    struct sockaddr_in to4 = v4("127.0.0.1", port);
    printf("IPv4 client: %s\n", res(connect(c, (struct sockaddr *) &to4, sizeof to4)));
    struct sockaddr_storage pa;
    socklen_t pl = sizeof pa;
    int a = accept(lst, (struct sockaddr *) &pa, &pl);
    printf("accepted peer: %s\n", addr_text(&pa, pl));
    show_name("accepted name", a, 0);
    show_name("accepted peer", a, 1);
    show_name("client peer", c, 1);
    send(c, "4", 1, 0);
    char b[8] = {0};
    revents(a, POLLIN, 1000);
    printf("recv: %s\n", res(recv(a, b, sizeof b, 0)));
    close(a);
    close(c);

    v6_client(lst, "IPv6 client", v6("::1", port));
    struct sockaddr_in6 mapped = v6("::ffff:127.0.0.1", port);
    v6_client(lst, "IPv6 client to a v4-mapped address", mapped);

    int o = socket(AF_INET6, SOCK_STREAM, 0);
    int one = 1;
    printf("set IPV6_V6ONLY: %s\n", res(setsockopt(o, IPPROTO_IPV6, IPV6_V6ONLY, &one, sizeof one)));
    printf("IPV6_V6ONLY: %d\n", geti(o, IPPROTO_IPV6, IPV6_V6ONLY));
    struct sockaddr_in6 m0 = v6("::ffff:127.0.0.1", 0);
    printf("v6-only bind v4-mapped: %s\n", res(bind(o, (struct sockaddr *) &m0, sizeof m0)));
    printf("v6-only connect v4-mapped: %s\n", res(connect(o, (struct sockaddr *) &mapped, sizeof mapped)));
    struct sockaddr_in6 l6 = v6("::1", 0);
    printf("v6-only bind ::1: %s\n", res(bind(o, (struct sockaddr *) &l6, sizeof l6)));
    printf("set IPV6_V6ONLY once bound: %s\n", res(setsockopt(o, IPPROTO_IPV6, IPV6_V6ONLY, &one, sizeof one)));
    close(o);

    o = socket(AF_INET6, SOCK_STREAM, 0);
    printf("connect with a sockaddr_in: %s\n", res(connect(o, (struct sockaddr *) &to4, sizeof to4)));
    struct sockaddr_in6 wrong = v6("::1", port);
    wrong.sin6_family = AF_INET;
    printf("bind with family AF_INET: %s\n", res(bind(o, (struct sockaddr *) &wrong, sizeof wrong)));
    close(o);
    int four = socket(AF_INET, SOCK_STREAM, 0);
    printf("IPV6_V6ONLY on AF_INET: %d\n", geti(four, IPPROTO_IPV6, IPV6_V6ONLY));
    close(four);
    close(lst);

    /* datagrams between the families */
    int d6 = socket(AF_INET6, SOCK_DGRAM, 0), d4 = socket(AF_INET, SOCK_DGRAM, 0);
    bind(d6, (struct sockaddr *) &any, sizeof any);
    struct sockaddr_in lo = v4("127.0.0.1", 0);
    bind(d4, (struct sockaddr *) &lo, sizeof lo);
    struct sockaddr_in6 to = v6("::ffff:127.0.0.1", local_port(d4));
    printf("v6 sendto v4-mapped: %s\n", res(sendto(d6, "m", 1, 0, (struct sockaddr *) &to, sizeof to)));
    struct sockaddr_storage from;
    socklen_t fl = sizeof from;
    revents(d4, POLLIN, 1000);
    long r = recvfrom(d4, b, sizeof b, 0, (struct sockaddr *) &from, &fl);
    printf("v4 receives: %s from %s\n", res(r), addr_text(&from, fl));
    r = sendto(d4, "r", 1, 0, (struct sockaddr *) &from, fl);
    printf("v4 answers: %s\n", res(r));
    fl = sizeof from;
    revents(d6, POLLIN, 1000);
    r = recvfrom(d6, b, sizeof b, 0, (struct sockaddr *) &from, &fl);
    printf("v6 receives: %s from %s\n", res(r), addr_text(&from, fl));
    close(d4);
    close(d6);
}

static void options(void) {
    printf("== options\n");
    int t = socket(AF_INET, SOCK_STREAM, 0);
    printf("tcp defaults:\n");
#define OPT(level, name) {#name, level, name}
    static const struct { const char *name; int level, opt; } defaults[] = {
        OPT(SOL_SOCKET, SO_REUSEADDR), OPT(SOL_SOCKET, SO_REUSEPORT), OPT(SOL_SOCKET, SO_KEEPALIVE),
        OPT(SOL_SOCKET, SO_BROADCAST), OPT(SOL_SOCKET, SO_ERROR), OPT(IPPROTO_TCP, TCP_NODELAY),
        OPT(IPPROTO_TCP, TCP_KEEPIDLE), OPT(IPPROTO_TCP, TCP_KEEPINTVL), OPT(IPPROTO_TCP, TCP_KEEPCNT),
        OPT(IPPROTO_IP, IP_TOS), OPT(IPPROTO_IP, IP_TTL), OPT(IPPROTO_IP, IP_MULTICAST_TTL),
        OPT(IPPROTO_IP, IP_MULTICAST_LOOP),
    };
    for (unsigned i = 0; i < sizeof defaults / sizeof defaults[0]; i++)
        show_opt(defaults[i].name, t, defaults[i].level, defaults[i].opt);
    struct linger lg = {7, 7};
    socklen_t l = sizeof lg;
    int r = getsockopt(t, SOL_SOCKET, SO_LINGER, &lg, &l);
    printf("  get SO_LINGER: %s {%d, %d} len %u\n", res(r), lg.l_onoff, lg.l_linger, (unsigned) l);
    printf("tcp set:\n");
    set_show("SO_REUSEADDR", t, SOL_SOCKET, SO_REUSEADDR, 1);
    set_show("SO_REUSEPORT", t, SOL_SOCKET, SO_REUSEPORT, 1);
    set_show("SO_KEEPALIVE", t, SOL_SOCKET, SO_KEEPALIVE, 5);
    set_show("SO_RCVBUF", t, SOL_SOCKET, SO_RCVBUF, 4096);
    set_show("SO_SNDBUF", t, SOL_SOCKET, SO_SNDBUF, 8192);
    set_show("TCP_NODELAY", t, IPPROTO_TCP, TCP_NODELAY, 1);
    set_show("TCP_KEEPIDLE", t, IPPROTO_TCP, TCP_KEEPIDLE, 30);
    set_show("TCP_KEEPIDLE", t, IPPROTO_TCP, TCP_KEEPIDLE, 0);
    set_show("TCP_KEEPINTVL", t, IPPROTO_TCP, TCP_KEEPINTVL, 5);
    set_show("TCP_KEEPCNT", t, IPPROTO_TCP, TCP_KEEPCNT, 3);
    set_show("TCP_KEEPCNT", t, IPPROTO_TCP, TCP_KEEPCNT, 200);
    set_show("IP_TOS", t, IPPROTO_IP, IP_TOS, 0x13);
    set_show("IP_TTL", t, IPPROTO_IP, IP_TTL, 32);
    set_show("IP_TTL", t, IPPROTO_IP, IP_TTL, 0);
    set_show("IP_TTL", t, IPPROTO_IP, IP_TTL, 256);
    set_show("IP_TTL", t, IPPROTO_IP, IP_TTL, -1);
    set_show("IP_MULTICAST_TTL", t, IPPROTO_IP, IP_MULTICAST_TTL, 4);
    set_show("IP_MULTICAST_LOOP", t, IPPROTO_IP, IP_MULTICAST_LOOP, 0);
    lg.l_onoff = 1;
    lg.l_linger = 5;
    r = setsockopt(t, SOL_SOCKET, SO_LINGER, &lg, sizeof lg);
    printf("  set SO_LINGER {1, 5}: %s\n", res(r));
    l = sizeof lg;
    r = getsockopt(t, SOL_SOCKET, SO_LINGER, &lg, &l);
    printf("  get SO_LINGER: %s {%d, %d}\n", res(r), lg.l_onoff, lg.l_linger);
    short s2 = 1;
    printf("  set SO_KEEPALIVE with 2 bytes: %s\n", res(setsockopt(t, SOL_SOCKET, SO_KEEPALIVE, &s2, sizeof s2)));
    printf("  set TCP_NODELAY with 2 bytes: %s\n", res(setsockopt(t, IPPROTO_TCP, TCP_NODELAY, &s2, sizeof s2)));
    unsigned char c1 = 9;
    printf("  set IP_TTL with 1 byte: %s\n", res(setsockopt(t, IPPROTO_IP, IP_TTL, &c1, 1)));
    show_opt("IP_TTL", t, IPPROTO_IP, IP_TTL);
    int v = -1;
    l = 2;
    r = getsockopt(t, IPPROTO_TCP, TCP_NODELAY, &v, &l);
    printf("  get TCP_NODELAY into 2 bytes: %s len %u\n", res(r), (unsigned) l);
    printf("  get TCP option 99: %d\n", geti(t, IPPROTO_TCP, 99));
    printf("  set TCP option 99: %s\n", res(setsockopt(t, IPPROTO_TCP, 99, &v, sizeof v)));
    printf("  get level 999: %d\n", geti(t, 999, 1));
    printf("  set level 999: %s\n", res(setsockopt(t, 999, 1, &v, sizeof v)));
    printf("  get into a wild pointer: %s\n", res(getsockopt(t, SOL_SOCKET, SO_TYPE, WILD, &(socklen_t) {4})));
    printf("  set from a wild pointer: %s\n", res(setsockopt(t, SOL_SOCKET, SO_KEEPALIVE, WILD, 4)));
    close(t);

    printf("inherited by accept:\n");
    int lst = socket(AF_INET, SOCK_STREAM, 0);
    int one = 1;
    setsockopt(lst, IPPROTO_TCP, TCP_NODELAY, &one, sizeof one);
    setsockopt(lst, SOL_SOCKET, SO_KEEPALIVE, &one, sizeof one);
    int idle = 44;
    setsockopt(lst, IPPROTO_TCP, TCP_KEEPIDLE, &idle, sizeof idle);
    struct sockaddr_in lo = v4("127.0.0.1", 0);
    bind(lst, (struct sockaddr *) &lo, sizeof lo);
    listen(lst, 1);
    int c, a = tcp_pair(lst, &c);
    show_opt("TCP_NODELAY", a, IPPROTO_TCP, TCP_NODELAY);
    show_opt("SO_KEEPALIVE", a, SOL_SOCKET, SO_KEEPALIVE);
    show_opt("TCP_KEEPIDLE", a, IPPROTO_TCP, TCP_KEEPIDLE);
    show_opt("client TCP_NODELAY", c, IPPROTO_TCP, TCP_NODELAY);
    close(a);
    close(c);
    close(lst);

    int u = socket(AF_INET, SOCK_DGRAM, 0);
    printf("udp:\n");
    set_show("SO_BROADCAST", u, SOL_SOCKET, SO_BROADCAST, 1);
    set_show("IP_MULTICAST_TTL", u, IPPROTO_IP, IP_MULTICAST_TTL, 5);
    set_show("IP_MULTICAST_TTL", u, IPPROTO_IP, IP_MULTICAST_TTL, 256);
    set_show("IP_MULTICAST_TTL", u, IPPROTO_IP, IP_MULTICAST_TTL, -1);
    set_show("IP_MULTICAST_LOOP", u, IPPROTO_IP, IP_MULTICAST_LOOP, 0);
    set_show("IP_TOS", u, IPPROTO_IP, IP_TOS, 0x13);
    set_show("SO_KEEPALIVE", u, SOL_SOCKET, SO_KEEPALIVE, 1);
    printf("  get TCP_NODELAY: %d\n", geti(u, IPPROTO_TCP, TCP_NODELAY));
    printf("  set TCP_NODELAY: %s\n", res(setsockopt(u, IPPROTO_TCP, TCP_NODELAY, &one, sizeof one)));
    c1 = 7;
    printf("  set IP_MULTICAST_TTL with 1 byte: %s\n", res(setsockopt(u, IPPROTO_IP, IP_MULTICAST_TTL, &c1, 1)));
    show_opt("IP_MULTICAST_TTL", u, IPPROTO_IP, IP_MULTICAST_TTL);
    close(u);

    int s6 = socket(AF_INET6, SOCK_STREAM, 0);
    printf("ipv6:\n");
    show_opt("IP_TOS", s6, IPPROTO_IP, IP_TOS);
    set_show("IPV6_V6ONLY", s6, IPPROTO_IPV6, IPV6_V6ONLY, 1);
    set_show("IPV6_V6ONLY", s6, IPPROTO_IPV6, IPV6_V6ONLY, 0);
    close(s6);

    /* glibc's DNS resolver turns IP_RECVERR on for its UDP socket and gives up when it cannot */
    printf("error queues:\n");
    u = socket(AF_INET, SOCK_DGRAM | SOCK_NONBLOCK, 0);
    show_opt("IP_RECVERR", u, IPPROTO_IP, IP_RECVERR);
    set_show("IP_RECVERR", u, IPPROTO_IP, IP_RECVERR, 5);
    set_show("IP_RECVERR", u, IPPROTO_IP, IP_RECVERR, 0);
    set_show("IP_RECVERR", u, IPPROTO_IP, IP_RECVERR, 1);
    struct sockaddr_in dead = v4("127.0.0.1", dead_port(SOCK_DGRAM));
    connect(u, (struct sockaddr *) &dead, sizeof dead);
    char eb[64];
    printf("  MSG_ERRQUEUE, nothing sent: %s\n", res(recv(u, eb, sizeof eb, MSG_ERRQUEUE)));
    printf("  send to a dead port: %s\n", res(send(u, "q", 1, 0)));
    msleep(20);
    printf("  recv: %s\n", res(recv(u, eb, sizeof eb, 0)));
    printf("  SO_ERROR then: %d\n", geti(u, SOL_SOCKET, SO_ERROR));
    close(u);
    int tc = socket(AF_INET, SOCK_STREAM, 0);
    printf("  tcp MSG_ERRQUEUE: %s\n", res(recv(tc, eb, sizeof eb, MSG_ERRQUEUE | MSG_DONTWAIT)));
    close(tc);
    u = socket(AF_INET6, SOCK_DGRAM, 0);
    show_opt("IPV6_RECVERR", u, IPPROTO_IPV6, IPV6_RECVERR);
    set_show("IPV6_RECVERR", u, IPPROTO_IPV6, IPV6_RECVERR, 1);
    short sh = 1;
    printf("  set IPV6_RECVERR with 2 bytes: %s\n", res(setsockopt(u, IPPROTO_IPV6, IPV6_RECVERR, &sh, sizeof sh)));
    show_opt("IP_RECVERR on v6", u, IPPROTO_IP, IP_RECVERR);
    close(u);
}

/* Under Helctic's --net=loopback (no native run: the expected lines are the test's). */
static void loopback_policy(void) {
    int s = socket(AF_INET, SOCK_STREAM, 0);
    struct sockaddr_in far = v4("192.0.2.1", 80);
    printf("connect off the loopback: %s\n", res(connect(s, (struct sockaddr *) &far, sizeof far)));
    struct sockaddr_in here = v4("192.0.2.2", 0);
    printf("bind off the loopback: %s\n", res(bind(s, (struct sockaddr *) &here, sizeof here)));
    struct sockaddr_in any = v4("0.0.0.0", 0);
    printf("bind 0.0.0.0: %s\n", res(bind(s, (struct sockaddr *) &any, sizeof any)));
    show_name("name", s, 0);
    printf("listen: %s\n", res(listen(s, 1)));
    int c = socket(AF_INET, SOCK_STREAM, 0);
    struct sockaddr_in to = v4("127.0.0.1", local_port(s));
    printf("connect to it on 127.0.0.1: %s\n", res(connect(c, (struct sockaddr *) &to, sizeof to)));
    close(c);
    int u = socket(AF_INET, SOCK_DGRAM, 0);
    printf("sendto off the loopback: %s\n", res(sendto(u, "x", 1, 0, (struct sockaddr *) &far, sizeof far)));
    int u2 = socket(AF_INET6, SOCK_DGRAM, 0);
    struct sockaddr_in6 far6 = v6("fd00::1", 53);
    printf("sendto off the loopback (v6): %s\n", res(sendto(u2, "x", 1, 0, (struct sockaddr *) &far6, sizeof far6)));
    struct sockaddr_in6 lo6 = v6("::1", 9);
    printf("sendto ::1: %s\n", res(sendto(u2, "x", 1, 0, (struct sockaddr *) &lo6, sizeof lo6)));
    printf("unix sockets still work: %d\n", socket(AF_UNIX, SOCK_STREAM, 0) >= 0);
}

int main(int argc, char **argv) {
    setvbuf(stdout, NULL, _IOLBF, 0);
    signal(SIGPIPE, on_sigpipe);
    if (argc > 1 && strcmp(argv[1], "loopback") == 0) {
        loopback_policy();
        return 0;
    }
    if (argc > 1 && strcmp(argv[1], "none") == 0) {
        printf("AF_INET: %s\n", res(socket(AF_INET, SOCK_STREAM, 0)));
        printf("AF_INET6: %s\n", res(socket(AF_INET6, SOCK_DGRAM, 0)));
        printf("AF_UNIX: %d\n", socket(AF_UNIX, SOCK_STREAM, 0) >= 0);
        return 0;
    }
    creation();
    tcp_unconnected();
    tcp_binding();
    tcp_connected();
    tcp_connecting();
    tcp_bulk();
    tcp_waits();
    tcp_sleepers();
    tcp_watched();
    udp();
    ipv6();
    options();
    printf("done\n");
    return 0;
}
