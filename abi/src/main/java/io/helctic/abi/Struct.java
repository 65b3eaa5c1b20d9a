package io.helctic.abi;

import java.nio.ByteBuffer;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * The structures that cross boundary 2, laid out per ISA as Linux's uapi headers lay them out
 * for that ISA (x86-64's own, and asm-generic's for AArch64 and RISC-V): ops write and read them
 * at these offsets, and other personalities translate from them. A test compiles, for each ISA,
 * static assertions of every field's offset and size against that ISA's kernel headers (the
 * host's gcc for x86-64, Debian's cross compilers for the others).
 */
public enum Struct {
    /** asm/stat.h: x86-64's own (st_nlink before st_mode, 144 bytes); the generic one (128) elsewhere. */
    STAT("struct stat", "asm/stat.h"),
    STATFS("struct statfs", "asm/statfs.h"),
    STATX("struct statx", "linux/stat.h"),
    TIMESPEC("struct __kernel_timespec", "linux/time_types.h"),
    /** The kernel's struct sigaction: RISC-V has no sa_restorer. */
    SIGACTION("struct sigaction", "asm/signal.h"),
    STACK("stack_t", "asm/signal.h"),
    SIGINFO("siginfo_t", "asm/siginfo.h"),
    UTSNAME("struct new_utsname", "linux/utsname.h"),
    SYSINFO("struct sysinfo", "linux/sysinfo.h"),
    RLIMIT("struct rlimit", "linux/resource.h"),
    POLLFD("struct pollfd", "asm-generic/poll.h"),
    IOVEC("struct iovec", "linux/uio.h"),
    ROBUST_LIST_HEAD("struct robust_list_head", "linux/futex.h"),
    CLONE_ARGS("struct clone_args", "linux/sched.h"),
    /** System V shared memory's status. */
    SHMID_DS("struct shmid64_ds", "linux/shm.h"),
    /** System V semaphores' status: x86-64 keeps a padding word after each time (104 bytes), the generic one not (88). */
    SEMID_DS("struct semid64_ds", "linux/sem.h"),
    SEMBUF("struct sembuf", "linux/sem.h"),
    MSQID_DS("struct msqid64_ds", "linux/msg.h"),
    MQ_ATTR("struct mq_attr", "linux/mqueue.h");

    /** One field: where it is and how wide. */
    public record Field(int offset, int size) {
        /** Stores {@code value} here in {@code b} (little-endian, the field's width). */
        public void put(ByteBuffer b, long value) {
            switch (size) {
                case 1 -> b.put(offset, (byte) value);
                case 2 -> b.putShort(offset, (short) value);
                case 4 -> b.putInt(offset, (int) value);
                case 8 -> b.putLong(offset, value);
                default -> throw new IllegalArgumentException("a field " + size + " bytes wide");
            }
        }
    }

    /** A structure's layout on one ISA: its size and its fields by C name (a nested field as {@code a.b}). */
    public record Layout(int size, Map<String, Field> fields) {
        public Layout {
            fields = java.util.Collections.unmodifiableMap(new LinkedHashMap<>(fields));
        }

        public Field field(String name) {
            Field f = fields.get(name);
            if (f == null) throw new IllegalArgumentException("no field " + name);
            return f;
        }

        /** Stores {@code value} in field {@code name} of {@code b} (little-endian, the field's width). */
        public void put(ByteBuffer b, String name, long value) {
            field(name).put(b, value);
        }

        /** Reads field {@code name}, sign-extended from its width. */
        public long get(ByteBuffer b, String name) {
            Field f = field(name);
            return switch (f.size()) {
                case 1 -> b.get(f.offset());
                case 2 -> b.getShort(f.offset());
                case 4 -> b.getInt(f.offset());
                case 8 -> b.getLong(f.offset());
                default -> throw new IllegalArgumentException(name + " is " + f.size() + " bytes wide");
            };
        }
    }

    private final String cType;
    private final String header;

    Struct(String cType, String header) {
        this.cType = cType;
        this.header = header;
    }

