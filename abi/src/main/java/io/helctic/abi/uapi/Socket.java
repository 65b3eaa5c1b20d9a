package io.helctic.abi.uapi;

/**
 * Sockets: Linux's {@code <linux/socket.h>}, {@code <asm-generic/socket.h>}, {@code <linux/un.h>},
 * {@code <linux/in.h>}, {@code <linux/in6.h>}, {@code <linux/tcp.h>}, {@code <linux/netlink.h>},
 * {@code <linux/rtnetlink.h>}, {@code <linux/if_link.h>}, {@code <linux/if_addr.h>}, {@code <linux/if.h>},
 * {@code <linux/if_arp.h>}, {@code <linux/route.h>}, {@code <linux/ipv6_route.h>} and {@code <linux/sockios.h>},
 * as x86-64 numbers them.
 */
public final class Socket {
    private Socket() {}

    public static final int AF_UNSPEC = 0;
    public static final int AF_UNIX = 1;
    public static final int AF_INET = 2;
    public static final int AF_INET6 = 10;
    public static final int AF_NETLINK = 16;
    public static final int AF_PACKET = 17;

    public static final int SOCK_STREAM = 1;
    public static final int SOCK_DGRAM = 2;
    public static final int SOCK_RAW = 3;
    public static final int SOCK_RDM = 4;
    public static final int SOCK_SEQPACKET = 5;
    public static final int SOCK_NONBLOCK = 04000;
    public static final int SOCK_CLOEXEC = 02000000;

    public static final int SHUT_RD = 0;
    public static final int SHUT_WR = 1;
    public static final int SHUT_RDWR = 2;

    public static final int MSG_OOB = 0x1;
    public static final int MSG_PEEK = 0x2;
    public static final int MSG_DONTROUTE = 0x4;
    public static final int MSG_CTRUNC = 0x8;
    public static final int MSG_TRUNC = 0x20;
    public static final int MSG_DONTWAIT = 0x40;
    public static final int MSG_EOR = 0x80;
    public static final int MSG_WAITALL = 0x100;
    public static final int MSG_ERRQUEUE = 0x2000;
    public static final int MSG_NOSIGNAL = 0x4000;
    public static final int MSG_MORE = 0x8000;
    public static final int MSG_WAITFORONE = 0x10000;
    public static final int MSG_CMSG_CLOEXEC = 0x40000000;

    public static final int SOL_SOCKET = 1;
    public static final int SO_DEBUG = 1;
    public static final int SO_REUSEADDR = 2;
    public static final int SO_TYPE = 3;
    public static final int SO_ERROR = 4;
    public static final int SO_DONTROUTE = 5;
    public static final int SO_BROADCAST = 6;
    public static final int SO_SNDBUF = 7;
    public static final int SO_RCVBUF = 8;
    public static final int SO_KEEPALIVE = 9;
    public static final int SO_OOBINLINE = 10;
    public static final int SO_NO_CHECK = 11;
    public static final int SO_PRIORITY = 12;
    public static final int SO_LINGER = 13;
    public static final int SO_REUSEPORT = 15;
    public static final int SO_PASSCRED = 16;
    public static final int SO_PEERCRED = 17;
    public static final int SO_RCVLOWAT = 18;
    public static final int SO_SNDLOWAT = 19;
    public static final int SO_RCVTIMEO = 20;
    public static final int SO_SNDTIMEO = 21;
    public static final int SO_BINDTODEVICE = 25;
    public static final int SO_TIMESTAMP = 29;
    public static final int SO_ACCEPTCONN = 30;
    public static final int SO_PEERSEC = 31;
    public static final int SO_SNDBUFFORCE = 32;
    public static final int SO_RCVBUFFORCE = 33;
    public static final int SO_PASSSEC = 34;
    public static final int SO_MARK = 36;
    public static final int SO_PROTOCOL = 38;
    public static final int SO_DOMAIN = 39;
    public static final int SO_PEEK_OFF = 42;
    public static final int SO_BUSY_POLL = 46;
    public static final int SO_INCOMING_CPU = 49;
    public static final int SO_COOKIE = 57;
    public static final int SO_PEERGROUPS = 59;

