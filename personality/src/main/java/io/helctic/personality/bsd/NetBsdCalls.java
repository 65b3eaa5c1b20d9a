package io.helctic.personality.bsd;

import static io.helctic.abi.KernelOp.*;
import static io.helctic.abi.uapi.Signal.SIGCHLD;
import static io.helctic.personality.Handler.constant;
import static io.helctic.personality.Handler.op;
import static io.helctic.personality.Handler.pass;
import static io.helctic.personality.Handler.shim;

import io.helctic.personality.Handler;
import java.util.List;

/**
 * NetBSD's own calls (amd64 numbers from NetBSD 10's syscalls.master, versioned names as it
 * has them), laid over the 4.4BSD ones and the names of every call: what a Go program's runtime
 * and its files, threads, signals and kqueue need.
 */
public final class NetBsdCalls {
    private NetBsdCalls() {}

    /** The numbers of the calls that run a shim, in the order {@link #calls} declares them. */
    public static List<Integer> shimsInDeclarationOrder() {
        List<Integer> out = new java.util.ArrayList<>();
        for (BsdCall c : calls()) if (c.handler() instanceof Handler.Translated) out.add(c.number());
        return out;
    }

    static List<BsdCall> calls() {
        Handler.Arg a1 = pass(0), a2 = pass(1), a3 = pass(2), zero = constant(0);
        Handler.Arg cwd = constant("AT_FDCWD", -100);
        return List.of(
            BsdCall.full(2, "fork", "-", op(CLONE, constant("SIGCHLD", SIGCHLD), zero, zero, zero, zero))
                   .withSecond(new BsdCall.Second("0 in the parent; the child returns 0 with 1", null, 0)),
            BsdCall.full(3, "read", "fd,out2,size", op(READ, a1, a2, a3)),
            BsdCall.full(6, "close", "fd", shim("a kqueue's last descriptor takes its state and helper descriptors with it",
                    FreeBsdEvents::close)),
            BsdCall.partial(5, "open", "str,nbsd_oflags,mode", "O_SHLOCK, O_EXLOCK, O_SEARCH and O_REGULAR are refused (EINVAL)",
                    shim("NetBSD's O_ flags as the kernel's", NetBsdShims::open)),
            BsdCall.partial(468, "openat", "fd,str,nbsd_oflags,mode", "O_SHLOCK, O_EXLOCK, O_SEARCH and O_REGULAR are refused (EINVAL)",
                    shim("NetBSD's O_ flags as the kernel's", NetBsdShims::openat)),
            BsdCall.partial(440, "__fstat50", "fd,ptr", "st_birthtim is the change time; st_flags and st_gen are 0",
                    shim("the kernel's struct stat as NetBSD's", NetBsdShims::fstat)),
            BsdCall.partial(466, "fstatat", "fd,str,ptr,hex", "st_birthtim is the change time; st_flags and st_gen are 0",
                    shim("NetBSD's AT_ flags; the kernel's struct stat as NetBSD's", NetBsdShims::fstatat)),
            BsdCall.partial(439, "__stat50", "str,ptr", "st_birthtim is the change time", shim("as fstatat", NetBsdShims::stat)),
            BsdCall.partial(441, "__lstat50", "str,ptr", "st_birthtim is the change time", shim("as fstatat", NetBsdShims::lstat)),
            BsdCall.full(390, "__getdents30", "fd,ptr,size", shim("the kernel's dirent64 records as NetBSD's struct dirent", NetBsdShims::getdents)),
            BsdCall.partial(92, "fcntl", "fd,int,hex", "F_DUPFD, F_DUPFD_CLOEXEC, F_GETFD, F_SETFD, F_GETFL, F_SETFL only",
                    shim("NetBSD's commands and O_ flags", NetBsdShims::fcntl)),
            BsdCall.partial(54, "ioctl", "fd,hex,hex", "terminal attributes (flags the kernel lacks dropped), window size, process group, controlling terminal, FIONREAD, FIONBIO, FIOCLEX, FIONCLEX; others ENOTTY",
                    shim("NetBSD's request numbers (FreeBSD's) as the kernel's", FreeBsdFiles::ioctl)),
            BsdCall.full(296, "__getcwd", "ptr,size", shim("0 on success", FreeBsdFiles::getcwd)),
            BsdCall.full(58, "readlink", "str,ptr,size", shim("relative to the working directory", FreeBsdFiles::readlink)),
            BsdCall.full(91, "getrandom", "ptr,size,hex", op(GETRANDOM, a1, a2, a3)),
            BsdCall.full(305, "issetugid", "-", shim("no program runs set-id: 0", FreeBsdRuntime::issetugid)),
            BsdCall.full(37, "kill", "int,sig", shim("NetBSD's signal number as the kernel's", NetBsdShims::kill)),
            BsdCall.partial(340, "__sigaction_sigtramp", "sig,ptr,ptr,ptr,int", "trampoline version 2 (siginfo) only",
                    shim("NetBSD's struct sigaction; the trampoline as the kernel's sa_restorer", NetBsdShims::sigaction)),
            BsdCall.full(293, "__sigprocmask14", "int,ptr,ptr", shim("how 1-3; 128-bit sets", NetBsdShims::sigprocmask)),
            BsdCall.full(281, "__sigaltstack14", "ptr,ptr", shim("NetBSD's stack_t (FreeBSD's layout) and SS_ flags", FreeBsdRuntime::sigaltstack)),
            BsdCall.full(307, "getcontext", "ptr", op(SAVE_CONTEXT, a1)),
            BsdCall.full(308, "setcontext", "ptr", op(SIGRETURN, a1)),
            BsdCall.full(309, "_lwp_create", "ptr,hex,ptr", shim("a thread started from the ucontext", NetBsdShims::lwpCreate)),
            BsdCall.full(310, "_lwp_exit", "-", op(EXIT_THREAD, zero)),
            BsdCall.full(311, "_lwp_self", "-", op(GETTID)),
            BsdCall.full(317, "_lwp_setprivate", "ptr", op(SET_TLS, zero, a1)),
            BsdCall.full(316, "_lwp_getprivate", "-", op(GET_TLS, zero)),
            BsdCall.full(318, "_lwp_kill", "int,sig", shim("NetBSD's signal number to a thread of the process", NetBsdShims::lwpKill)),
            BsdCall.full(321, "_lwp_unpark", "int,ptr", shim("the LWP's park token (THREAD_UNPARK)", NetBsdShims::lwpUnpark)),
            BsdCall.full(322, "_lwp_unpark_all", "ptr,size,ptr",
                    shim("each LWP's park token; with no targets, LWP_UNPARK_MAX", NetBsdShims::lwpUnparkAll)),
            BsdCall.full(315, "_lwp_wakeup", "int", shim("the LWP's park interrupted (THREAD_UNPARK, interrupting)", NetBsdShims::lwpWakeup)),
            BsdCall.partial(478, "___lwp_park60", "int,hex,ptr,int,ptr,ptr",
                    "CLOCK_REALTIME and CLOCK_MONOTONIC only; a relative ts is not updated to the time left",
                    shim("THREAD_PARK after unparking unpark", NetBsdShims::lwpPark)),
            BsdCall.partial(449, "__wait450", "int,ptr,hex,ptr", "WALTSIG and WALLSIG as Linux's __WCLONE and __WALL; WTRAPPED is refused",
                    shim("NetBSD's option bits; the status word's signal numbers made NetBSD's", NetBsdShims::wait4)),
            BsdCall.full(59, "execve", "str,ptr,ptr", op(EXECVE, a1, a2, a3)),
            BsdCall.full(60, "umask", "mode", op(UMASK, a1)),
            BsdCall.full(209, "poll", "ptr,int,int", shim("NetBSD's POLLWRNORM and POLLWRBAND as the kernel's, both ways", BsdPoll::pollNetBsd)),
            BsdCall.full(437, "__pollts50", "ptr,int,ptr,ptr", shim("as poll; a struct timespec and NetBSD's 128-bit mask", BsdPoll::pollts)),
            BsdCall.full(417, "__select50", "int,ptr,ptr,ptr,ptr", shim("NetBSD's struct timeval (an int tv_usec), read, not written back", BsdPoll::selectNetBsd)),
            BsdCall.full(436, "__pselect50", "int,ptr,ptr,ptr,ptr,ptr", shim("a struct timespec and NetBSD's 128-bit mask", BsdPoll::pselectNetBsd)),
            BsdCall.full(100, "getpriority", "int,int", shim("the nice value itself, not 20 - nice", FreeBsdProcess::getpriority)),
            BsdCall.full(96, "setpriority", "int,int,int", op(SETPRIORITY, a1, a2, a3)),
            BsdCall.full(425, "__setitimer50", "int,ptr,ptr", shim("NetBSD's struct itimerval (an int tv_usec) both ways", NetBsdShims::setitimer)),
            BsdCall.full(426, "__getitimer50", "int,ptr", shim("NetBSD's struct itimerval", NetBsdShims::getitimer)),
            BsdCall.full(292, "__sigpending14", "ptr", shim("NetBSD's 128-bit set", NetBsdShims::sigpending)),
            BsdCall.partial(481, "wait6", "int,size,ptr,hex,ptr,ptr", "P_PID, P_PGID and P_ALL only; wru_children is zero; WTRAPPED is accepted and reports nothing",
                    shim("the kernel's waitid; NetBSD's status word, struct wrusage and siginfo_t", FreeBsdWaits::wait6NetBsd)),
            BsdCall.partial(431, "____sigtimedwait50", "ptr,ptr,ptr", "the timeout is not updated to the time left",
                    shim("NetBSD's set, timeout and siginfo_t", FreeBsdWaits::sigtimedwaitNetBsd)),
            BsdCall.full(57, "symlink", "str,str", op(SYMLINKAT, a1, cwd, a2)),
            BsdCall.partial(202, "__sysctl", "ptr,int,ptr,ptr,ptr,size",
                    "read-only; kern.ostype, osrelease, osrevision, version, hostname, arandom; hw.machine, ncpu, ncpuonline, pagesize",
                    shim("the variables answered from the kernel's facts", NetBsdShims::sysctl)),
            BsdCall.full(427, "__clock_gettime50", "int,ptr", shim("NetBSD's clock ids as the kernel's", NetBsdShims::clockGettime)),
            BsdCall.full(430, "__nanosleep50", "ptr,ptr", op(NANOSLEEP, a1, a2)),
            BsdCall.full(350, "sched_yield", "-", op(SCHED_YIELD)),
            BsdCall.partial(197, "mmap", "ptr,size,hex,hex,fd,hex", "MAP_ALIGNED, MAP_INHERIT, MAP_TRYFIXED, MAP_WIRED and MAP_STACK are accepted and change nothing; the offset, the seventh argument, is read from the stack",
                    shim("NetBSD's MAP_ flags as the kernel's", NetBsdShims::mmap)),
            BsdCall.full(73, "munmap", "ptr,size", op(MUNMAP, a1, a2)),
            BsdCall.full(74, "mprotect", "ptr,size,hex", op(MPROTECT, a1, a2, a3)),
            BsdCall.full(75, "madvise", "ptr,size,int", shim("NetBSD's advice (MADV_FREE 6)", NetBsdShims::madvise)),
            BsdCall.full(199, "lseek", "fd,hex,size,int", op(LSEEK, a1, a3, pass(3))),
            BsdCall.partial(344, "kqueue", "-", "closed otherwise than by close(2) (dup2 over it, "
                    + "close-on-exec) it keeps its state until its process ends",
                    shim("an epoll instance with fresh state, close-on-fork; the state of ended processes' kqueues goes", FreeBsdEvents::kqueue)),
            BsdCall.partial(435, "__kevent50", "fd,ptr,size,ptr,size,ptr",
                    "EVFILT_READ, WRITE, USER, TIMER, SIGNAL and PROC (NOTE_EXIT only: NOTE_FORK, NOTE_EXEC and NOTE_TRACK are "
                    + "refused with EINVAL) only (no AIO, VNODE, FS); READ and WRITE report no byte counts",
                    shim("NetBSD's struct kevent and filter and signal numbers; as FreeBSD's kevent", FreeBsdEvents::keventNetBsd)),
            BsdCall.full(136, "mkdir", "str,mode", op(MKDIRAT, cwd, a1, a2)),
            BsdCall.full(10, "unlink", "str", op(UNLINKAT, cwd, a1, zero)),
            BsdCall.full(137, "rmdir", "str", op(UNLINKAT, cwd, a1, constant("AT_REMOVEDIR", 0x200))),
            BsdCall.full(128, "rename", "str,str", op(RENAMEAT, cwd, a1, cwd, a2, zero)),
            BsdCall.full(33, "access", "str,int", op(FACCESSAT, cwd, a1, a2, zero)),
            BsdCall.full(15, "chmod", "str,mode", op(FCHMODAT, cwd, a1, a2, zero)),
            BsdCall.full(41, "dup", "fd", op(DUP, a1)),
            BsdCall.full(90, "dup2", "fd,fd", shim("the same descriptor checked; else DUP3", FreeBsdFiles::dup2)),
            BsdCall.full(12, "chdir", "str", op(CHDIR, a1)),
            BsdCall.full(24, "getuid", "-", op(GET_ID, zero)),
            BsdCall.full(25, "geteuid", "-", op(GET_ID, constant(1))),
            BsdCall.full(47, "getgid", "-", op(GET_ID, constant(2))),
            BsdCall.full(43, "getegid", "-", op(GET_ID, constant(3))),
            BsdCall.full(39, "getppid", "-", op(GETPPID)),
            BsdCall.partial(394, "__socket30", "nbsd_af,socktype,int",
                    "AF_UNIX, AF_INET and AF_INET6 only (another family is EAFNOSUPPORT); the kernel's types and protocols (stream, "
                    + "datagram, seqpacket; TCP and UDP through the host; no raw sockets)",
                    shim("NetBSD's AF_INET6 (24), SOCK_CLOEXEC and SOCK_NONBLOCK (SOCK_NOSIGPIPE is accepted and not honoured: a send on a broken connection still raises SIGPIPE unless MSG_NOSIGNAL) as the kernel's", NetBsdSockets::socket)),
            BsdCall.full(135, "socketpair", "nbsd_af,socktype,int,ptr", shim("as socket; AF_UNIX only (EOPNOTSUPP otherwise)", NetBsdSockets::socketpair)),
            BsdCall.partial(104, "bind", "fd,nbsd_sa,int",
                    "an AF_UNIX path names a socket file in the guest's root and ends at its first NUL (no abstract names: an empty path is ENOENT); an internet address longer than its family's is taken (NetBSD requires the exact length); the host's network under --net",
                    shim("NetBSD's struct sockaddr (sa_len, one-byte family, 104-byte sun_path) as the kernel's", NetBsdSockets::bind)),
            BsdCall.partial(98, "connect", "fd,nbsd_sa,int",
                    "an AF_UNIX path names a socket file in the guest's root and ends at its first NUL (no abstract names: an empty path is ENOENT); an internet address longer than its family's is taken (NetBSD requires the exact length); the host's network under --net",
                    shim("NetBSD's struct sockaddr as the kernel's", NetBsdSockets::connect)),
            BsdCall.full(106, "listen", "fd,int", op(LISTEN, a1, a2)),
            BsdCall.partial(30, "accept", "fd,ptr,ptr", "the new socket takes the listener's O_NONBLOCK but not its O_ASYNC or signal owner",
                    shim("the listener's O_NONBLOCK inherited; the peer's address as NetBSD's, truncated to *anamelen, its length the stored one",
                         NetBsdSockets::accept)),
            BsdCall.partial(456, "paccept", "fd,ptr,ptr,ptr,socktype",
                    "a signal mask for the wait is refused (EINVAL); SOCK_NOSIGPIPE is accepted and not honoured",
                    shim("SOCK_CLOEXEC and SOCK_NONBLOCK (nothing inherited); the peer's address as NetBSD's", NetBsdSockets::paccept)),
            BsdCall.partial(32, "getsockname", "fd,ptr,ptr", "an AF_UNIX address's sun_len is its path's length plus 3 (NetBSD reports the bound address's own); an unnamed one is a 2-byte address",
                    shim("the address as NetBSD's, truncated to *alen, its length the stored one", NetBsdSockets::getsockname)),
            BsdCall.partial(31, "getpeername", "fd,ptr,ptr", "an AF_UNIX address's sun_len is its path's length plus 3 (NetBSD reports the bound address's own); an unnamed one is a 2-byte address",
                    shim("the address as NetBSD's, truncated to *alen, its length the stored one", NetBsdSockets::getpeername)),
            BsdCall.partial(133, "sendto", "fd,in2,size,nbsd_msg,nbsd_sa,int",
                    "SO_NOSIGPIPE is unknown (ENOPROTOOPT), so EPIPE raises SIGPIPE unless MSG_NOSIGNAL; as the kernel's sendto otherwise (no urgent data on TCP)",
                    shim("NetBSD's MSG_ flags and struct sockaddr as the kernel's", NetBsdSockets::sendto)),
            BsdCall.partial(29, "recvfrom", "fd,out2,size,nbsd_msg,ptr,ptr", "as the kernel's recvfrom (MSG_OOB: no urgent data on TCP)",
                    shim("NetBSD's MSG_ flags; the sender's address as NetBSD's, truncated to *fromlen, its length the stored one", NetBsdSockets::recvfrom)),
            BsdCall.partial(28, "sendmsg", "fd,ptr,nbsd_msg",
                    "control messages: SOL_SOCKET/SCM_RIGHTS only (SCM_CREDS, SCM_TIMESTAMP and IP-level ones are EINVAL), at most 3896 bytes "
                    + "of them (ENOBUFS); SO_NOSIGPIPE is unknown (ENOPROTOOPT), so EPIPE raises SIGPIPE unless MSG_NOSIGNAL; as sendto otherwise",
                    shim("NetBSD's struct msghdr (int msg_iovlen, socklen_t msg_controllen), address, cmsghdrs and MSG_ flags as the kernel's", NetBsdSockets::sendmsg)),
            BsdCall.partial(27, "recvmsg", "fd,ptr,nbsd_msg",
                    "a control message other than SCM_RIGHTS is dropped with MSG_CTRUNC (the kernel makes none for these sockets: no "
                    + "SCM_CREDS, timestamps or IP_RECVDSTADDR); msg_flags reports MSG_OOB, MSG_EOR, MSG_TRUNC and MSG_CTRUNC",
                    shim("the kernel's msghdr with NetBSD's iovecs and control buffer; the address, cmsghdrs, msg_controllen and msg_flags rewritten as NetBSD's",
                         NetBsdSockets::recvmsg)),
            BsdCall.partial(105, "setsockopt", "fd,hex,hex,ptr,int",
                    "SOL_SOCKET's SO_DEBUG, SO_ACCEPTCONN, SO_REUSEADDR, SO_KEEPALIVE, SO_DONTROUTE, SO_BROADCAST, SO_LINGER, SO_OOBINLINE, SO_REUSEPORT, SO_SNDBUF, SO_RCVBUF (read back as the kernel keeps them: twice what was set), SO_SNDLOWAT, SO_RCVLOWAT, SO_SNDTIMEO/SO_RCVTIMEO 0x100b/0x100c (tv_usec an int), SO_ERROR, SO_TYPE; IP_TOS, IP_TTL, IP_MULTICAST_TTL, IP_MULTICAST_LOOP; IPV6_V6ONLY (27), IPV6_UNICAST_HOPS, IPV6_MULTICAST_HOPS, IPV6_MULTICAST_LOOP, IPV6_TCLASS; TCP_NODELAY, TCP_MAXSEG, TCP_KEEPIDLE/TCP_KEEPINTVL/TCP_KEEPCNT (3/5/6); each as far as the kernel has it. Any other option or level (SO_NOSIGPIPE, SO_TIMESTAMP, LOCAL_PEERCRED, accept filters, ...) is ENOPROTOOPT",
                    shim("NetBSD's levels, option numbers and struct timeval as the kernel's", NetBsdSockets::setsockopt)),
            BsdCall.partial(118, "getsockopt", "fd,hex,hex,ptr,ptr",
                    "as setsockopt; a set boolean option reads back as 1",
                    shim("NetBSD's levels and option numbers as the kernel's; SO_ERROR in NetBSD's errno numbers, struct timeval as NetBSD's",
                         NetBsdSockets::getsockopt)),
            BsdCall.full(134, "shutdown", "fd,int", op(SHUTDOWN, a1, a2)),
            BsdCall.partial(453, "pipe2", "ptr,hex", "O_NOSIGPIPE is accepted and not honoured (a write to a closed pipe still raises SIGPIPE)",
                    shim("NetBSD's O_CLOEXEC and O_NONBLOCK", NetBsdShims::pipe2)));
    }
}