    /** The C type as the kernel's uapi header declares it. */
    public String cType() { return cType; }

    /** The uapi header that declares it. */
    public String header() { return header; }

    /** The layout on {@code isa}. */
    public Layout layout(Isa isa) {
        Layout l = layouts[isa.ordinal()];
        if (l == null) { // made once per ISA (a racing second copy is the same): stat, statx and poll ask per call
            l = make(isa);
            layouts[isa.ordinal()] = l;
        }
        return l;
    }

    /** The layouts made so far, by ISA (a Layout is immutable: its fields final, its map unmodifiable). */
    private final Layout[] layouts = new Layout[Isa.values().length];

    private Layout make(Isa isa) {
        boolean x86 = isa == Isa.X86_64;
        return switch (this) {
            case STAT -> x86
                ? layout(144, "st_dev", 0, 8, "st_ino", 8, 8, "st_nlink", 16, 8, "st_mode", 24, 4, "st_uid", 28, 4,
                         "st_gid", 32, 4, "st_rdev", 40, 8, "st_size", 48, 8, "st_blksize", 56, 8, "st_blocks", 64, 8,
                         "st_atime", 72, 8, "st_atime_nsec", 80, 8, "st_mtime", 88, 8, "st_mtime_nsec", 96, 8,
                         "st_ctime", 104, 8, "st_ctime_nsec", 112, 8)
                : layout(128, "st_dev", 0, 8, "st_ino", 8, 8, "st_mode", 16, 4, "st_nlink", 20, 4, "st_uid", 24, 4,
                         "st_gid", 28, 4, "st_rdev", 32, 8, "st_size", 48, 8, "st_blksize", 56, 4, "st_blocks", 64, 8,
                         "st_atime", 72, 8, "st_atime_nsec", 80, 8, "st_mtime", 88, 8, "st_mtime_nsec", 96, 8,
                         "st_ctime", 104, 8, "st_ctime_nsec", 112, 8);
            case STATFS -> layout(120, "f_type", 0, 8, "f_bsize", 8, 8, "f_blocks", 16, 8, "f_bfree", 24, 8,
                         "f_bavail", 32, 8, "f_files", 40, 8, "f_ffree", 48, 8, "f_fsid", 56, 8, "f_namelen", 64, 8,
                         "f_frsize", 72, 8, "f_flags", 80, 8);
            case STATX -> layout(256, "stx_mask", 0, 4, "stx_blksize", 4, 4, "stx_attributes", 8, 8, "stx_nlink", 16, 4,
                         "stx_uid", 20, 4, "stx_gid", 24, 4, "stx_mode", 28, 2, "stx_ino", 32, 8, "stx_size", 40, 8,
                         "stx_blocks", 48, 8, "stx_attributes_mask", 56, 8, "stx_atime.tv_sec", 64, 8,
                         "stx_atime.tv_nsec", 72, 4, "stx_btime.tv_sec", 80, 8, "stx_btime.tv_nsec", 88, 4,
                         "stx_ctime.tv_sec", 96, 8, "stx_ctime.tv_nsec", 104, 4, "stx_mtime.tv_sec", 112, 8,
                         "stx_mtime.tv_nsec", 120, 4, "stx_rdev_major", 128, 4, "stx_rdev_minor", 132, 4,
                         "stx_dev_major", 136, 4, "stx_dev_minor", 140, 4, "stx_mnt_id", 144, 8);
            case TIMESPEC -> layout(16, "tv_sec", 0, 8, "tv_nsec", 8, 8);
            case SIGACTION -> isa == Isa.RISCV64
                ? layout(24, "sa_handler", 0, 8, "sa_flags", 8, 8, "sa_mask", 16, 8)
                : layout(32, "sa_handler", 0, 8, "sa_flags", 8, 8, "sa_restorer", 16, 8, "sa_mask", 24, 8);
            case STACK -> layout(24, "ss_sp", 0, 8, "ss_flags", 8, 4, "ss_size", 16, 8);
            case SIGINFO -> layout(128, "si_signo", 0, 4, "si_errno", 4, 4, "si_code", 8, 4);
            case UTSNAME -> layout(390, "sysname", 0, 65, "nodename", 65, 65, "release", 130, 65, "version", 195, 65,
                         "machine", 260, 65, "domainname", 325, 65);
            case SYSINFO -> layout(112, "uptime", 0, 8, "loads", 8, 24, "totalram", 32, 8, "freeram", 40, 8,
                         "sharedram", 48, 8, "bufferram", 56, 8, "totalswap", 64, 8, "freeswap", 72, 8, "procs", 80, 2,
                         "totalhigh", 88, 8, "freehigh", 96, 8, "mem_unit", 104, 4);
            case RLIMIT -> layout(16, "rlim_cur", 0, 8, "rlim_max", 8, 8);
            case POLLFD -> layout(8, "fd", 0, 4, "events", 4, 2, "revents", 6, 2);
            case IOVEC -> layout(16, "iov_base", 0, 8, "iov_len", 8, 8);
            case ROBUST_LIST_HEAD -> layout(24, "list", 0, 8, "futex_offset", 8, 8, "list_op_pending", 16, 8);
            case CLONE_ARGS -> layout(88, "flags", 0, 8, "pidfd", 8, 8, "child_tid", 16, 8, "parent_tid", 24, 8,
                         "exit_signal", 32, 8, "stack", 40, 8, "stack_size", 48, 8, "tls", 56, 8, "set_tid", 64, 8,
                         "set_tid_size", 72, 8, "cgroup", 80, 8);
            case SHMID_DS -> withPerm("shm_perm", 112, "shm_segsz", 48, 8, "shm_atime", 56, 8, "shm_dtime", 64, 8,
                         "shm_ctime", 72, 8, "shm_cpid", 80, 4, "shm_lpid", 84, 4, "shm_nattch", 88, 8);
            case SEMID_DS -> x86
                ? withPerm("sem_perm", 104, "sem_otime", 48, 8, "sem_ctime", 64, 8, "sem_nsems", 80, 8)
                : withPerm("sem_perm", 88, "sem_otime", 48, 8, "sem_ctime", 56, 8, "sem_nsems", 64, 8);
            case SEMBUF -> layout(6, "sem_num", 0, 2, "sem_op", 2, 2, "sem_flg", 4, 2);
            case MSQID_DS -> withPerm("msg_perm", 120, "msg_stime", 48, 8, "msg_rtime", 56, 8, "msg_ctime", 64, 8,
                         "msg_cbytes", 72, 8, "msg_qnum", 80, 8, "msg_qbytes", 88, 8, "msg_lspid", 96, 4, "msg_lrpid", 100, 4);
            case MQ_ATTR -> layout(64, "mq_flags", 0, 8, "mq_maxmsg", 8, 8, "mq_msgsize", 16, 8, "mq_curmsgs", 24, 8);
        };
    }

    /** A System V status structure: its struct ipc64_perm first (48 bytes), then these fields. */
    private static Layout withPerm(String perm, int size, Object... triples) {
        Object[] all = new Object[21 + triples.length];
        Object[] head = {perm + ".key", 0, 4, perm + ".uid", 4, 4, perm + ".gid", 8, 4, perm + ".cuid", 12, 4,
                perm + ".cgid", 16, 4, perm + ".mode", 20, 4, perm + ".seq", 24, 2};
        System.arraycopy(head, 0, all, 0, 21);
        System.arraycopy(triples, 0, all, 21, triples.length);
        return layout(size, all);
    }

    /** A layout from (name, offset, size) triples. */
    private static Layout layout(int size, Object... triples) {
        Map<String, Field> m = new LinkedHashMap<>();
        for (int i = 0; i < triples.length; i += 3) {
            m.put((String) triples[i], new Field((Integer) triples[i + 1], (Integer) triples[i + 2]));
        }
        return new Layout(size, m);
    }
}
