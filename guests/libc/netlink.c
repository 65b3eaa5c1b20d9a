/*
 * Netlink and the interface calls (issue 16), natively and under Helctic (compared byte for byte):
 * getifaddrs (glibc's RTM_GETLINK and RTM_GETADDR dumps) for the loopback interface,
 * if_nametoindex/if_indextoname/if_nameindex, getaddrinfo with AI_ADDRCONFIG (glibc's
 * RTM_GETADDR check), the SIOCGIF* ioctls, and NETLINK_ROUTE itself: socket types and protocols,
 * port ids (bind, autobind, getsockname, getpeername), dumps to NLMSG_DONE with the request's
 * sequence number, MSG_PEEK|MSG_TRUNC sizing, truncation, acknowledgements, errors for unknown
 * requests, poll, nonblocking receives and unicast between two netlink sockets. Only facts that do
 * not depend on the host's interfaces beyond the loopback print (counts are compared, not shown).
 */
#define _GNU_SOURCE
#include <arpa/inet.h>
#include <errno.h>
#include <ifaddrs.h>
#include <linux/netlink.h>
#include <linux/rtnetlink.h>
#include <net/if.h>
#include <net/if_arp.h>
#include <netdb.h>
#include <poll.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/ioctl.h>
#include <sys/socket.h>
#include <sys/un.h>
#include <unistd.h>
#include "report.h"

static const char *family(int f) {
    switch (f) {
        case AF_INET: return "inet";
        case AF_INET6: return "inet6";
        case AF_PACKET: return "packet";
        default: return "other";
    }
}

static const char *addr(const struct sockaddr *sa) {
    static char b[4][INET6_ADDRSTRLEN];
    static int k;
    k = (k + 1) % 4;
    if (sa == NULL) return "none";
    if (sa->sa_family == AF_INET) inet_ntop(AF_INET, &((const struct sockaddr_in *)sa)->sin_addr, b[k], sizeof b[k]);
    else if (sa->sa_family == AF_INET6) inet_ntop(AF_INET6, &((const struct sockaddr_in6 *)sa)->sin6_addr, b[k], sizeof b[k]);
    else snprintf(b[k], sizeof b[k], "family %d", sa->sa_family);
    return b[k];
}

static void interfaces(void) {
    struct ifaddrs *list;
    printf("getifaddrs: %s\n", res(getifaddrs(&list)));
    int names = 0;
    char seen[64][IF_NAMESIZE];
    for (struct ifaddrs *i = list; i; i = i->ifa_next) {
        int known = 0;
        for (int k = 0; k < names; k++) known |= strcmp(seen[k], i->ifa_name) == 0;
        if (!known && names < 64) snprintf(seen[names++], IF_NAMESIZE, "%s", i->ifa_name);
        if (strcmp(i->ifa_name, "lo") != 0) continue;
        int f = i->ifa_addr ? i->ifa_addr->sa_family : -1;
        printf("  lo %s flags up %d loopback %d running %d", family(f), !!(i->ifa_flags & IFF_UP),
               !!(i->ifa_flags & IFF_LOOPBACK), !!(i->ifa_flags & IFF_RUNNING));
        if (f == AF_INET || f == AF_INET6) printf(" address %s netmask %s", addr(i->ifa_addr), addr(i->ifa_netmask));
        if (f == AF_PACKET) printf(" stats %s", i->ifa_data ? "present" : "absent");
        printf("\n");
    }
    freeifaddrs(list);
    struct if_nameindex *ni = if_nameindex();
    int n = 0;
    if (ni)
        for (; ni[n].if_index; n++) {}
    printf("interfaces named by getifaddrs == if_nameindex: %d\n", n == names);
    if (ni) if_freenameindex(ni);
    printf("if_nametoindex(lo): %u\n", if_nametoindex("lo"));
    char name[IF_NAMESIZE] = "";
    printf("if_indextoname(1): %s\n", if_indextoname(1, name) ? name : strerrorname_np(errno));
    errno = 0;
    unsigned none = if_nametoindex("nosuch0");
    printf("if_nametoindex(nosuch0): %u %s\n", none, strerrorname_np(errno));
    const char *missing = if_indextoname(999999, name);
    printf("if_indextoname(999999): %s\n", missing ? name : strerrorname_np(errno));
}

