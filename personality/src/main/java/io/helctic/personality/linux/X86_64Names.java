package io.helctic.personality.linux;

/**
 * The Linux x86-64 syscall numbers, names and argument kinds: the 64-bit ABI entries
 * ("common" and "64") of the kernel's arch/x86/entry/syscalls/syscall_64.tbl up to
 * rseq_slice_yield (471). Numbers 337–423 are unassigned; 512–547 are x32-only and not
 * part of the 64-bit ABI, so they are not listed (they answer -ENOSYS as unknown numbers).
 *
 * <p>One line per syscall: {@code number name kinds [>ret] [# note]}; kinds are
 * comma-separated tokens of {@link ArgKind} ({@code -} for none), {@code inN}/{@code outN}
 * a buffer whose length is argument N (0-based). {@code >hex}, {@code >oct},
 * {@code >none} set how a trace shows the result (default decimal).
 */
final class X86_64Names {
    private X86_64Names() {}

    static final String TABLE = """
        0 read fd,out2,size
        1 write fd,in2,size
        2 open str,oflags,mode
        3 close fd
        4 stat str,ptr
        5 fstat fd,ptr
        6 lstat str,ptr
        7 poll ptr,uint,int
        8 lseek fd,off,whence
        9 mmap ptr,size,prot,mapflags,fd,off >hex
        10 mprotect ptr,size,prot
        11 munmap ptr,size
        12 brk ptr >hex
        13 rt_sigaction sig,ptr,ptr,size
        14 rt_sigprocmask int,ptr,ptr,size
        15 rt_sigreturn -
        16 ioctl fd,hex,hex
        17 pread64 fd,out2,size,off
        18 pwrite64 fd,in2,size,off
        19 readv fd,ptr,int
        20 writev fd,ptr,int
        21 access str,amode
        22 pipe ptr
        23 select int,ptr,ptr,ptr,ptr
        24 sched_yield -
        25 mremap ptr,size,size,flags,ptr >hex
        26 msync ptr,size,flags
        27 mincore ptr,size,ptr
        28 madvise ptr,size,int
        29 shmget int,size,flags
        30 shmat int,ptr,flags >hex
        31 shmctl int,int,ptr
        32 dup fd
        33 dup2 fd,fd
        34 pause -
        35 nanosleep ptr,ptr
        36 getitimer int,ptr
        37 alarm uint
        38 setitimer int,ptr,ptr
        39 getpid -
        40 sendfile fd,fd,ptr,size
        41 socket family,socktype,int
        42 connect fd,sa2,int
        43 accept fd,sao2,lenp
        44 sendto fd,in2,size,msgflags,sa5,int
        45 recvfrom fd,out2,size,msgflags,sao5,lenp
        46 sendmsg fd,msg,msgflags
        47 recvmsg fd,msgo,msgflags
        48 shutdown fd,shut
        49 bind fd,sa2,int
        50 listen fd,int
        51 getsockname fd,sao2,lenp
        52 getpeername fd,sao2,lenp
        53 socketpair family,socktype,int,fdpair
        54 setsockopt fd,level,opt1,optin4,int
        55 getsockopt fd,level,opt1,optout4,lenp
        56 clone hex,ptr,ptr,ptr,hex
        57 fork -
        58 vfork -
        59 execve str,argv,envp
        60 exit int >none
        61 wait4 pid,ptr,flags,ptr
        62 kill pid,sig
        63 uname ptr
        64 semget int,int,flags
        65 semop int,ptr,size
        66 semctl int,int,int,hex
        67 shmdt ptr
        68 msgget int,flags
        69 msgsnd int,ptr,size,flags
        70 msgrcv int,ptr,size,long,flags
        71 msgctl int,int,ptr
        72 fcntl fd,fcntlcmd,hex
        73 flock fd,int
        74 fsync fd
        75 fdatasync fd
        76 truncate str,off
        77 ftruncate fd,off
        78 getdents fd,ptr,uint
        79 getcwd ptr,size
        80 chdir str
        81 fchdir fd
        82 rename str,str
        83 mkdir str,mode
        84 rmdir str
        85 creat str,mode
        86 link str,str
        87 unlink str
        88 symlink str,str
        89 readlink str,ptr,size
        90 chmod str,mode
        91 fchmod fd,mode
        92 chown str,uid,uid
        93 fchown fd,uid,uid
        94 lchown str,uid,uid
        95 umask mode >oct
        96 gettimeofday ptr,ptr
        97 getrlimit int,ptr
        98 getrusage int,ptr
        99 sysinfo ptr
        100 times ptr
        101 ptrace long,pid,ptr,ptr # no tracer interface yet: gdb and strace cannot run under Helctic (--strace traces guests from the kernel)
        102 getuid -
        103 syslog int,ptr,int # the kernel keeps no message ring for guests to read (dmesg shows nothing)
        104 getgid -
        105 setuid uid
        106 setgid uid
        107 geteuid -
        108 getegid -
        109 setpgid pid,pid
        110 getppid -
        111 getpgrp -
        112 setsid -
        113 setreuid uid,uid
        114 setregid uid,uid
        115 getgroups int,ptr
        116 setgroups int,ptr
        117 setresuid uid,uid,uid
        118 getresuid ptr,ptr,ptr
        119 setresgid uid,uid,uid
        120 getresgid ptr,ptr,ptr
        121 getpgid pid
        122 setfsuid uid
        123 setfsgid uid
        124 getsid pid
        125 capget ptr,ptr
        126 capset ptr,ptr
        127 rt_sigpending ptr,size
        128 rt_sigtimedwait ptr,ptr,ptr,size
        129 rt_sigqueueinfo pid,sig,ptr
        130 rt_sigsuspend ptr,size
        131 sigaltstack ptr,ptr
        132 utime str,ptr
        133 mknod str,mode,hex
        134 uselib str # no entry point in Linux either
        135 personality hex
        136 ustat hex,ptr
        137 statfs str,ptr
        138 fstatfs fd,ptr
        139 sysfs int,hex,hex
        140 getpriority int,int
        141 setpriority int,int,int
        142 sched_setparam pid,ptr
        143 sched_getparam pid,ptr
        144 sched_setscheduler pid,int,ptr
        145 sched_getscheduler pid
        146 sched_get_priority_max int
        147 sched_get_priority_min int
        148 sched_rr_get_interval pid,ptr
        149 mlock ptr,size
        150 munlock ptr,size
        151 mlockall flags
        152 munlockall -
        153 vhangup - # the console is the host's terminal, which a guest may not hang up
        154 modify_ldt int,ptr,ulong # the CPU runs 64-bit code only: no LDT segments for 16- or 32-bit code
        155 pivot_root str,str # no mount namespaces: the guest's mount table is fixed at boot (--root)
        156 _sysctl ptr # sys_ni_syscall in Linux too
        157 prctl int,hex,hex,hex,hex
        158 arch_prctl archcode,hex
        159 adjtimex ptr # the guest's clock is the host's, which guests may not discipline or read NTP state of
        160 setrlimit int,ptr
        161 chroot str # no per-process roots yet: every process resolves paths from the kernel's root
        162 sync -
        163 acct str # no process accounting records
        164 settimeofday ptr,ptr # the guest's clock is the host's, which guests may not set
        165 mount str,str,str,hex,ptr # the mount table is fixed at boot (--root): no mount(2)
        166 umount2 str,flags # the mount table is fixed at boot (--root): no umount(2)
        167 swapon str,flags # no swap: guest memory lives in the JVM's heap
        168 swapoff str # no swap: guest memory lives in the JVM's heap
        169 reboot hex,hex,hex,ptr # a guest cannot stop or restart the kernel: its run ends when its first process exits
        170 sethostname in1,size
        171 setdomainname in1,size
        172 iopl int # no I/O ports for guests: the emulated machine has none
        173 ioperm ulong,ulong,int # no I/O ports for guests: the emulated machine has none
        174 create_module str,size # no entry point in Linux either
        175 init_module ptr,size,str # no loadable modules: the kernel is Java
        176 delete_module str,flags # no loadable modules: the kernel is Java
        177 get_kernel_syms ptr # no entry point in Linux either
        178 query_module str,int,ptr,size,ptr # no entry point in Linux either
        179 quotactl hex,str,int,ptr # no disk quotas
        180 nfsservctl int,ptr,ptr # no entry point in Linux either
        181 getpmsg hex,hex,hex,hex,hex # no entry point in Linux either
        182 putpmsg hex,hex,hex,hex,hex # no entry point in Linux either
        183 afs_syscall hex,hex,hex,hex,hex # no entry point in Linux either
        184 tuxcall hex,hex,hex # no entry point in Linux either
        185 security hex,hex,hex # no entry point in Linux either
        186 gettid -
        187 readahead fd,off,size
        188 setxattr str,str,in3,size,flags
        189 lsetxattr str,str,in3,size,flags
        190 fsetxattr fd,str,in3,size,flags
        191 getxattr str,str,ptr,size
        192 lgetxattr str,str,ptr,size
        193 fgetxattr fd,str,ptr,size
        194 listxattr str,ptr,size
        195 llistxattr str,ptr,size
        196 flistxattr fd,ptr,size
        197 removexattr str,str
        198 lremovexattr str,str
        199 fremovexattr fd,str
        200 tkill pid,sig
        201 time ptr
        202 futex ptr,int,int,ptr,ptr,uint
        203 sched_setaffinity pid,size,ptr
        204 sched_getaffinity pid,size,ptr
        205 set_thread_area ptr # no 64-bit entry point in Linux either
        206 io_setup uint,ptr
        207 io_destroy hex
        208 io_getevents hex,long,long,ptr,ptr
        209 io_submit hex,long,ptr
        210 io_cancel hex,ptr,ptr
        211 get_thread_area ptr # no 64-bit entry point in Linux either
        212 lookup_dcookie hex,ptr,size # removed from Linux
        213 epoll_create int
        214 epoll_ctl_old hex,hex,hex,hex # no entry point in Linux either
        215 epoll_wait_old hex,hex,hex,hex # no entry point in Linux either
        216 remap_file_pages ptr,size,prot,size,flags
        217 getdents64 fd,ptr,uint
        218 set_tid_address ptr
        219 restart_syscall -
        220 semtimedop int,ptr,size,ptr
        221 fadvise64 fd,off,size,int
        222 timer_create clock,ptr,ptr
        223 timer_settime int,flags,ptr,ptr
        224 timer_gettime int,ptr
        225 timer_getoverrun int
        226 timer_delete int
        227 clock_settime clock,ptr # the guest's clock is the host's, which guests may not set
        228 clock_gettime clock,ptr
        229 clock_getres clock,ptr
        230 clock_nanosleep clock,flags,ptr,ptr
        231 exit_group int >none
        232 epoll_wait fd,ptr,int,int
        233 epoll_ctl fd,int,fd,ptr
        234 tgkill pid,pid,sig
        235 utimes str,ptr
        236 vserver hex,hex,hex,hex,hex # no entry point in Linux either
        237 mbind ptr,ulong,int,ptr,ulong,flags
        238 set_mempolicy int,ptr,ulong
        239 get_mempolicy ptr,ptr,ulong,ptr,flags
        240 mq_open str,oflags,mode,ptr
        241 mq_unlink str
        242 mq_timedsend fd,in2,size,uint,ptr
        243 mq_timedreceive fd,out2,size,ptr,ptr
        244 mq_notify fd,ptr
        245 mq_getsetattr fd,ptr,ptr
        246 kexec_load ulong,ulong,ptr,ulong # no kexec: the kernel cannot replace itself
        247 waitid int,pid,ptr,flags,ptr
        248 add_key str,str,in3,size,int # no key retention service (keyrings)
        249 request_key str,str,str,int # no key retention service (keyrings)
        250 keyctl int,hex,hex,hex,hex # no key retention service (keyrings)
        251 ioprio_set int,int,int
        252 ioprio_get int,int
        253 inotify_init -
        254 inotify_add_watch fd,str,hex
        255 inotify_rm_watch fd,int
        256 migrate_pages pid,ulong,ptr,ptr
        257 openat dirfd,str,oflags,mode
        258 mkdirat dirfd,str,mode
        259 mknodat dirfd,str,mode,hex
        260 fchownat dirfd,str,uid,uid,atflags
        261 futimesat dirfd,str,ptr
        262 newfstatat dirfd,str,ptr,atflags
        263 unlinkat dirfd,str,atflags
        264 renameat dirfd,str,dirfd,str
        265 linkat dirfd,str,dirfd,str,atflags
        266 symlinkat str,dirfd,str
        267 readlinkat dirfd,str,ptr,size
        268 fchmodat dirfd,str,mode
        269 faccessat dirfd,str,amode
        270 pselect6 int,ptr,ptr,ptr,ptr,ptr
        271 ppoll ptr,uint,ptr,ptr,size
        272 unshare hex
        273 set_robust_list ptr,size
        274 get_robust_list pid,ptr,ptr
        275 splice fd,ptr,fd,ptr,size,flags
        276 tee fd,fd,size,flags
        277 sync_file_range fd,off,off,flags
        278 vmsplice fd,ptr,ulong,flags
        279 move_pages pid,ulong,ptr,ptr,ptr,flags
        280 utimensat dirfd,str,ptr,atflags
        281 epoll_pwait fd,ptr,int,int,ptr,size
        282 signalfd fd,ptr,size
        283 timerfd_create clock,flags
        284 eventfd uint
        285 fallocate fd,int,off,off
        286 timerfd_settime fd,flags,ptr,ptr
        287 timerfd_gettime fd,ptr
        288 accept4 fd,sao2,lenp,sockflags
        289 signalfd4 fd,ptr,size,flags
        290 eventfd2 uint,flags
        291 epoll_create1 flags
        292 dup3 fd,fd,oflags
        293 pipe2 ptr,oflags
        294 inotify_init1 flags
        295 preadv fd,ptr,int,off,off
        296 pwritev fd,ptr,int,off,off
        297 rt_tgsigqueueinfo pid,pid,sig,ptr
        298 perf_event_open ptr,pid,int,fd,flags # no performance counters: the emulated CPU has no PMU
        299 recvmmsg fd,mmsgo,uint,msgflags,tsp
        300 fanotify_init flags,flags # no fanotify yet (inotify is implemented)
        301 fanotify_mark fd,flags,hex,dirfd,str # no fanotify yet (inotify is implemented)
        302 prlimit64 pid,int,ptr,ptr
        303 name_to_handle_at dirfd,str,ptr,ptr,atflags # host files have no stable handles the kernel could reopen them by
        304 open_by_handle_at fd,ptr,oflags # host files have no stable handles the kernel could reopen them by
        305 clock_adjtime clock,ptr # the guest's clock is the host's, which guests may not adjust
        306 syncfs fd
        307 sendmmsg fd,mmsg,uint,msgflags
        308 setns fd,int # no namespaces to join
        309 getcpu ptr,ptr,ptr
        310 process_vm_readv pid,ptr,ulong,ptr,ulong,ulong
        311 process_vm_writev pid,ptr,ulong,ptr,ulong,ulong
        312 kcmp pid,pid,int,ulong,ulong
        313 finit_module fd,str,flags # no loadable modules: the kernel is Java
        314 sched_setattr pid,ptr,flags
        315 sched_getattr pid,ptr,uint,flags
        316 renameat2 dirfd,str,dirfd,str,flags
        317 seccomp uint,flags,ptr
        318 getrandom out1,size,flags
        319 memfd_create str,flags
        320 kexec_file_load fd,fd,ulong,str,ulong # no kexec: the kernel cannot replace itself
        321 bpf int,ptr,uint # no eBPF
        322 execveat dirfd,str,argv,envp,atflags
        323 userfaultfd flags # page faults are not delivered to user space
        324 membarrier int,flags,int
        325 mlock2 ptr,size,flags
        326 copy_file_range fd,ptr,fd,ptr,size,flags
        327 preadv2 fd,ptr,int,off,off,flags
        328 pwritev2 fd,ptr,int,off,off,flags
        329 pkey_mprotect ptr,size,prot,int
        330 pkey_alloc flags,ulong
        331 pkey_free int
        332 statx dirfd,str,atflags,uint,ptr
        333 io_pgetevents hex,long,long,ptr,ptr,ptr
        334 rseq ptr,uint,flags,hex
        335 uretprobe - # only reached from a uprobe trampoline, and this kernel places none
        336 uprobe - # only reached from a uprobe trampoline, and this kernel places none
        424 pidfd_send_signal fd,sig,ptr,flags
        425 io_uring_setup uint,ptr # no io_uring yet
        426 io_uring_enter fd,uint,uint,flags,ptr,size # no io_uring yet
        427 io_uring_register fd,uint,ptr,uint # no io_uring yet
        428 open_tree dirfd,str,flags # no mount API: the mount table is fixed at boot (--root)
        429 move_mount dirfd,str,dirfd,str,flags # no mount API: the mount table is fixed at boot (--root)
        430 fsopen str,flags # no mount API: the mount table is fixed at boot (--root)
        431 fsconfig fd,uint,str,ptr,int # no mount API: the mount table is fixed at boot (--root)
        432 fsmount fd,flags,flags # no mount API: the mount table is fixed at boot (--root)
        433 fspick dirfd,str,flags # no mount API: the mount table is fixed at boot (--root)
        434 pidfd_open pid,flags
        435 clone3 ptr,size
        436 close_range uint,uint,flags
        437 openat2 dirfd,str,ptr,size
        438 pidfd_getfd fd,fd,flags
        439 faccessat2 dirfd,str,amode,atflags
        440 process_madvise fd,ptr,size,int,flags
        441 epoll_pwait2 fd,ptr,int,ptr,ptr,size
        442 mount_setattr dirfd,str,flags,ptr,size # no mount API: the mount table is fixed at boot (--root)
        443 quotactl_fd fd,uint,uid,ptr # no disk quotas
        444 landlock_create_ruleset ptr,size,flags # no Landlock rule sets yet
        445 landlock_add_rule fd,int,ptr,flags # no Landlock rule sets yet
        446 landlock_restrict_self fd,flags # no Landlock rule sets yet
        447 memfd_secret flags # guest memory is the JVM's: it cannot be taken out of the kernel's view
        448 process_mrelease fd,flags
        449 futex_waitv ptr,uint,flags,ptr,clock
        450 set_mempolicy_home_node ulong,ulong,ulong,flags
        451 cachestat fd,ptr,ptr,flags # not yet: the kernel does not track which pages of a file are cached (its page cache keeps only mapped pages)
        452 fchmodat2 dirfd,str,mode,atflags
        453 map_shadow_stack ptr,ulong,flags >hex # the CPU has no CET user shadow stacks (Linux without CONFIG_X86_USER_SHADOW_STACK answers ENOSYS too)
        454 futex_wake ptr,ulong,int,flags
        455 futex_wait ptr,ulong,ulong,flags,ptr,clock
        456 futex_requeue ptr,flags,int,int
        457 statmount ptr,ptr,size,flags # no mount API: the mount table is fixed at boot (--root)
        458 listmount ptr,ptr,size,flags # no mount API: the mount table is fixed at boot (--root)
        459 lsm_get_self_attr uint,ptr,ptr,flags # no Linux security modules to report
        460 lsm_set_self_attr uint,ptr,size,flags # no Linux security modules to report
        461 lsm_list_modules ptr,ptr,flags # no Linux security modules to report
        462 mseal ptr,size,flags
        463 setxattrat dirfd,str,atflags,str,ptr,size # not yet (the path and descriptor forms of the xattr calls are implemented)
        464 getxattrat dirfd,str,atflags,str,ptr,size # not yet (the path and descriptor forms of the xattr calls are implemented)
        465 listxattrat dirfd,str,atflags,ptr,size # not yet (the path and descriptor forms of the xattr calls are implemented)
        466 removexattrat dirfd,str,atflags,str # not yet (the path and descriptor forms of the xattr calls are implemented)
        467 open_tree_attr dirfd,str,flags,ptr,size # no mount API: the mount table is fixed at boot (--root)
        468 file_getattr dirfd,str,ptr,size,atflags # not yet: no inode attribute flags (FS_IOC_FSGETXATTR)
        469 file_setattr dirfd,str,ptr,size,atflags # not yet: no inode attribute flags (FS_IOC_FSSETXATTR)
        470 listns ptr,ptr,size,flags # no namespaces to list
        471 rseq_slice_yield - # no restartable sequences (see rseq)
        """;
}
