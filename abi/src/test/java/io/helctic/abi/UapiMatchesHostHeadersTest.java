package io.helctic.abi;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assumptions.assumeThat;

import io.helctic.abi.uapi.Uapi;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The constants of io.helctic.abi.uapi are Linux's: a C program compiled against this host's
 * own headers (glibc's and the kernel's uapi headers) compares every one the headers define with
 * the value personality.h carries.
 */
class UapiMatchesHostHeadersTest {

    /** Constants the host's C headers do not define as the kernel does, and why. */
    static final Map<String, String> NOT_IN_HOST_HEADERS = Map.ofEntries(
        e("MINSIGSTKSZ", "glibc's _GNU_SOURCE makes it sysconf(_SC_MINSIGSTKSZ); the kernel's is asm/signal.h's 2048"),
        e("NSIG", "glibc's NSIG counts signal 0 (65); the kernel's _NSIG is 64"),
        e("SIGRTMIN", "glibc's SIGRTMIN is a call (it keeps two for itself); the kernel's is asm/signal.h's 32"),
        e("O_LARGEFILE", "glibc defines it as 0 on x86-64; the kernel's bit is asm-generic/fcntl.h's 0100000"),
        e("SA_RESTORER", "glibc keeps it to itself; asm/signal.h has 0x04000000"),
        e("SS_AUTODISARM", "not in glibc 2.36; linux/signal.h has 1U << 31"),
        e("EPOLL_EVENT_SIZE", "the size of x86-64's packed struct epoll_event, not a macro"),
        e("SYS_SECCOMP", "asm-generic/siginfo.h's, which glibc's signal.h does not let in beside its own"),
        e("TICK_NSEC", "linux/jiffies.h's, from the kernel's HZ (250 here), not a uapi macro"),
        e("EP_MAX_EVENTS", "fs/eventpoll.c's own limit, not in a uapi header"),
        e("F_DUPFD_QUERY", "linux/fcntl.h's (6.10), not in glibc's fcntl.h, and the two cannot be included together"),
        e("F_CREATED_QUERY", "linux/fcntl.h's (6.12), not in glibc's fcntl.h, and the two cannot be included together"),
        e("F_GETOWNER_UIDS", "asm-generic/fcntl.h's, not in glibc's fcntl.h"),
        e("F_OWNER_TID", "glibc's fcntl.h has it as a member of enum __pid_type, not a macro (asm-generic/fcntl.h: 0)"),
        e("F_OWNER_PID", "glibc's fcntl.h has it as a member of enum __pid_type, not a macro (asm-generic/fcntl.h: 1)"),
        e("F_OWNER_PGRP", "glibc's fcntl.h has it as a member of enum __pid_type, not a macro (asm-generic/fcntl.h: 2)"),
        e("SIGINFO_SIZE", "sizeof(siginfo_t), not a macro"),
        e("MPOL_WEIGHTED_INTERLEAVE", "Linux 6.9; this host's linux/mempolicy.h is older (its MPOL_MAX is 6)"),
        e("MADV_GUARD_INSTALL", "Linux 6.13; this host's asm-generic/mman-common.h is older"),
        e("SCHED_ATTR_SIZE_VER0", "the kernel's linux/sched/types.h, which cannot be included beside glibc's sched.h (struct sched_param twice), defines it"),
        e("SCHED_ATTR_SIZE_VER1", "the kernel's linux/sched/types.h, which cannot be included beside glibc's sched.h (struct sched_param twice), defines it"),
        e("SHMMIN", "the kernel's linux/shm.h, which cannot be included beside glibc's sys/shm.h, defines it"),
        e("SHMMAX", "the kernel's linux/shm.h, which cannot be included beside glibc's sys/shm.h, defines it"),
        e("SHMALL", "the kernel's linux/shm.h, which cannot be included beside glibc's sys/shm.h, defines it"),
        e("SHMMNI", "the kernel's linux/shm.h, which cannot be included beside glibc's sys/shm.h, defines it"),
        e("MSGPOOL", "the kernel's linux/msg.h, which cannot be included beside glibc's sys/msg.h, defines it"),
        e("MSGSSZ", "the kernel's linux/msg.h, which cannot be included beside glibc's sys/msg.h, defines it"),
        e("MSGSEG", "the kernel's linux/msg.h, which cannot be included beside glibc's sys/msg.h, defines it"),
        e("SEMMNI", "the kernel's linux/sem.h, which cannot be included beside glibc's sys/sem.h, defines it"),
        e("SEMMSL", "the kernel's linux/sem.h, which cannot be included beside glibc's sys/sem.h, defines it"),
        e("SEMMNS", "the kernel's linux/sem.h, which cannot be included beside glibc's sys/sem.h, defines it"),
        e("SEMOPM", "the kernel's linux/sem.h, which cannot be included beside glibc's sys/sem.h, defines it"),
        e("SEMVMX", "the kernel's linux/sem.h, which cannot be included beside glibc's sys/sem.h, defines it"),
        e("SEMAEM", "the kernel's linux/sem.h, which cannot be included beside glibc's sys/sem.h, defines it"),
        e("MSGMAX", "the kernel's linux/msg.h, which cannot be included beside glibc's sys/msg.h, defines it"),
        e("MSGMNB", "the kernel's linux/msg.h, which cannot be included beside glibc's sys/msg.h, defines it"),
        e("MSGMNI", "the kernel's linux/msg.h, which cannot be included beside glibc's sys/msg.h, defines it"),
        e("F_SEAL_EXEC", "not in glibc 2.36; linux/fcntl.h has 0x0020"),
        e("MFD_NOEXEC_SEAL", "not in glibc 2.36; linux/memfd.h (Linux 6.3) has 0x0008"),
        e("MFD_EXEC", "not in glibc 2.36; linux/memfd.h (Linux 6.3) has 0x0010"),
        e("MQ_MSG_MAX", "/proc/sys/fs/mqueue/msg_max's default (DFLT_MSGMAX), not a uapi macro"),
        e("MQ_MSGSIZE_MAX", "/proc/sys/fs/mqueue/msgsize_max's default (DFLT_MSGSIZEMAX), not a uapi macro"),
        e("MQ_MSG_DEFAULT", "/proc/sys/fs/mqueue/msg_default's default (DFLT_MSG), not a uapi macro"),
        e("MQ_MSGSIZE_DEFAULT", "/proc/sys/fs/mqueue/msgsize_default's default (DFLT_MSGSIZE), not a uapi macro"),
        e("MQ_QUEUES_MAX", "/proc/sys/fs/mqueue/queues_max's default (DFLT_QUEUESMAX), not a uapi macro"),
        e("HARD_MSGMAX", "ipc_namespace.h's, not a uapi header"),
        e("HARD_MSGSIZEMAX", "ipc_namespace.h's, not a uapi header"),
        e("MQ_NAME_MAX", "NAME_MAX under another name: mq_open's limit on a name"),
        e("SIGEVENT_SIZE", "sizeof(struct sigevent), not a macro"),
        e("MFD_NAME_MAX", "mm/memfd.c's own limit (NAME_MAX less the memfd: prefix), not a uapi macro"),
        e("SCM_MAX_FD", "linux/net/scm.h's, not a uapi header"),
        e("SOCKADDR_UN_SIZE", "sizeof(struct sockaddr_un), not a macro"),
        e("SOCKADDR_IN_SIZE", "sizeof(struct sockaddr_in), not a macro"),
        e("SOCKADDR_IN6_SIZE", "sizeof(struct sockaddr_in6), not a macro"),
        e("SOCKADDR_NL_SIZE", "sizeof(struct sockaddr_nl), not a macro"),
        e("SOCKADDR_STORAGE_SIZE", "sizeof(struct sockaddr_storage), not a macro"),
        e("MSGHDR_SIZE", "sizeof(struct msghdr), not a macro"),
        e("MMSGHDR_SIZE", "sizeof(struct mmsghdr), not a macro"),
        e("RWF_ATOMIC", "not in glibc 2.36; linux/fs.h (Linux 6.11) has 0x00000040"),
        e("RWF_DONTCACHE", "not in glibc 2.36; linux/fs.h (Linux 6.14) has 0x00000080"),
        e("RWF_NOSIGNAL", "not in glibc 2.36; linux/fs.h (Linux 6.18) has 0x00000100"),
        e("STATX_MNT_ID_UNIQUE", "not in glibc 2.36; linux/stat.h (Linux 6.8) has 0x00004000"),
        e("STATX_CHANGE_COOKIE", "kernel-internal (include/linux/stat.h), which statx masks off a request"),
        e("IOCB_SIZE", "sizeof(struct iocb), not a macro"),
        e("IO_EVENT_SIZE", "sizeof(struct io_event), not a macro"),
        e("AIO_RING_HEADER_SIZE", "sizeof fs/aio.c's struct aio_ring, not in a uapi header"),
        e("AIO_RING_MAGIC", "fs/aio.c's own, not in a uapi header"),
        e("AIO_RING_COMPAT_FEATURES", "fs/aio.c's own, not in a uapi header"),
        e("AIO_RING_INCOMPAT_FEATURES", "fs/aio.c's own, not in a uapi header"),
        e("AIO_MAX_NR_DEFAULT", "fs/aio.c's initial aio_max_nr, not a macro"),
        e("FUTEX2_SIZE_U8", "not in this host's linux/futex.h (Linux 6.7 uapi); the kernel's is 0x00"),
        e("FUTEX2_SIZE_U16", "not in this host's linux/futex.h (Linux 6.7 uapi); the kernel's is 0x01"),
        e("FUTEX2_SIZE_U32", "not in this host's linux/futex.h (Linux 6.7 uapi); the kernel's is 0x02"),
        e("FUTEX2_SIZE_U64", "not in this host's linux/futex.h (Linux 6.7 uapi); the kernel's is 0x03"),
        e("FUTEX2_NUMA", "not in this host's linux/futex.h (Linux 6.7 uapi); the kernel's is 0x04"),
        e("FUTEX2_MPOL", "not in this host's linux/futex.h (Linux 6.7 uapi); the kernel's is 0x08 (Linux 6.16)"),
        e("FUTEX2_PRIVATE", "not in this host's linux/futex.h (Linux 6.7 uapi); the kernel's is FUTEX_PRIVATE_FLAG"),
        e("FUTEX2_SIZE_MASK", "not in this host's linux/futex.h (Linux 6.7 uapi); the kernel's is 0x03"),
        e("FUTEX_NO_NODE", "not in this host's linux/futex.h (Linux 6.7 uapi); the kernel's is (-1)"),
        e("OPEN_HOW_SIZE_VER0", "fs/internal.h's (the first struct open_how), not a uapi macro"),
        e("FUTEX_WAITV_SIZE", "sizeof(struct futex_waitv), not a macro"));