static void addrinfo(void) {
    struct addrinfo hints = {.ai_family = AF_UNSPEC, .ai_socktype = SOCK_STREAM, .ai_flags = AI_ADDRCONFIG};
    struct addrinfo *ai;
    int r = getaddrinfo("localhost", "80", &hints, &ai);
    printf("getaddrinfo(localhost, AI_ADDRCONFIG): %s\n", r == 0 ? "0" : gai_strerror(r));
    if (r == 0) {
        for (struct addrinfo *a = ai; a; a = a->ai_next) printf("  %s %s\n", family(a->ai_family), addr(a->ai_addr));
        freeaddrinfo(ai);
    }
    hints.ai_flags = AI_ADDRCONFIG | AI_NUMERICHOST;
    r = getaddrinfo("::1", "80", &hints, &ai);
    printf("getaddrinfo(::1, AI_ADDRCONFIG|AI_NUMERICHOST): %s\n", r == 0 ? "0" : gai_strerror(r));
    if (r == 0) freeaddrinfo(ai);
}

/* The SIOCGIF* ioctls on a socket of each family glibc and programs use. */
static void ioctls(int domain, int type, const char *what) {
    int s = socket(domain, type | SOCK_CLOEXEC, 0);
    if (s < 0) {
        printf("%s socket: %s\n", what, res(s));
        return;
    }
    struct ifreq r;
    memset(&r, 0, sizeof r);
    strcpy(r.ifr_name, "lo");
    long x = ioctl(s, SIOCGIFINDEX, &r);
    printf("%s SIOCGIFINDEX(lo): %s %d\n", what, res(x), x == 0 ? r.ifr_ifindex : -1);
    x = ioctl(s, SIOCGIFFLAGS, &r);
    printf("%s SIOCGIFFLAGS(lo): %s up %d loopback %d running %d\n", what, res(x), !!(r.ifr_flags & IFF_UP),
           !!(r.ifr_flags & IFF_LOOPBACK), !!(r.ifr_flags & IFF_RUNNING));
    x = ioctl(s, SIOCGIFMTU, &r);
    printf("%s SIOCGIFMTU(lo): %s %s\n", what, res(x), x == 0 && r.ifr_mtu > 0 ? "positive" : "-");
    memset(&r.ifr_hwaddr, 0x55, sizeof r.ifr_hwaddr);
    x = ioctl(s, SIOCGIFHWADDR, &r);
    printf("%s SIOCGIFHWADDR(lo): %s family %d first %d\n", what, res(x), r.ifr_hwaddr.sa_family,
           (unsigned char)r.ifr_hwaddr.sa_data[0]);
    x = ioctl(s, SIOCGIFADDR, &r);
    printf("%s SIOCGIFADDR(lo): %s %s\n", what, res(x), x == 0 ? addr(&r.ifr_addr) : "-");
    x = ioctl(s, SIOCGIFNETMASK, &r);
    printf("%s SIOCGIFNETMASK(lo): %s %s\n", what, res(x), x == 0 ? addr(&r.ifr_netmask) : "-");
    memset(&r, 0, sizeof r);
    r.ifr_ifindex = 1;
    x = ioctl(s, SIOCGIFNAME, &r);
    printf("%s SIOCGIFNAME(1): %s %s\n", what, res(x), r.ifr_name);
    strcpy(r.ifr_name, "nosuch0");
    printf("%s SIOCGIFFLAGS(nosuch0): %s\n", what, res(ioctl(s, SIOCGIFFLAGS, &r)));
    r.ifr_ifindex = 999999;
    printf("%s SIOCGIFNAME(999999): %s\n", what, res(ioctl(s, SIOCGIFNAME, &r)));
    // SIOCGIFCONF: first the size, then the list (IPv4 addresses only); lo must be among them
    struct ifconf c = {.ifc_len = 0, .ifc_buf = NULL};
    x = ioctl(s, SIOCGIFCONF, &c);
    int need = c.ifc_len;
    printf("%s SIOCGIFCONF(size): %s multiple of ifreq %d\n", what, res(x), need > 0 && need % (int)sizeof(struct ifreq) == 0);
    struct ifreq reqs[64];
    c.ifc_len = sizeof reqs;
    c.ifc_req = reqs;
    x = ioctl(s, SIOCGIFCONF, &c);
    int lo = 0;
    for (int i = 0; x == 0 && i < c.ifc_len / (int)sizeof(struct ifreq); i++)
        if (strcmp(reqs[i].ifr_name, "lo") == 0) {
            lo = 1;
            printf("%s SIOCGIFCONF: lo %s\n", what, addr(&reqs[i].ifr_addr));
        }
    printf("%s SIOCGIFCONF: %s same size %d lo %d\n", what, res(x), c.ifc_len == need, lo);
    c.ifc_len = sizeof(struct ifreq) / 2;
    x = ioctl(s, SIOCGIFCONF, &c);
    printf("%s SIOCGIFCONF(half an ifreq): %s len %d\n", what, res(x), c.ifc_len);
    close(s);
}