    public static final int SCM_RIGHTS = 1;
    public static final int SCM_CREDENTIALS = 2;

    /** The most descriptors one SCM_RIGHTS message carries (linux/net/scm.h SCM_MAX_FD). */
    public static final int SCM_MAX_FD = 253;

    public static final int IPPROTO_IP = 0;
    public static final int IPPROTO_ICMP = 1;
    public static final int IPPROTO_TCP = 6;
    public static final int IPPROTO_UDP = 17;
    public static final int IPPROTO_IPV6 = 41;
    public static final int IPPROTO_ICMPV6 = 58;
    public static final int IPPROTO_RAW = 255;

    public static final int IP_TOS = 1;
    public static final int IP_TTL = 2;
    public static final int IP_HDRINCL = 3;
    public static final int IP_OPTIONS = 4;
    public static final int IP_PKTINFO = 8;
    public static final int IP_RECVERR = 11;
    public static final int IP_MTU_DISCOVER = 10;
    public static final int IP_MULTICAST_IF = 32;
    public static final int IP_MULTICAST_TTL = 33;
    public static final int IP_MULTICAST_LOOP = 34;
    public static final int IP_ADD_MEMBERSHIP = 35;
    public static final int IP_DROP_MEMBERSHIP = 36;

    public static final int IPV6_UNICAST_HOPS = 16;
    public static final int IPV6_MULTICAST_IF = 17;
    public static final int IPV6_MULTICAST_HOPS = 18;
    public static final int IPV6_MULTICAST_LOOP = 19;
    public static final int IPV6_RECVERR = 25;
    public static final int IPV6_V6ONLY = 26;
    public static final int IPV6_RECVPKTINFO = 49;
    public static final int IPV6_TCLASS = 67;

    public static final int TCP_NODELAY = 1;
    public static final int TCP_MAXSEG = 2;
    public static final int TCP_CORK = 3;
    public static final int TCP_KEEPIDLE = 4;
    public static final int TCP_KEEPINTVL = 5;
    public static final int TCP_KEEPCNT = 6;
    public static final int TCP_INFO = 11;
    public static final int TCP_QUICKACK = 12;
    public static final int TCP_CONGESTION = 13;
    public static final int TCP_USER_TIMEOUT = 18;
    public static final int TCP_FASTOPEN = 23;

    public static final int NETLINK_ROUTE = 0;

    public static final int NLM_F_REQUEST = 0x01;
    public static final int NLM_F_MULTI = 0x02;
    public static final int NLM_F_ACK = 0x04;
    public static final int NLM_F_ROOT = 0x100;
    public static final int NLM_F_MATCH = 0x200;
    public static final int NLM_F_DUMP = 0x300;
    public static final int NLMSG_NOOP = 0x1;
    public static final int NLMSG_ERROR = 0x2;
    public static final int NLMSG_DONE = 0x3;

    public static final int NLM_F_ECHO = 0x08;
    public static final int NLM_F_DUMP_INTR = 0x10;
    public static final int NLM_F_DUMP_FILTERED = 0x20;
    /** In an acknowledgement: the request is not appended (NLM_F_ROOT's bit). */
    public static final int NLM_F_CAPPED = 0x100;
    public static final int NLM_F_ACK_TLVS = 0x200;
    public static final int NLMSG_OVERRUN = 0x4;
    /** Types below it are control messages; the families' own start here. */
    public static final int NLMSG_MIN_TYPE = 0x10;
    /** sizeof(struct nlmsghdr), aligned. */
    public static final int NLMSG_HDRLEN = 16;

    /** The number of netlink protocols a socket may name (MAX_LINKS). */
    public static final int MAX_LINKS = 32;

    public static final int SOL_NETLINK = 270;
    public static final int NETLINK_ADD_MEMBERSHIP = 1;
    public static final int NETLINK_DROP_MEMBERSHIP = 2;
    public static final int NETLINK_PKTINFO = 3;
    public static final int NETLINK_BROADCAST_ERROR = 4;
    public static final int NETLINK_NO_ENOBUFS = 5;
    public static final int NETLINK_LISTEN_ALL_NSID = 8;
    public static final int NETLINK_LIST_MEMBERSHIPS = 9;
    public static final int NETLINK_CAP_ACK = 10;
    public static final int NETLINK_EXT_ACK = 11;
    public static final int NETLINK_GET_STRICT_CHK = 12;

