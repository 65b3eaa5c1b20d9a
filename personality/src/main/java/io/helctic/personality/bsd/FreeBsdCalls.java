package io.helctic.personality.bsd;

import static io.helctic.abi.KernelOp.*;
import static io.helctic.abi.uapi.Signal.SIGCHLD;
import static io.helctic.personality.Handler.constant;
import static io.helctic.personality.Handler.op;
import static io.helctic.personality.Handler.pass;
import static io.helctic.personality.Handler.shim;

import io.helctic.personality.Handler;
import java.util.ArrayList;
import java.util.List;

/**
 * FreeBSD's own calls (amd64 numbers from its syscalls.master), laid over the 4.4BSD ones
 * {@link BsdCalls#common} knows: enough for a program to fork, wait, send and handle signals
 * (restarted or interrupted as FreeBSD does) and talk through pipes.
 */
public final class FreeBsdCalls {
    private FreeBsdCalls() {}

    /** The calls, each with its support level; shims are named methods ({@link FreeBsdShims}). */
    static List<BsdCall> calls() {
        Handler.Arg a1 = pass(0), a2 = pass(1), a3 = pass(2), zero = constant(0);
        return List.of(
            BsdCall.full(2, "fork", "-", op(CLONE, constant("SIGCHLD", SIGCHLD), zero, zero, zero, zero))
                   .withSecond(new BsdCall.Second("0 in the parent; the child returns 0 with 1", null, 0)),
            BsdCall.full(3, "read", "fd,out2,size", op(READ, a1, a2, a3)),
            BsdCall.full(6, "close", "fd", shim("a kqueue's last descriptor takes its state and helper descriptors with it",
                    FreeBsdEvents::close)),
            BsdCall.partial(7, "wait4", "int,ptr,int,ptr", "rusage is zero-filled",
                    shim("FreeBSD's option bits; the status word's signal numbers made FreeBSD's", FreeBsdShims::wait4)),
            BsdCall.full(37, "kill", "int,sig", shim("FreeBSD's signal number as the kernel's", FreeBsdShims::kill)),
            BsdCall.full(39, "getppid", "-", op(GETPPID)),
            BsdCall.partial(240, "nanosleep", "ptr,ptr", "a stop and a continue end the sleep with EINTR (FreeBSD sleeps on)",
                    op(NANOSLEEP, a1, a2)),
            BsdCall.full(340, "sigprocmask", "int,ptr,ptr",
                    shim("how 1-3 as SIG_BLOCK..SIG_SETMASK; 128-bit sets through USER_SCRATCH", FreeBsdShims::sigprocmask)),
            BsdCall.full(341, "sigsuspend", "ptr", shim("the 128-bit set through USER_SCRATCH", FreeBsdShims::sigsuspend)),
            BsdCall.full(416, "sigaction", "sig,ptr,ptr",
                    shim("FreeBSD's struct sigaction and SA_ flags as the kernel's, through USER_SCRATCH",
                         FreeBsdShims::sigaction)),
            BsdCall.full(417, "sigreturn", "ptr", op(SIGRETURN, a1)),
            BsdCall.full(542, "pipe2", "ptr,int", shim("FreeBSD's O_CLOEXEC and O_NONBLOCK", FreeBsdShims::pipe2)),
            BsdCall.partial(477, "mmap", "ptr,size,hex,hex,fd,size",
                    "MAP_ALIGNED is not honoured beyond page alignment; MAP_GUARD is a plain PROT_NONE reservation",
                    shim("FreeBSD's MAP_ flags as the kernel's", FreeBsdRuntime::mmap)),
            BsdCall.full(478, "lseek", "fd,size,int", op(LSEEK, a1, a2, a3)),
            BsdCall.full(73, "munmap", "ptr,size", op(MUNMAP, a1, a2)),
            BsdCall.full(74, "mprotect", "ptr,size,hex", op(MPROTECT, a1, a2, a3)),
            BsdCall.partial(75, "madvise", "ptr,size,int", "MADV_NOSYNC, AUTOSYNC, NOCORE, CORE and PROTECT are accepted and change nothing",
                    shim("FreeBSD's advice as the kernel's", FreeBsdRuntime::madvise)),
            BsdCall.full(165, "sysarch", "int,ptr", shim("AMD64_{GET,SET}_{FS,GS}BASE as the thread pointers", FreeBsdRuntime::sysarch)),
            BsdCall.partial(202, "__sysctl", "ptr,int,ptr,ptr,ptr,size",
                    "read-only; a few variables: kern.ostype, osrelease, osrevision, version, hostname, osreldate, usrstack, "
                    + "arandom, smp.maxcpus, proc.pathname; hw.machine, machine_arch, ncpu, pagesize, pagesizes; and name2oid",
                    shim("the variables answered from the kernel's facts", FreeBsdRuntime::sysctl)),
            BsdCall.partial(570, "__sysctlbyname", "str,size,ptr,ptr,ptr,size", "the variables __sysctl knows",
                    shim("the variables answered from the kernel's facts", FreeBsdRuntime::sysctlbyname)),
            BsdCall.full(487, "cpuset_getaffinity", "int,int,size,size,ptr",
                    shim("the kernel's CPU mask of the thread or process", FreeBsdRuntime::cpusetGetaffinity)),
            BsdCall.partial(454, "_umtx_op", "ptr,umtxop,size,ptr,ptr",
                    "waits and wakes, mutexes (PI as the kernel's PI futexes; PRIO_PROTECT without priorities), condition variables, "
                    + "rwlocks and SEM2 semaphores; robust lists taken but an owner's death does not mark its mutexes; "
                    + "no SHM registry (process-shared objects by address only) and no deprecated SEM_WAIT/SEM_WAKE",
                    shim("the word protocols of sys/umtx.h on the kernel's futexes and compare-exchange", FreeBsdUmtx::umtxOp)),
            BsdCall.partial(455, "thr_new", "ptr,int", "THR_SUSPENDED and rtp are not honoured",
                    shim("a thread started at start_func with arg, its stack and TLS; ids stored as longs", FreeBsdRuntime::thrNew)),
            BsdCall.full(431, "thr_exit", "ptr", shim("*state set to 1 and woken, then the thread ends", FreeBsdRuntime::thrExit)),
            BsdCall.full(432, "thr_self", "ptr", shim("the thread id as a long", FreeBsdRuntime::thrSelf)),
            BsdCall.full(433, "thr_kill", "int,sig", shim("FreeBSD's signal number to a thread of the process", FreeBsdRuntime::thrKill)),
            BsdCall.full(232, "clock_gettime", "int,ptr", shim("FreeBSD's clock ids as the kernel's", FreeBsdRuntime::clockGettime)),
            BsdCall.full(331, "sched_yield", "-", op(SCHED_YIELD)),
            BsdCall.full(53, "sigaltstack", "ptr,ptr", shim("FreeBSD's stack_t and SS_ flags", FreeBsdRuntime::sigaltstack)),
            BsdCall.full(253, "issetugid", "-", shim("no program runs set-id: 0", FreeBsdRuntime::issetugid)),
            BsdCall.full(563, "getrandom", "ptr,size,hex", op(GETRANDOM, a1, a2, a3)),
            BsdCall.partial(5, "open", "str,fbsd_oflags,mode", "O_SHLOCK, O_EXLOCK, O_RESOLVE_BENEATH and O_EMPTY_PATH are refused (EINVAL)",
                    shim("FreeBSD's O_ flags as the kernel's", FreeBsdFiles::open)),
            BsdCall.partial(499, "openat", "fd,str,fbsd_oflags,mode", "O_SHLOCK, O_EXLOCK, O_RESOLVE_BENEATH and O_EMPTY_PATH are refused (EINVAL)",
                    shim("FreeBSD's O_ flags as the kernel's", FreeBsdFiles::openat)),
            BsdCall.partial(551, "fstat", "fd,ptr", "st_birthtim is the change time; st_flags and st_gen are 0",
                    shim("the kernel's struct stat as FreeBSD 12's", FreeBsdFiles::fstat)),
            BsdCall.partial(552, "fstatat", "fd,str,ptr,hex", "st_birthtim is the change time; st_flags and st_gen are 0",
                    shim("FreeBSD's AT_ flags; the kernel's struct stat as FreeBSD 12's", FreeBsdFiles::fstatat)),
            BsdCall.full(554, "getdirentries", "fd,ptr,size,ptr",
                    shim("the kernel's dirent64 records as FreeBSD 12's struct dirent", FreeBsdFiles::getdirentries)),
            BsdCall.partial(92, "fcntl", "fd,int,hex", "F_DUPFD, F_DUPFD_CLOEXEC, F_GETFD, F_SETFD, F_GETFL, F_SETFL only (no locks)",
                    shim("FreeBSD's commands and O_ flags", FreeBsdFiles::fcntl)),
            BsdCall.partial(54, "ioctl", "fd,hex,hex",
                    "TIOCGWINSZ, FIONBIO, FIOCLEX, FIONCLEX; TIOCGETA says whether fd is a terminal but fills no modes; others ENOTTY",
                    shim("FreeBSD's request numbers as the kernel's", FreeBsdFiles::ioctl)),
            BsdCall.full(326, "__getcwd", "ptr,size", shim("0 on success, as FreeBSD's", FreeBsdFiles::getcwd)),
            BsdCall.full(58, "readlink", "str,ptr,size", shim("relative to the working directory", FreeBsdFiles::readlink)),
            BsdCall.full(24, "getuid", "-", op(GET_ID, zero)),
            BsdCall.full(25, "geteuid", "-", op(GET_ID, constant(1))),
            BsdCall.full(47, "getgid", "-", op(GET_ID, constant(2))),
            BsdCall.full(43, "getegid", "-", op(GET_ID, constant(3))),
            BsdCall.full(41, "dup", "fd", op(DUP, a1)),
            BsdCall.full(90, "dup2", "fd,fd", shim("the same descriptor checked; else DUP3", FreeBsdFiles::dup2)),
            BsdCall.full(12, "chdir", "str", op(CHDIR, a1)),
            BsdCall.full(13, "fchdir", "fd", op(FCHDIR, a1)),
            BsdCall.full(136, "mkdir", "str,mode", op(MKDIRAT, constant("AT_FDCWD", -100), a1, a2)),
            BsdCall.full(496, "mkdirat", "fd,str,mode", op(MKDIRAT, a1, a2, a3)),
            BsdCall.full(10, "unlink", "str", op(UNLINKAT, constant("AT_FDCWD", -100), a1, zero)),
            BsdCall.full(137, "rmdir", "str", op(UNLINKAT, constant("AT_FDCWD", -100), a1, constant("AT_REMOVEDIR", 0x200))),
            BsdCall.full(503, "unlinkat", "fd,str,hex", shim("FreeBSD's AT_REMOVEDIR", FreeBsdFiles::unlinkat)),
            BsdCall.full(128, "rename", "str,str", op(RENAMEAT, constant("AT_FDCWD", -100), a1, constant("AT_FDCWD", -100), a2, zero)),
            BsdCall.full(501, "renameat", "fd,str,fd,str", op(RENAMEAT, a1, a2, a3, pass(3), zero)),
            BsdCall.full(33, "access", "str,int", op(FACCESSAT, constant("AT_FDCWD", -100), a1, a2, zero)),
            BsdCall.full(489, "faccessat", "fd,str,int,hex", shim("FreeBSD's AT_EACCESS and AT_SYMLINK_NOFOLLOW", FreeBsdFiles::faccessat)),
            BsdCall.full(15, "chmod", "str,mode", op(FCHMODAT, constant("AT_FDCWD", -100), a1, a2, zero)),
            BsdCall.full(124, "fchmod", "fd,mode", op(FCHMODAT, a1, zero, a2, zero)),
            BsdCall.full(490, "fchmodat", "fd,str,mode,hex", shim("FreeBSD's AT_ flags", FreeBsdFiles::fchmodat)),
            BsdCall.full(16, "chown", "str,int,int", op(FCHOWNAT, constant("AT_FDCWD", -100), a1, a2, a3, zero)),
            BsdCall.full(123, "fchown", "fd,int,int", op(FCHOWNAT, a1, zero, a2, a3, zero)),
            BsdCall.full(254, "lchown", "str,int,int", op(FCHOWNAT, constant("AT_FDCWD", -100), a1, a2, a3,
                    constant("AT_SYMLINK_NOFOLLOW", 0x100))),
            BsdCall.full(491, "fchownat", "fd,str,int,int,hex", shim("FreeBSD's AT_ flags", FreeBsdFiles::fchownat)),
            BsdCall.full(9, "link", "str,str", op(LINKAT, constant("AT_FDCWD", -100), a1, constant("AT_FDCWD", -100), a2, zero)),
            BsdCall.full(495, "linkat", "fd,str,fd,str,hex", shim("FreeBSD's AT_SYMLINK_FOLLOW", FreeBsdFiles::linkat)),
            BsdCall.full(57, "symlink", "str,str", op(SYMLINKAT, a1, constant("AT_FDCWD", -100), a2)),
            BsdCall.full(502, "symlinkat", "str,fd,str", op(SYMLINKAT, a1, a2, a3)),
            BsdCall.full(500, "readlinkat", "fd,str,ptr,size", op(READLINKAT, a1, a2, a3, pass(3))),
            BsdCall.full(60, "umask", "mode", op(UMASK, a1)),
            BsdCall.full(95, "fsync", "fd", op(FSYNC, a1)),
            BsdCall.full(550, "fdatasync", "fd", op(FSYNC, a1)),
            BsdCall.full(480, "ftruncate", "fd,size", op(FTRUNCATE, a1, a2)),
            BsdCall.full(479, "truncate", "str,size", op(TRUNCATE, a1, a2)),
            BsdCall.full(475, "pread", "fd,out2,size,size", op(PREAD, a1, a2, a3, pass(3))),
            BsdCall.full(476, "pwrite", "fd,in2,size,size", op(PWRITE, a1, a2, a3, pass(3))),
            BsdCall.full(120, "readv", "fd,ptr,int", op(READV, a1, a2, a3, constant(-1), zero)),
            BsdCall.full(121, "writev", "fd,ptr,int", op(WRITEV, a1, a2, a3, constant(-1), zero)),
            BsdCall.full(547, "utimensat", "fd,str,ptr,hex", shim("FreeBSD's UTIME_NOW, UTIME_OMIT and AT_ flags", FreeBsdFiles::utimensat)),
            BsdCall.full(546, "futimens", "fd,ptr", shim("FreeBSD's UTIME_NOW and UTIME_OMIT", FreeBsdFiles::futimens)),
            BsdCall.partial(209, "poll", "ptr,int,int", "POLLWRBAND and POLLRDHUP keep Linux's values (FreeBSD's differ)",
                    shim("the timeout in milliseconds as the kernel's nanoseconds", FreeBsdFiles::poll)),
            BsdCall.partial(194, "getrlimit", "int,ptr", "SBSIZE, NPTS, SWAP, KQUEUES and UMTXP read as unlimited",
                    shim("FreeBSD's resource numbers", FreeBsdFiles::getrlimit)),
            BsdCall.partial(195, "setrlimit", "int,ptr", "SBSIZE, NPTS, SWAP, KQUEUES and UMTXP are accepted and not kept",
                    shim("FreeBSD's resource numbers", FreeBsdFiles::setrlimit)),
            BsdCall.full(116, "gettimeofday", "ptr,ptr", shim("the realtime clock as a struct timeval", FreeBsdFiles::gettimeofday)),
            BsdCall.full(117, "getrusage", "int,ptr", op(GETRUSAGE, a1, a2)),
            BsdCall.full(59, "execve", "str,ptr,ptr", op(EXECVE, a1, a2, a3)),
            BsdCall.full(66, "vfork", "-", op(CLONE, constant("CLONE_VM|CLONE_VFORK|SIGCHLD", 0x4100 | SIGCHLD), zero, zero, zero, zero))
                   .withSecond(new BsdCall.Second("0 in the parent; the child returns 0 with 1", null, 0)),
            BsdCall.full(147, "setsid", "-", op(SETSID)),
            BsdCall.full(81, "getpgrp", "-", op(GETPGID, zero)),
            BsdCall.full(82, "setpgid", "int,int", op(SETPGID, a1, a2)),
            BsdCall.full(207, "getpgid", "int", op(GETPGID, a1)),
            BsdCall.partial(97, "socket", "fbsd_af,socktype,int",
                    "AF_UNIX, AF_INET and AF_INET6 only (another family is EAFNOSUPPORT); the kernel's types and protocols (stream, "
                    + "datagram, seqpacket; TCP and UDP through the host; no raw sockets)",
                    shim("FreeBSD's AF_INET6 (28), SOCK_CLOEXEC and SOCK_NONBLOCK as the kernel's", FreeBsdSockets::socket)),
            BsdCall.full(135, "socketpair", "fbsd_af,socktype,int,ptr", shim("as socket; AF_UNIX only (EOPNOTSUPP otherwise)", FreeBsdSockets::socketpair)),
            BsdCall.partial(104, "bind", "fd,fbsd_sa,int",
                    "an AF_UNIX path names a socket file in the guest's root and ends at its first NUL (no abstract names: an empty path is ENOENT); an internet address longer than its family's is taken (FreeBSD requires the exact length); the host's network under --net",
                    shim("FreeBSD's struct sockaddr (sa_len, one-byte family, 104-byte sun_path) as the kernel's", FreeBsdSockets::bind)),
            BsdCall.partial(98, "connect", "fd,fbsd_sa,int",
                    "an AF_UNIX path names a socket file in the guest's root and ends at its first NUL (no abstract names: an empty path is ENOENT); an internet address longer than its family's is taken (FreeBSD requires the exact length); the host's network under --net",
                    shim("FreeBSD's struct sockaddr as the kernel's", FreeBsdSockets::connect)),
            BsdCall.full(106, "listen", "fd,int", op(LISTEN, a1, a2)),
            BsdCall.partial(30, "accept", "fd,ptr,ptr", "the new socket takes the listener's O_NONBLOCK but not its O_ASYNC or signal owner",
                    shim("the listener's O_NONBLOCK inherited; the peer's address as FreeBSD's, truncated to *anamelen, its length the stored one",
                         FreeBsdSockets::accept)),
            BsdCall.full(541, "accept4", "fd,ptr,ptr,socktype",
                    shim("SOCK_CLOEXEC and SOCK_NONBLOCK (nothing inherited); the peer's address as FreeBSD's", FreeBsdSockets::accept4)),
            BsdCall.partial(32, "getsockname", "fd,ptr,ptr", "an AF_UNIX address's sun_len is its path's length plus 3 (FreeBSD reports the bound address's own); an unnamed one is a 16-byte address",
                    shim("the address as FreeBSD's, truncated to *alen, its length the stored one", FreeBsdSockets::getsockname)),
            BsdCall.partial(31, "getpeername", "fd,ptr,ptr", "an AF_UNIX address's sun_len is its path's length plus 3 (FreeBSD reports the bound address's own); an unnamed one is a 16-byte address",
                    shim("the address as FreeBSD's, truncated to *alen, its length the stored one", FreeBsdSockets::getpeername)),
            BsdCall.partial(133, "sendto", "fd,in2,size,fbsd_msg,fbsd_sa,int",
                    "MSG_EOF is refused (EOPNOTSUPP) and SO_NOSIGPIPE is unknown (ENOPROTOOPT), so EPIPE raises SIGPIPE unless MSG_NOSIGNAL; as the kernel's sendto otherwise (no urgent data on TCP)",
                    shim("FreeBSD's MSG_ flags and struct sockaddr as the kernel's", FreeBsdSockets::sendto)),
            BsdCall.partial(29, "recvfrom", "fd,out2,size,fbsd_msg,ptr,ptr", "as the kernel's recvfrom (MSG_OOB: no urgent data on TCP)",
                    shim("FreeBSD's MSG_ flags; the sender's address as FreeBSD's, truncated to *fromlen, its length the stored one", FreeBsdSockets::recvfrom)),
            BsdCall.partial(28, "sendmsg", "fd,ptr,fbsd_msg",
                    "control messages: SOL_SOCKET/SCM_RIGHTS only (SCM_CREDS, SCM_TIMESTAMP and IP-level ones are EINVAL), at most 3896 bytes "
                    + "of them (ENOBUFS); MSG_EOF is refused (EOPNOTSUPP) and SO_NOSIGPIPE is unknown (ENOPROTOOPT), so EPIPE raises SIGPIPE unless MSG_NOSIGNAL; as sendto otherwise",
                    shim("FreeBSD's struct msghdr (int msg_iovlen, socklen_t msg_controllen), address, cmsghdrs and MSG_ flags as the kernel's", FreeBsdSockets::sendmsg)),
            BsdCall.partial(27, "recvmsg", "fd,ptr,fbsd_msg",
                    "a control message other than SCM_RIGHTS is dropped with MSG_CTRUNC (the kernel makes none for these sockets: no "
                    + "SCM_CREDS, timestamps or IP_RECVDSTADDR); msg_flags reports MSG_OOB, MSG_EOR, MSG_TRUNC and MSG_CTRUNC",
                    shim("the kernel's msghdr with FreeBSD's iovecs and control buffer; the address, cmsghdrs, msg_controllen and msg_flags rewritten as FreeBSD's",
                         FreeBsdSockets::recvmsg)),
            BsdCall.partial(105, "setsockopt", "fd,hex,hex,ptr,int",
                    "SOL_SOCKET's SO_DEBUG, SO_ACCEPTCONN, SO_REUSEADDR, SO_KEEPALIVE, SO_DONTROUTE, SO_BROADCAST, SO_LINGER, SO_OOBINLINE, SO_REUSEPORT, SO_SNDBUF, SO_RCVBUF (read back as the kernel keeps them: twice what was set), SO_SNDLOWAT, SO_RCVLOWAT, SO_SNDTIMEO/SO_RCVTIMEO 0x1005/0x1006, SO_ERROR, SO_TYPE, SO_PROTOCOL, SO_DOMAIN; IP_TOS, IP_TTL, IP_MULTICAST_TTL, IP_MULTICAST_LOOP; IPV6_V6ONLY (27), IPV6_UNICAST_HOPS, IPV6_MULTICAST_HOPS, IPV6_MULTICAST_LOOP, IPV6_TCLASS; TCP_NODELAY, TCP_MAXSEG, TCP_KEEPIDLE/TCP_KEEPINTVL/TCP_KEEPCNT (0x100/0x200/0x400); each as far as the kernel has it. Any other option or level (SO_NOSIGPIPE, SO_TIMESTAMP, LOCAL_PEERCRED, accept filters, ...) is ENOPROTOOPT",
                    shim("FreeBSD's levels, option numbers and struct timeval as the kernel's", FreeBsdSockets::setsockopt)),
            BsdCall.partial(118, "getsockopt", "fd,hex,hex,ptr,ptr",
                    "as setsockopt; a set boolean option reads back as its own bit, as FreeBSD's",
                    shim("FreeBSD's levels and option numbers as the kernel's; SO_ERROR in FreeBSD's errno numbers, struct timeval as FreeBSD's",
                         FreeBsdSockets::getsockopt)),
            BsdCall.full(134, "shutdown", "fd,int", op(SHUTDOWN, a1, a2)),
            BsdCall.partial(362, "kqueue", "-", "inherited by fork (FreeBSD's is not); closed otherwise than by close(2) (dup2 over it, "
                    + "close-on-exec) it keeps its state until its process ends",
                    shim("an epoll instance with fresh state; the state of ended processes' kqueues goes", FreeBsdEvents::kqueue)),
            BsdCall.partial(560, "kevent", "fd,ptr,int,ptr,int,ptr",
                    "EVFILT_READ, WRITE, USER, TIMER, SIGNAL and PROC (NOTE_EXIT only: NOTE_FORK, NOTE_EXEC and NOTE_TRACK are "
                    + "refused with EINVAL) only (no VNODE, AIO, PROCDESC, LIO, SENDFILE, EMPTY); READ and WRITE report no byte counts",
                    shim("registrations kept beside the kernel's epoll; user events through an eventfd, timers through timerfds, "
                         + "signals through signal counters, processes through pidfds", FreeBsdEvents::kevent)));
    }

    /** The numbers of the calls that run a shim, in the order {@link #calls} declares them. */
    public static List<Integer> shimsInDeclarationOrder() {
        List<Integer> out = new ArrayList<>();
        for (BsdCall c : calls()) if (c.handler() instanceof Handler.Translated) out.add(c.number());
        return out;
    }
}