static int nl_socket(void) {
    return socket(AF_NETLINK, SOCK_RAW | SOCK_CLOEXEC, NETLINK_ROUTE);
}

static int port_of(int s) {
    struct sockaddr_nl a;
    socklen_t l = sizeof a;
    memset(&a, 0x55, sizeof a);
    if (getsockname(s, (struct sockaddr *)&a, &l) < 0) return -1;
    return a.nl_pid;
}

struct request {
    struct nlmsghdr h;
    union {
        struct ifinfomsg link;
        struct ifaddrmsg addr;
        struct rtmsg route;
        struct rtgenmsg gen;
    };
    char attrs[64];
};

static long ask(int s, int type, int flags, int seq, int fam, int index) {
    struct request r;
    memset(&r, 0, sizeof r);
    r.h.nlmsg_type = type;
    r.h.nlmsg_flags = flags;
    r.h.nlmsg_seq = seq;
    switch (type) {
        case RTM_GETLINK:
            r.h.nlmsg_len = NLMSG_LENGTH(sizeof r.link);
            r.link.ifi_family = fam;
            r.link.ifi_index = index;
            break;
        case RTM_GETADDR:
            r.h.nlmsg_len = NLMSG_LENGTH(sizeof r.addr);
            r.addr.ifa_family = fam;
            r.addr.ifa_index = index;
            break;
        default:
            r.h.nlmsg_len = NLMSG_LENGTH(sizeof r.route);
            r.route.rtm_family = fam;
    }
    struct sockaddr_nl kernel = {.nl_family = AF_NETLINK};
    return sendto(s, &r, r.h.nlmsg_len, 0, (struct sockaddr *)&kernel, sizeof kernel);
}

/* What one exchange brought back, message by message, until NLMSG_DONE or an error/ack. */
struct tally {
    int messages, datagrams, done, done_error, wrong_seq, wrong_pid, wrong_flags, lo, error, acks, types[4];
    int last_type;
    int families[3]; /* inet, inet6, other */
    int lo_index, lo_flags, lo_type, lo_mtu_attr, lo_name;
};