    public static final int RTM_BASE = 16;
    public static final int RTM_NEWLINK = 16;
    public static final int RTM_DELLINK = 17;
    public static final int RTM_GETLINK = 18;
    public static final int RTM_SETLINK = 19;
    public static final int RTM_NEWADDR = 20;
    public static final int RTM_DELADDR = 21;
    public static final int RTM_GETADDR = 22;
    public static final int RTM_NEWROUTE = 24;
    public static final int RTM_DELROUTE = 25;
    public static final int RTM_GETROUTE = 26;
    /** The last rtnetlink message type (Linux 6.1's headers). */
    public static final int RTM_MAX = 123;
    /** The last rtnetlink multicast group (Linux 6.1's headers). */
    public static final int RTNLGRP_MAX = 36;

    // struct ifinfomsg's attributes (linux/if_link.h)
    public static final int IFLA_ADDRESS = 1;
    public static final int IFLA_BROADCAST = 2;
    public static final int IFLA_IFNAME = 3;
    public static final int IFLA_MTU = 4;
    public static final int IFLA_LINK = 5;
    public static final int IFLA_QDISC = 6;
    public static final int IFLA_STATS = 7;
    public static final int IFLA_MASTER = 10;
    public static final int IFLA_TXQLEN = 13;
    public static final int IFLA_OPERSTATE = 16;
    public static final int IFLA_LINKMODE = 17;
    public static final int IFLA_LINKINFO = 18;
    public static final int IFLA_IFALIAS = 20;
    public static final int IFLA_STATS64 = 23;
    public static final int IFLA_GROUP = 27;
    public static final int IFLA_EXT_MASK = 29;
    public static final int IFLA_PROMISCUITY = 30;
    public static final int IFLA_NUM_TX_QUEUES = 31;
    public static final int IFLA_NUM_RX_QUEUES = 32;
    public static final int IFLA_CARRIER = 33;
    public static final int IFLA_CARRIER_CHANGES = 35;
    public static final int IFLA_PROTO_DOWN = 39;
    public static final int IFLA_CARRIER_UP_COUNT = 47;
    public static final int IFLA_CARRIER_DOWN_COUNT = 48;
    public static final int IFLA_ALT_IFNAME = 53;
    public static final int RTEXT_FILTER_VF = 1;
    public static final int RTEXT_FILTER_SKIP_STATS = 8;

    // struct ifaddrmsg's attributes and flags (linux/if_addr.h)
    public static final int IFA_ADDRESS = 1;
    public static final int IFA_LOCAL = 2;
    public static final int IFA_LABEL = 3;
    public static final int IFA_BROADCAST = 4;
    public static final int IFA_CACHEINFO = 6;
    public static final int IFA_FLAGS = 8;
    public static final int IFA_F_SECONDARY = 0x01;
    public static final int IFA_F_NODAD = 0x02;
    public static final int IFA_F_DEPRECATED = 0x20;
    public static final int IFA_F_TENTATIVE = 0x40;
    public static final int IFA_F_PERMANENT = 0x80;