    private static Map.Entry<String, String> e(String name, String reason) {
        return Map.entry(name, reason);
    }

    /** Names glibc declares as enum constants, not macros: compared without #ifdef. */
    static final List<String> ENUMS = List.of("P_ALL", "P_PID", "P_PGID", "P_PIDFD", "MEMBARRIER_CMD_QUERY",
            "MEMBARRIER_CMD_GLOBAL", "MEMBARRIER_CMD_GLOBAL_EXPEDITED", "MEMBARRIER_CMD_REGISTER_GLOBAL_EXPEDITED",
            "MEMBARRIER_CMD_PRIVATE_EXPEDITED", "MEMBARRIER_CMD_REGISTER_PRIVATE_EXPEDITED",
            // linux/mempolicy.h's modes
            "MPOL_DEFAULT", "MPOL_PREFERRED", "MPOL_BIND", "MPOL_INTERLEAVE", "MPOL_LOCAL", "MPOL_PREFERRED_MANY",
            // linux/ioprio.h's classes and "who" values
            "IOPRIO_CLASS_NONE", "IOPRIO_CLASS_RT", "IOPRIO_CLASS_BE", "IOPRIO_CLASS_IDLE", "IOPRIO_WHO_PROCESS",
            "IOPRIO_WHO_PGRP", "IOPRIO_WHO_USER",
            // rtnetlink's attribute, route type, scope and table numbers (most have no #define)
            "IFLA_ADDRESS", "IFLA_BROADCAST", "IFLA_IFNAME", "IFLA_MTU", "IFLA_LINK", "IFLA_QDISC", "IFLA_STATS",
            "IFLA_MASTER", "IFLA_TXQLEN", "IFLA_OPERSTATE", "IFLA_LINKMODE", "IFLA_LINKINFO", "IFLA_IFALIAS", "IFLA_STATS64",
            "IFLA_GROUP", "IFLA_EXT_MASK", "IFLA_PROMISCUITY", "IFLA_NUM_TX_QUEUES", "IFLA_NUM_RX_QUEUES",
            "IFLA_CARRIER", "IFLA_CARRIER_CHANGES", "IFLA_PROTO_DOWN", "IFLA_CARRIER_UP_COUNT",
            "IFLA_CARRIER_DOWN_COUNT", "IFLA_ALT_IFNAME", "IFA_ADDRESS", "IFA_LOCAL", "IFA_LABEL", "IFA_BROADCAST",
            "IFA_CACHEINFO", "IFA_FLAGS", "RTA_DST", "RTA_SRC", "RTA_OIF", "RTA_GATEWAY", "RTA_PRIORITY",
            "RTA_PREFSRC", "RTA_CACHEINFO", "RTA_TABLE", "RTA_PREF", "RTN_UNSPEC", "RTN_UNICAST", "RTN_LOCAL",
            "RTN_BROADCAST", "RTN_ANYCAST", "RTN_MULTICAST", "RTN_UNREACHABLE", "RT_SCOPE_UNIVERSE",
            "RT_SCOPE_SITE", "RT_SCOPE_LINK", "RT_SCOPE_HOST", "RT_TABLE_UNSPEC", "RT_TABLE_MAIN",
            "RT_TABLE_LOCAL", "NLMSGERR_ATTR_MSG", "IOCB_CMD_PREAD", "IOCB_CMD_PWRITE", "IOCB_CMD_FSYNC",
            "IOCB_CMD_FDSYNC", "IOCB_CMD_POLL", "IOCB_CMD_NOOP", "IOCB_CMD_PREADV", "IOCB_CMD_PWRITEV",
            "KCMP_FILE", "KCMP_VM", "KCMP_FILES", "KCMP_FS", "KCMP_SIGHAND", "KCMP_IO", "KCMP_SYSVSEM", "KCMP_EPOLL_TFD",
            "KCMP_TYPES");