static void collect(int s, int seq, int port, struct tally *t) {
    memset(t, 0, sizeof *t);
    static char buf[65536];
    for (int rounds = 0; rounds < 10000; rounds++) {
        struct sockaddr_nl from;
        struct iovec v = {buf, sizeof buf};
        struct msghdr m = {.msg_name = &from, .msg_namelen = sizeof from, .msg_iov = &v, .msg_iovlen = 1};
        ssize_t n = recvmsg(s, &m, MSG_DONTWAIT);
        if (n < 0) return; /* EAGAIN: nothing more */
        t->datagrams++;
        if (from.nl_pid != 0 || from.nl_family != AF_NETLINK || m.msg_namelen != sizeof from) t->wrong_pid += 1000;
        for (struct nlmsghdr *h = (struct nlmsghdr *)buf; NLMSG_OK(h, (size_t)n); h = NLMSG_NEXT(h, n)) {
            t->messages++;
            t->last_type = h->nlmsg_type;
            if ((int)h->nlmsg_seq != seq) t->wrong_seq++;
            if ((int)h->nlmsg_pid != port) t->wrong_pid++;
            if (h->nlmsg_type == NLMSG_DONE) {
                t->done++;
                t->done_error = *(int *)NLMSG_DATA(h);
                if (!(h->nlmsg_flags & NLM_F_MULTI)) t->wrong_flags++;
                continue;
            }
            if (h->nlmsg_type == NLMSG_ERROR) {
                struct nlmsgerr *e = NLMSG_DATA(h);
                if (e->error == 0) t->acks++;
                else t->error = e->error;
                if ((int)e->msg.nlmsg_seq != seq) t->wrong_seq++;
                continue;
            }
            if (h->nlmsg_type == RTM_NEWLINK) {
                struct ifinfomsg *i = NLMSG_DATA(h);
                if (i->ifi_index == 1) {
                    t->lo_index = 1;
                    t->lo_flags = i->ifi_flags;
                    t->lo_type = i->ifi_type;
                    int len = IFLA_PAYLOAD(h);
                    for (struct rtattr *a = IFLA_RTA(i); RTA_OK(a, len); a = RTA_NEXT(a, len)) {
                        if (a->rta_type == IFLA_IFNAME && strcmp(RTA_DATA(a), "lo") == 0) t->lo_name = 1;
                        if (a->rta_type == IFLA_MTU && RTA_PAYLOAD(a) == 4) t->lo_mtu_attr = 1;
                    }
                }
            } else if (h->nlmsg_type == RTM_NEWADDR) {
                struct ifaddrmsg *i = NLMSG_DATA(h);
                t->families[i->ifa_family == AF_INET ? 0 : i->ifa_family == AF_INET6 ? 1 : 2]++;
                if (i->ifa_index == 1) t->lo++;
            } else if (h->nlmsg_type == RTM_NEWROUTE) {
                struct rtmsg *r = NLMSG_DATA(h);
                t->families[r->rtm_family == AF_INET ? 0 : r->rtm_family == AF_INET6 ? 1 : 2]++;
            }
            if (h->nlmsg_flags & NLM_F_MULTI) t->types[0]++;
        }
        if (t->done || t->error || (t->acks && t->messages)) {
            /* what follows, if anything */
            struct pollfd p = {s, POLLIN, 0};
            if (poll(&p, 1, 0) == 1) t->types[3] = 1;
            return;
        }
    }
}