    // struct rtmsg's attributes and fields (linux/rtnetlink.h)
    public static final int RTA_DST = 1;
    public static final int RTA_SRC = 2;
    public static final int RTA_OIF = 4;
    public static final int RTA_GATEWAY = 5;
    public static final int RTA_PRIORITY = 6;
    public static final int RTA_PREFSRC = 7;
    public static final int RTA_CACHEINFO = 12;
    public static final int RTA_TABLE = 15;
    public static final int RTA_PREF = 20;
    public static final int RTN_UNSPEC = 0;
    public static final int RTN_UNICAST = 1;
    public static final int RTN_LOCAL = 2;
    public static final int RTN_BROADCAST = 3;
    public static final int RTN_ANYCAST = 4;
    public static final int RTN_MULTICAST = 5;
    public static final int RTN_UNREACHABLE = 7;
    public static final int RTPROT_UNSPEC = 0;
    public static final int RTPROT_KERNEL = 2;
    public static final int RTPROT_BOOT = 3;
    public static final int RTPROT_RA = 9;
    public static final int RT_SCOPE_UNIVERSE = 0;
    public static final int RT_SCOPE_SITE = 200;
    public static final int RT_SCOPE_LINK = 253;
    public static final int RT_SCOPE_HOST = 254;
    public static final int RT_TABLE_UNSPEC = 0;
    public static final int RT_TABLE_MAIN = 254;
    public static final int RT_TABLE_LOCAL = 255;
    /** rtm_flags of a FIB dump request: the cached routes, the prefix routes. */
    public static final int RTM_F_CLONED = 0x200;
    public static final int RTM_F_PREFIX = 0x800;
    // a route's flags as /proc/net/route and /proc/net/ipv6_route print them (linux/route.h, linux/ipv6_route.h)
    public static final int RTF_GATEWAY = 0x0002;
    public static final int RTF_REJECT = 0x0200;
    public static final int RTF_DEFAULT = 0x00010000;
    public static final int RTF_ADDRCONF = 0x00040000;
    public static final int RTF_ANYCAST = 0x00100000;
    public static final int RTF_CACHE = 0x01000000;
    public static final int RTF_PREF_MASK = 0x18000000;
    public static final int RTF_LOCAL = 0x80000000;
    /** A route's nexthop whose device has no carrier (rtm_flags). */
    public static final int RTNH_F_LINKDOWN = 0x10;
    /** The text of an error's extended acknowledgement (struct nlmsgerr's TLVs). */
    public static final int NLMSGERR_ATTR_MSG = 1;

    // interface flags (linux/if.h) and hardware types (linux/if_arp.h)
    public static final int IFF_UP = 0x1;
    public static final int IFF_BROADCAST = 0x2;
    public static final int IFF_LOOPBACK = 0x8;
    public static final int IFF_POINTOPOINT = 0x10;
    public static final int IFF_RUNNING = 0x40;
    public static final int IFF_NOARP = 0x80;
    public static final int IFF_PROMISC = 0x100;
    public static final int IFF_MULTICAST = 0x1000;
    public static final int IFF_LOWER_UP = 0x10000;
    public static final int IFF_DORMANT = 0x20000;
    public static final int IFNAMSIZ = 16;
    public static final int ARPHRD_ETHER = 1;
    public static final int ARPHRD_LOOPBACK = 772;
    public static final int ARPHRD_NONE = 0xfffe;

    /** FIONREAD under its socket name: bytes waiting to be read. */
    public static final int SIOCINQ = 0x541B;
    /** TIOCOUTQ under its socket name: bytes sent and not yet read (or acknowledged). */
    public static final int SIOCOUTQ = 0x5411;
    public static final int SIOCGIFNAME = 0x8910;
    public static final int SIOCGIFCONF = 0x8912;
    public static final int SIOCGIFFLAGS = 0x8913;
    public static final int SIOCGIFADDR = 0x8915;
    public static final int SIOCGIFNETMASK = 0x891b;
    public static final int SIOCGIFBRDADDR = 0x8919;
    public static final int SIOCGIFMTU = 0x8921;
    public static final int SIOCGIFHWADDR = 0x8927;
    public static final int SIOCGIFINDEX = 0x8933;
    public static final int SIOCGIFTXQLEN = 0x8942;

    /** sizeof(struct sockaddr_un), sizeof(struct sockaddr_in), sizeof(struct sockaddr_in6), sizeof(struct sockaddr_nl). */
    public static final int SOCKADDR_UN_SIZE = 110;
    public static final int SOCKADDR_IN_SIZE = 16;
    public static final int SOCKADDR_IN6_SIZE = 28;
    public static final int SOCKADDR_NL_SIZE = 12;
    /** sizeof(struct sockaddr_storage). */
    public static final int SOCKADDR_STORAGE_SIZE = 128;
    /** sizeof(struct msghdr) and sizeof(struct mmsghdr) on x86-64. */
    public static final int MSGHDR_SIZE = 56;
    public static final int MMSGHDR_SIZE = 64;
}