    @Test
    void everyConstantHasTheValueTheHostHeadersGiveIt(@TempDir Path dir) throws Exception {
        Path gcc = Path.of("/usr/bin/gcc");
        if (System.getenv("CI") == null) assumeThat(Files.isExecutable(gcc)).as("gcc present").isTrue();
        Path header = dir.resolve("helctic/personality.h");
        Files.createDirectories(header.getParent());
        Files.writeString(header, HeaderGenerator.generate());
        StringBuilder c = new StringBuilder("""
            #define _GNU_SOURCE
            #include <fcntl.h>
            #include <unistd.h>
            #include <stdio.h>
            #include <signal.h>
            #include <sched.h>
            #include <time.h>
            #include <sys/mman.h>
            #include <linux/mman.h>
            #include <sys/wait.h>
            #include <sys/stat.h>
            #include <sys/ioctl.h>
            #include <sys/prctl.h>
            #include <sys/resource.h>
            #include <sys/random.h>
            #include <sys/xattr.h>
            #include <linux/futex.h>
            #include <linux/limits.h>
            #include <sys/uio.h>
            #include <poll.h>
            #include <sys/epoll.h>
            #include <sys/eventfd.h>
            #include <sys/signalfd.h>
            #include <sys/timerfd.h>
            #include <sys/inotify.h>
            #include <linux/capability.h>
            #include <sys/time.h>
            #include <sys/file.h>
            #include <sys/pidfd.h>
            #include <sys/times.h>
            #include <linux/membarrier.h>
            #include <linux/sched.h>
            #include <linux/ioprio.h>
            #include <sys/ipc.h>
            #include <sys/shm.h>
            #include <sys/sem.h>
            #include <sys/msg.h>
            #include <mqueue.h>
            #include <limits.h>
            #include <sys/socket.h>
            #include <sys/un.h>
            #include <netinet/in.h>
            #include <netinet/tcp.h>
            #include <linux/netlink.h>
            #include <linux/rtnetlink.h>
            #include <linux/seccomp.h>
            #include <linux/filter.h>
            #include <linux/sockios.h>
            #include <linux/mempolicy.h>
            #include <linux/if.h>
            #include <linux/if_arp.h>
            #include <linux/route.h>
            #include <linux/ipv6_route.h>
            #include <linux/aio_abi.h>
            #include <linux/kcmp.h>
            #include <linux/openat2.h>
            #include <helctic/personality.h>
            int main(void) {
            """);
        List<Uapi.Constant> all = Uapi.all();
        for (Uapi.Constant k : all) {
            String type = k.wide() ? "unsigned long long" : "unsigned int";
            c.append(ENUMS.contains(k.name()) ? "#if 1" : "#ifdef " + k.name()).append('\n')
             .append("    printf(\"%s %s\\n\", \"").append(k.name()).append("\", (").append(type).append(")(")
             .append(k.name()).append(") == (").append(type).append(")(HELCTIC_").append(k.name())
             .append(") ? \"same\" : \"differs\");\n")
             .append("#else\n    printf(\"%s absent\\n\", \"").append(k.name()).append("\");\n#endif\n");
        }
        c.append("    return 0;\n}\n");
        Path src = dir.resolve("uapi.c");
        Files.writeString(src, c);
        Path exe = dir.resolve("uapi");
        GeneratedHeaderTest.run(List.of(gcc.toString(), "-std=gnu11", "-w", "-I", dir.toString(), "-o", exe.toString(), src.toString()));
        Map<String, String> verdict = new TreeMap<>();
        for (String line : GeneratedHeaderTest.run(List.of(exe.toString()))) {
            String[] f = line.split(" ");
            verdict.put(f[0], f[1]);
        }
        assertThat(verdict).hasSize(all.size());
        Map<String, String> wrong = new TreeMap<>();
        verdict.forEach((name, v) -> {
            if (!v.equals("same") && !NOT_IN_HOST_HEADERS.containsKey(name)) wrong.put(name, v);
            if (v.equals("same") && NOT_IN_HOST_HEADERS.containsKey(name)) wrong.put(name, "same, but listed as an exception");
        });
        assertThat(wrong).as("constants that are not the host's (each exception needs a reason)").isEmpty();
        assertThat(verdict).as("found by the host headers").containsEntry("O_CLOEXEC", "same").containsEntry("CLONE_VM", "same");
    }
}