static void netlink(void) {
    printf("socket(AF_NETLINK, SOCK_RAW, 31): %s\n", res(socket(AF_NETLINK, SOCK_RAW, 31)));
    printf("socket(AF_NETLINK, SOCK_RAW, 32): %s\n", res(socket(AF_NETLINK, SOCK_RAW, 32)));
    printf("socket(AF_NETLINK, SOCK_STREAM, 0): %s\n", res(socket(AF_NETLINK, SOCK_STREAM, 0)));
    printf("socket(AF_NETLINK, SOCK_SEQPACKET, 0): %s\n", res(socket(AF_NETLINK, SOCK_SEQPACKET, 0)));
    int d = socket(AF_NETLINK, SOCK_DGRAM, NETLINK_ROUTE);
    printf("socket(AF_NETLINK, SOCK_DGRAM, NETLINK_ROUTE): %s\n", d >= 0 ? "ok" : res(d));
    close(d);

    int s = nl_socket();
    int type = -1, proto = -1, dom = -1;
    socklen_t l = sizeof type;
    getsockopt(s, SOL_SOCKET, SO_TYPE, &type, &l);
    getsockopt(s, SOL_SOCKET, SO_PROTOCOL, &proto, &l);
    getsockopt(s, SOL_SOCKET, SO_DOMAIN, &dom, &l);
    printf("SO_TYPE %d SO_PROTOCOL %d SO_DOMAIN %d\n", type, proto, dom);
    printf("port before bind: %d\n", port_of(s));
    struct sockaddr_nl peer;
    l = sizeof peer;
    memset(&peer, 0x55, sizeof peer);
    const char *r = res(getpeername(s, (struct sockaddr *)&peer, &l));
    printf("getpeername before connect: %s pid %d groups %u len %d\n", r, peer.nl_pid, peer.nl_groups, l);
    struct sockaddr_nl me = {.nl_family = AF_NETLINK};
    printf("bind(nl_pid 0): %s\n", res(bind(s, (struct sockaddr *)&me, sizeof me)));
    int port = port_of(s);
    printf("port is the pid: %d\n", port == getpid());
    printf("bind again (same): %s\n", res(bind(s, (struct sockaddr *)&me, sizeof me)));
    me.nl_pid = port + 1;
    printf("bind again (another port): %s\n", res(bind(s, (struct sockaddr *)&me, sizeof me)));
    me.nl_family = AF_INET;
    printf("bind(AF_INET address): %s\n", res(bind(s, (struct sockaddr *)&me, sizeof me)));
    printf("bind(short): %s\n", res(bind(s, (struct sockaddr *)&me, 4)));

    int s2 = nl_socket();
    struct sockaddr_nl taken = {.nl_family = AF_NETLINK, .nl_pid = port};
    printf("second bind to the first's port: %s\n", res(bind(s2, (struct sockaddr *)&taken, sizeof taken)));
    taken.nl_pid = 0;
    printf("second bind(nl_pid 0): %s\n", res(bind(s2, (struct sockaddr *)&taken, sizeof taken)));
    int port2 = port_of(s2);
    printf("second port is negative: %d\n", port2 < 0);
    int s3 = nl_socket();
    printf("third, unbound, sends: %s\n", res(ask(s3, RTM_GETLINK, NLM_F_REQUEST | NLM_F_DUMP, 5, AF_UNSPEC, 0)));
    int port3 = port_of(s3);
    printf("third port after autobind on send: negative %d distinct %d\n", port3 < 0, port3 != port2);
    close(s3);

    /* nothing queued yet */
    struct pollfd p = {s, POLLIN | POLLOUT, 0};
    int ready = poll(&p, 1, 0);
    printf("poll before a request: %d revents 0x%x\n", ready, p.revents);
    char tiny[16];
    printf("nonblocking recv on nothing: %s\n", res(recv(s, tiny, sizeof tiny, MSG_DONTWAIT)));

    /* a link dump */
    struct tally t;
    printf("RTM_GETLINK dump: %s\n", res(ask(s, RTM_GETLINK, NLM_F_REQUEST | NLM_F_DUMP, 42, AF_UNSPEC, 0)));
    ready = poll(&p, 1, 0);
    printf("poll after it: %d revents 0x%x\n", ready, p.revents);
    ssize_t peeked = recv(s, NULL, 0, MSG_PEEK | MSG_TRUNC);
    int avail = -1;
    r = res(ioctl(s, FIONREAD, &avail));
    static char big[65536];
    ssize_t got = recv(s, big, sizeof big, MSG_PEEK);
    printf("MSG_PEEK|MSG_TRUNC size == MSG_PEEK read: %d; FIONREAD %s %d\n", peeked > 0 && peeked == got, r, avail == got);
    collect(s, 42, port, &t);
    struct if_nameindex *ni = if_nameindex();
    int links = 0;
    if (ni) {
        for (; ni[links].if_index; links++) {}
        if_freenameindex(ni);
    }
    printf("  messages == links + 1: %d; one DONE %d error %d; multi flag on each %d; seq wrong %d; pid wrong %d\n",
           t.messages == links + 1, t.done, t.done_error, t.types[0] == links, t.wrong_seq, t.wrong_pid);
    printf("  lo: index 1 %d name %d flags up %d loopback %d running %d type %d mtu %d; anything after %d\n", t.lo_index,
           t.lo_name, !!(t.lo_flags & IFF_UP), !!(t.lo_flags & IFF_LOOPBACK), !!(t.lo_flags & IFF_RUNNING), t.lo_type,
           t.lo_mtu_attr, t.types[3]);

    /* the same dump read through a buffer too small for its first datagram */
    ask(s, RTM_GETLINK, NLM_F_REQUEST | NLM_F_DUMP, 43, AF_UNSPEC, 0);
    struct iovec v = {tiny, sizeof tiny};
    struct msghdr m = {.msg_iov = &v, .msg_iovlen = 1};
    ssize_t n = recvmsg(s, &m, 0);
    printf("recvmsg into 16 bytes: %zd MSG_TRUNC %d\n", n, !!(m.msg_flags & MSG_TRUNC));
    collect(s, 43, port, &t);
    printf("  the rest: done %d\n", t.done);

    /* address dumps */
    int fams[] = {AF_UNSPEC, AF_INET, AF_INET6};
    for (int i = 0; i < 3; i++) {
        ask(s, RTM_GETADDR, NLM_F_REQUEST | NLM_F_DUMP, 50 + i, fams[i], 0);
        collect(s, 50 + i, port, &t);
        printf("RTM_GETADDR dump %s: done %d inet %s inet6 %s other %d lo %d seq wrong %d pid wrong %d\n",
               i == 0 ? "AF_UNSPEC" : family(fams[i]), t.done, t.families[0] ? "some" : "none",
               t.families[1] ? "some" : "none", t.families[2], t.lo, t.wrong_seq, t.wrong_pid);
    }
    ask(s, RTM_GETADDR, NLM_F_REQUEST | NLM_F_DUMP | NLM_F_ACK, 55, AF_INET, 0);
    collect(s, 55, port, &t);
    printf("RTM_GETADDR dump with NLM_F_ACK: done %d acks %d anything after %d\n", t.done, t.acks, t.types[3]);

    /* routes */
    for (int i = 0; i < 3; i++) {
        ask(s, RTM_GETROUTE, NLM_F_REQUEST | NLM_F_DUMP, 60 + i, fams[i], 0);
        collect(s, 60 + i, port, &t);
        printf("RTM_GETROUTE dump %s: done %d inet %s inet6 %s other %d seq wrong %d\n",
               i == 0 ? "AF_UNSPEC" : family(fams[i]), t.done, t.families[0] ? "some" : "none",
               t.families[1] ? "some" : "none", t.families[2], t.wrong_seq);
    }

    /* single requests, acknowledgements and errors */
    ask(s, RTM_GETLINK, NLM_F_REQUEST, 70, AF_UNSPEC, 1);
    collect(s, 70, port, &t);
    printf("RTM_GETLINK ifindex 1: messages %d lo %d name %d acks %d error %d\n", t.messages, t.lo_index, t.lo_name, t.acks,
           t.error);
    ask(s, RTM_GETLINK, NLM_F_REQUEST | NLM_F_ACK, 71, AF_UNSPEC, 1);
    collect(s, 71, port, &t);
    printf("RTM_GETLINK ifindex 1 with NLM_F_ACK: messages %d lo %d acks %d last is error %d\n", t.messages, t.lo_index,
           t.acks, t.last_type == NLMSG_ERROR);
    ask(s, RTM_GETLINK, NLM_F_REQUEST, 72, AF_UNSPEC, 999999);
    collect(s, 72, port, &t);
    printf("RTM_GETLINK ifindex 999999: messages %d error %s\n", t.messages, strerrorname_np(-t.error));
    ask(s, RTM_GETADDR, NLM_F_REQUEST, 73, AF_INET, 1);
    collect(s, 73, port, &t);
    printf("RTM_GETADDR AF_INET without NLM_F_DUMP: messages %d error %s\n", t.messages, strerrorname_np(-t.error));
    ask(s, 0x3ff, NLM_F_REQUEST | NLM_F_ACK, 74, AF_UNSPEC, 0);
    collect(s, 74, port, &t);
    printf("type 0x3ff: messages %d error %s\n", t.messages, strerrorname_np(-t.error));
    ask(s, RTM_GETLINK, NLM_F_ACK, 75, AF_UNSPEC, 1);
    collect(s, 75, port, &t);
    printf("RTM_GETLINK without NLM_F_REQUEST, with NLM_F_ACK: messages %d acks %d error %d\n", t.messages, t.acks, t.error);
    ask(s, NLMSG_NOOP, NLM_F_REQUEST | NLM_F_ACK, 76, AF_UNSPEC, 0);
    collect(s, 76, port, &t);
    printf("NLMSG_NOOP with NLM_F_ACK: messages %d acks %d\n", t.messages, t.acks);
    ask(s, RTM_GETLINK, NLM_F_REQUEST, 77, AF_UNSPEC, 1);
    n = recv(s, big, sizeof big, 0);
    printf("the reply is one datagram: %d\n", n > 0 && ((struct nlmsghdr *)big)->nlmsg_len == (unsigned)n);

    /* an error message carries the request back */
    ask(s, 0x3ff, NLM_F_REQUEST, 78, AF_UNSPEC, 0);
    n = recv(s, big, sizeof big, 0);
    struct nlmsghdr *h = (struct nlmsghdr *)big;
    struct nlmsgerr *e = NLMSG_DATA(h);
    printf("error reply: length %zd type %d flags 0x%x seq %u; request echoed: type 0x%x len %u seq %u\n", n,
           h->nlmsg_type, h->nlmsg_flags, h->nlmsg_seq, e->msg.nlmsg_type, e->msg.nlmsg_len, e->msg.nlmsg_seq);
    ask(s, NLMSG_NOOP, NLM_F_REQUEST | NLM_F_ACK, 79, AF_UNSPEC, 0);
    n = recv(s, big, sizeof big, 0);
    printf("ack reply: length %zd type %d flags 0x%x seq %u error %d\n", n, h->nlmsg_type, h->nlmsg_flags, h->nlmsg_seq,
           e->error);

    /* a short request and a bad length */
    struct nlmsghdr shorthdr = {.nlmsg_len = 8, .nlmsg_type = RTM_GETLINK, .nlmsg_flags = NLM_F_REQUEST | NLM_F_ACK};
    printf("send of 8 bytes: %s\n", res(send(s, &shorthdr, 8, 0)));
    printf("  then: %s\n", res(recv(s, big, sizeof big, MSG_DONTWAIT)));

    /* unicast between two netlink sockets */
    struct sockaddr_nl to2 = {.nl_family = AF_NETLINK, .nl_pid = port2};
    printf("send to the second socket: %s\n", res(sendto(s, "hello", 5, 0, (struct sockaddr *)&to2, sizeof to2)));
    struct sockaddr_nl from;
    socklen_t fl = sizeof from;
    n = recvfrom(s2, big, sizeof big, 0, (struct sockaddr *)&from, &fl);
    printf("second received %zd '%.*s' from the first %d\n", n, (int)(n > 0 ? n : 0), big, (int)from.nl_pid == port);
    struct sockaddr_nl nobody = {.nl_family = AF_NETLINK, .nl_pid = 0x7ffffff0};
    printf("send to an unbound port: %s\n", res(sendto(s, "x", 1, 0, (struct sockaddr *)&nobody, sizeof nobody)));

    /* connect and getpeername */
    struct sockaddr_nl k = {.nl_family = AF_NETLINK};
    printf("connect to the kernel: %s\n", res(connect(s2, (struct sockaddr *)&k, sizeof k)));
    l = sizeof peer;
    r = res(getpeername(s2, (struct sockaddr *)&peer, &l));
    printf("getpeername: %s pid %d\n", r, peer.nl_pid);
    ask(s2, RTM_GETLINK, NLM_F_REQUEST, 80, AF_UNSPEC, 1);
    collect(s2, 80, port2, &t);
    printf("connected socket's request: lo %d\n", t.lo_index);

    /* netlink options */
    int one = 1, val = -1;
    l = sizeof val;
    printf("NETLINK_EXT_ACK: %s", res(setsockopt(s, SOL_NETLINK, NETLINK_EXT_ACK, &one, sizeof one)));
    r = res(getsockopt(s, SOL_NETLINK, NETLINK_EXT_ACK, &val, &l));
    printf(" get %s %d len %d\n", r, val, l);
    printf("NETLINK_GET_STRICT_CHK: %s\n", res(setsockopt(s, SOL_NETLINK, NETLINK_GET_STRICT_CHK, &one, sizeof one)));
    ask(s, RTM_GETLINK, NLM_F_REQUEST | NLM_F_DUMP, 90, AF_UNSPEC, 0);
    collect(s, 90, port, &t);
    printf("strict link dump: done %d messages == links + 1: %d\n", t.done, t.messages == links + 1);
    ask(s, RTM_GETLINK, NLM_F_REQUEST | NLM_F_DUMP, 91, AF_UNSPEC, 1);
    collect(s, 91, port, &t);
    printf("strict link dump with an index: messages %d done %d (its error %s) lo %d\n", t.messages, t.done,
           t.done_error ? strerrorname_np(-t.done_error) : "none", t.lo_index);
    ask(s, RTM_GETADDR, NLM_F_REQUEST | NLM_F_DUMP, 92, AF_UNSPEC, 1);
    collect(s, 92, port, &t);
    printf("strict address dump of index 1: done %d lo %d others %d\n", t.done, t.lo,
           t.families[0] + t.families[1] + t.families[2] - t.lo);
    printf("NETLINK_ADD_MEMBERSHIP(RTNLGRP_LINK): %s\n",
           res(setsockopt(s, SOL_NETLINK, NETLINK_ADD_MEMBERSHIP, &one, sizeof one)));
    printf("unknown SOL_NETLINK option: %s\n", res(setsockopt(s, SOL_NETLINK, 999, &one, sizeof one)));
    close(s);
    close(s2);
}

int main(void) {
    setvbuf(stdout, NULL, _IOLBF, 0);
    interfaces();
    addrinfo();
    ioctls(AF_UNIX, SOCK_DGRAM, "unix");
    ioctls(AF_NETLINK, SOCK_RAW, "netlink");
    netlink();
    printf("done\n");
    return 0;
}
