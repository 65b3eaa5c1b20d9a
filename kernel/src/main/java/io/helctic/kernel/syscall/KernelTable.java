package io.helctic.kernel.syscall;

import static io.helctic.abi.KernelOp.*;
import static io.helctic.abi.KernelOps.slot;
import static io.helctic.abi.KernelOps.unimplemented;

import io.helctic.abi.KernelOps;
import io.helctic.abi.Personality;
import io.helctic.kernel.arch.Arch;
import io.helctic.kernel.context.Context;
import io.helctic.kernel.context.Futexes;
import io.helctic.kernel.context.ProcessTable;
import io.helctic.kernel.context.Spawner;
import io.helctic.kernel.loader.ElfLoader;
import io.helctic.kernel.memory.FrameAllocator;
import io.helctic.kernel.vfs.Namespace;
import java.util.function.Supplier;

/**
 * Boundary 2, the kernel's side: every {@link io.helctic.abi.KernelOp} slot in slot order with
 * the method that implements it, one line each (as gVisor's {@code linux64.go} pairs each
 * number with its function). A slot the kernel does not implement is an explicit
 * {@link KernelOps#unimplemented} line and answers -ENOSYS. The generated syscall documents
 * name these methods ({@link io.helctic.abi.Wiring} reads them from {@link #declare}'s
 * bytecode), so a line here is where any personality's call lands.
 */
public final class KernelTable {
    private KernelTable() {}

    /** The syscall families: one object each, holding what its methods need. */
    record Families(ProcessOps process, ThreadOps thread, LifecycleOps lifecycle, FileOps file, PathOps path,
                    MemoryOps memory, SignalOps signal, PollOps poll, FutexOps futex, SystemOps system, TimerOps timer,
                    IpcOps ipc, MqOps mq, SocketOps net, CredOps cred, ProcessVmOps vm, NumaOps numa, AioOps aio, SchedOps sched, KcmpOps kcmp) {}

    /**
     * The table for a kernel with this personality layer (each exec asks it for the new program's
     * OS conventions), machine, namespace, process table and scheduler, whose first process runs
     * with these host credentials; {@code facts} gives each exec its auxv facts.
     */
    public static KernelOps build(Personality layer, Arch arch, Namespace namespace, ProcessTable processes,
                                  Spawner spawner, FrameAllocator frames, Supplier<ElfLoader.AuxFacts> facts,
                                  Futexes futexes,
                                  io.helctic.kernel.net.Network network) {
        SystemOps system = new SystemOps(arch.machine(), () -> {
            long total = frames.memory().frameCount() * io.helctic.machine.memory.PhysicalMemory.PAGE_SIZE;
            long used = frames.framesInUse() * io.helctic.machine.memory.PhysicalMemory.PAGE_SIZE;
            return new long[] {total, total - used, processes.all().size()};
        }, processes);
        processes.load(); // the load averages are sampled from boot on
        ThreadOps thread = new ThreadOps(processes, spawner, futexes);
        PathOps paths = new PathOps(namespace);
        ProcessVmOps vm = new ProcessVmOps(processes);
        namespace.checkSearch(Access::maySearch, Access::searchesAll);
        return declare(new Families(new ProcessOps(), thread,
                new LifecycleOps(layer, arch, processes, spawner, namespace, frames, facts, thread),
                new FileOps(new Sigio(processes, spawner)),
                paths, new MemoryOps(), new SignalOps(), new PollOps(),
                new FutexOps(futexes, system::now), system, new TimerOps(spawner, system),
                new IpcOps(new io.helctic.kernel.ipc.SysV()),
                new MqOps(new io.helctic.kernel.ipc.PosixQueues(), spawner),
                new SocketOps(network, paths), new CredOps(processes), vm, new NumaOps(vm), new AioOps(processes.aio()), new SchedOps(processes), new KcmpOps(processes)));
    }

    /** The declared table: one line per slot, in slot order. */
    static KernelOps declare(Families f) {
        ProcessOps process = f.process();
        ThreadOps thread = f.thread();
        LifecycleOps lifecycle = f.lifecycle();
        PathOps path = f.path();
        FileOps file = f.file();
        SignalOps signal = f.signal();
        FutexOps futex = f.futex();
        SystemOps system = f.system();
        TimerOps timer = f.timer();
        IpcOps ipc = f.ipc();
        MqOps mq = f.mq();
        SocketOps net = f.net();
        CredOps cred = f.cred();
        ProcessVmOps vm = f.vm();
        NumaOps numa = f.numa();
        AioOps aio = f.aio();
        SchedOps sched = f.sched();
        KcmpOps kcmp = f.kcmp();
        return KernelOps.declared(
            slot(EXIT_GROUP, thread::exitGroup),
            slot(EXIT_THREAD, thread::exitThread),
            slot(READ, FileOps::read),
            slot(WRITE, FileOps::write),
            slot(OPENAT, path::openat),
            slot(CLOSE, FileOps::close),
            slot(LSEEK, FileOps::lseek),
            slot(PREAD, FileOps::pread),
            slot(PWRITE, FileOps::pwrite),
            slot(DUP, FileOps::dup),
            slot(DUP3, FileOps::dup3),
            slot(FSTAT, FileOps::fstat),
            slot(FSTATAT, path::fstatat),
            slot(GETDENTS, FileOps::getdents),
            slot(IOCTL, file::ioctl),
            slot(FCNTL, file::fcntl),
            slot(BRK, MemoryOps::brk),
            slot(MMAP, MemoryOps::mmap),
            slot(MUNMAP, MemoryOps::munmap),
            slot(MPROTECT, MemoryOps::mprotect),
            slot(GETPID, process::getpid),
            slot(GETPPID, process::getppid),
            slot(GETTID, process::gettid),
            slot(SET_TLS, ProcessOps::setTls),
            slot(GET_TLS, ProcessOps::getTls),
            slot(SET_TID_ADDRESS, process::setTidAddress),
            slot(CLOCK_GETTIME, system::clockGettime),
            slot(NANOSLEEP, SystemOps::nanosleep),
            slot(UNAME, system::uname),
            slot(GETRANDOM, system::getrandom),
            slot(USER_LOAD, MemoryOps::userLoad),
            slot(USER_STORE, MemoryOps::userStore),
            slot(GET_ID, cred::getId),
            slot(CLOCK_READ, system::clockRead),
            slot(MKDIRAT, path::mkdirat),
            slot(UNLINKAT, path::unlinkat),
            slot(RENAMEAT, path::renameat),
            slot(LINKAT, path::linkat),
            slot(SYMLINKAT, path::symlinkat),
            slot(READLINKAT, path::readlinkat),
            slot(FACCESSAT, path::faccessat),
            slot(FCHMODAT, path::fchmodat),
            slot(FCHOWNAT, path::fchownat),
            slot(UTIMENSAT, path::utimensat),
            slot(TRUNCATE, path::truncate),
            slot(FTRUNCATE, FileOps::ftruncate),
            slot(FSYNC, FileOps::fsync),
            slot(STATFS, path::statfs),
            slot(FSTATFS, path::fstatfs),
            slot(UMASK, PathOps::umask),
            slot(CHDIR, path::chdir),
            slot(FCHDIR, PathOps::fchdir),
            slot(GETCWD, PathOps::getcwd),
            slot(PIPE2, FileOps::pipe2),
            slot(SENDFILE, FileOps::sendfile),
            slot(CLONE, lifecycle::clone),
            slot(EXECVE, lifecycle::execve),
            slot(WAIT4, lifecycle::wait4),
            slot(KILL, lifecycle::kill),
            slot(TGKILL, lifecycle::tgkill),
            slot(GETPGID, lifecycle::getpgid),
            slot(SETPGID, lifecycle::setpgid),
            slot(GETSID, lifecycle::getsid),
            slot(SETSID, lifecycle::setsid),
            slot(SIGACTION, signal::sigaction),
            slot(SIGPROCMASK, signal::sigprocmask),
            slot(SIGRETURN, signal::sigreturn),
            slot(POLL, PollOps::poll),
            slot(SELECT, PollOps::select),
            slot(SIGSUSPEND, signal::sigsuspend),
            slot(CLOCK_NANOSLEEP, system::clockNanosleep),
            slot(PRLIMIT, process::prlimit),
            slot(PRCTL, ProcessOps::prctl),
            slot(SYSINFO, system::sysinfo),
            slot(GETGROUPS, cred::getgroups),
            slot(MREMAP, MemoryOps::mremap),
            slot(MADVISE, MemoryOps::madvise),
            slot(MSYNC, MemoryOps::msync),
            slot(FUTEX, futex::futex),
            slot(CLONE3, lifecycle::clone3),
            slot(SET_ROBUST_LIST, thread::setRobustList),
            slot(SCHED_YIELD, ThreadOps::schedYield),
            slot(SCHED_GETAFFINITY, sched::schedGetaffinity),
            slot(GET_ROBUST_LIST, thread::getRobustList),
            slot(STATX, path::statx),
            slot(WAITID, lifecycle::waitid),
            slot(SIGALTSTACK, signal::sigaltstack),
            slot(GETXATTR, path::getxattr),
            slot(LISTXATTR, path::listxattr),
            slot(SETXATTR, path::setxattr),
            slot(REMOVEXATTR, path::removexattr),
            slot(RESTART_SYSCALL, SignalOps::restartSyscall),
            slot(USER_SCRATCH, MemoryOps::userScratch),
            slot(EPOLL_CREATE, EventOps::epollCreate),
            slot(EPOLL_CTL, EventOps::epollCtl),
            slot(EPOLL_WAIT, EventOps::epollWait),
            slot(EVENTFD, EventOps::eventfd),
            slot(SIGPENDING, signal::sigpending),
            slot(SIGTIMEDWAIT, signal::sigtimedwait),
            slot(SIGQUEUE, lifecycle::sigqueue),
            slot(SIGNALFD, signal::signalfd),
            slot(TIMERFD_CREATE, timer::timerfdCreate),
            slot(TIMERFD_SETTIME, timer::timerfdSettime),
            slot(TIMERFD_GETTIME, timer::timerfdGettime),
            slot(GETITIMER, timer::getitimer),
            slot(SETITIMER, timer::setitimer),
            slot(ALARM, timer::alarm),
            slot(TIMER_CREATE, timer::timerCreate),
            slot(TIMER_SETTIME, timer::timerSettime),
            slot(TIMER_GETTIME, timer::timerGettime),
            slot(TIMER_GETOVERRUN, timer::timerGetoverrun),
            slot(TIMER_DELETE, timer::timerDelete),
            slot(GETRUSAGE, timer::getrusage),
            slot(FLOCK, FileOps::flock),
            slot(SHMGET, ipc::shmget),
            slot(SHMAT, ipc::shmat),
            slot(SHMDT, ipc::shmdt),
            slot(SHMCTL, ipc::shmctl),
            slot(SEMGET, ipc::semget),
            slot(SEMOP, ipc::semop),
            slot(SEMCTL, ipc::semctl),
            slot(MSGGET, ipc::msgget),
            slot(MSGSND, ipc::msgsnd),
            slot(MSGRCV, ipc::msgrcv),
            slot(MSGCTL, ipc::msgctl),
            slot(MEMFD_CREATE, MemfdOps::memfdCreate),
            slot(MQ_OPEN, mq::mqOpen),
            slot(MQ_UNLINK, mq::mqUnlink),
            slot(MQ_SEND, mq::mqSend),
            slot(MQ_RECEIVE, mq::mqReceive),
            slot(MQ_NOTIFY, mq::mqNotify),
            slot(MQ_GETSETATTR, mq::mqGetsetattr),
            slot(THREAD_START, thread::threadStart), slot(THREAD_FROM_CONTEXT, thread::threadFromContext),
            slot(READV, TransferOps::readv),
            slot(WRITEV, TransferOps::writev),
            slot(COPY_FILE_RANGE, TransferOps::copyFileRange),
            slot(SPLICE, TransferOps::splice),
            slot(CLOSE_RANGE, FileOps::closeRange),
            slot(TIMES, timer::times),
            slot(SCHED_GETSCHEDULER, sched::schedGetscheduler),
            slot(SCHED_SETSCHEDULER, sched::schedSetscheduler),
            slot(SCHED_GETPARAM, sched::schedGetparam),
            slot(SCHED_SETAFFINITY, sched::schedSetaffinity),
            slot(GETPRIORITY, sched::getpriority),
            slot(SETPRIORITY, sched::setpriority),
            slot(MINCORE, MemoryOps::mincore),
            slot(MLOCK, MemoryOps::mlock),
            slot(MLOCKALL, MemoryOps::mlockall),
            slot(MEMBARRIER, MemoryOps::membarrier),
            slot(PERSONA, ProcessOps::persona),
            slot(SYNCFS, FileOps::syncfs),
            slot(FALLOCATE, FileOps::fallocate),
            slot(PIDFD_OPEN, lifecycle::pidfdOpen),
            slot(PIDFD_SEND_SIGNAL, lifecycle::pidfdSendSignal),
            slot(PIDFD_GETFD, lifecycle::pidfdGetfd),
            slot(MKNODAT, path::mknodat), slot(INOTIFY_INIT, EventOps::inotifyInit),
            slot(INOTIFY_ADD_WATCH, path::inotifyAddWatch),
            slot(INOTIFY_RM_WATCH, EventOps::inotifyRmWatch),
            slot(TEE, TransferOps::tee),
            slot(SOCKET, net::socket),
            slot(SOCKETPAIR, net::socketpair),
            slot(BIND, net::bind),
            slot(LISTEN, net::listen),
            slot(ACCEPT, net::accept),
            slot(CONNECT, net::connect),
            slot(GETSOCKNAME, net::getsockname),
            slot(GETPEERNAME, net::getpeername),
            slot(SENDTO, net::sendto),
            slot(RECVFROM, net::recvfrom),
            slot(SENDMSG, net::sendmsg),
            slot(RECVMSG, net::recvmsg),
            slot(SENDMMSG, net::sendmmsg),
            slot(RECVMMSG, net::recvmmsg),
            slot(SHUTDOWN, net::shutdown),
            slot(GETSOCKOPT, net::getsockopt),
            slot(SETSOCKOPT, net::setsockopt),
            slot(SET_IDS, cred::setIds),
            slot(GET_IDS, cred::getIds),
            slot(SETGROUPS, cred::setgroups),
            slot(CAPGET, cred::capget),
            slot(CAPSET, cred::capset),
            slot(PROCESS_VM_READV, vm::processVmReadv),
            slot(PROCESS_VM_WRITEV, vm::processVmWritev),
            slot(MEMPOLICY, numa::mempolicy),
            slot(MBIND, numa::mbind),
            slot(MOVE_PAGES, numa::movePages),
            slot(REMAP_FILE_PAGES, MemoryOps::remapFilePages),
            slot(SAVE_CONTEXT, SignalOps::saveContext), unimplemented(RESERVED_190),
            slot(PKEY, MemoryOps::pkey),
            slot(PROCESS_MADVISE, vm::processMadvise),
            slot(PROCESS_MRELEASE, vm::processMrelease),
            slot(MSEAL, MemoryOps::mseal),
            slot(FUTEX2_WAKE, futex::futexWake),
            slot(FUTEX2_WAIT, futex::futexWait),
            slot(FUTEX_WAITV, futex::futexWaitv),
            slot(FUTEX2_REQUEUE, futex::futexRequeue),
            slot(KCMP, kcmp::kcmp),
            slot(EXECVEAT, lifecycle::execveat),
            slot(OPENAT2, path::openat2),
            slot(SIGNAL_COUNTER, SignalOps::signalCounter),
            slot(PIDFD_STATUS, lifecycle::pidfdStatus),
            slot(FILE_REFS, FileOps::fileRefs),
            slot(AIO_SETUP, aio::setup),
            slot(AIO_DESTROY, aio::destroy),
            slot(AIO_SUBMIT, aio::submit),
            slot(AIO_CANCEL, aio::cancel),
            slot(AIO_GETEVENTS, aio::getevents),
            slot(AIO_PGETEVENTS, aio::pgetevents),
            slot(USTAT, PathOps::ustat),
            slot(SYSFS, path::sysfs),
            slot(THREAD_PARK, futex::park), slot(THREAD_UNPARK, futex::unpark),
            slot(SCHED_SETATTR, sched::schedSetattr),
            slot(SCHED_GETATTR, sched::schedGetattr),
            slot(SCHED_RR_GET_INTERVAL, sched::schedRrGetInterval),
            slot(GETCPU, sched::getcpu),
            slot(IOPRIO_SET, sched::ioprioSet),
            slot(IOPRIO_GET, sched::ioprioGet),
            slot(SETHOSTNAME, system::sethostname),
            slot(SETDOMAINNAME, system::setdomainname),
            slot(UNSHARE, lifecycle::unshare),
            slot(USER_COMPARE_EXCHANGE, futex::compareExchange), slot(CLOSE_ON_FORK, FileOps::closeOnFork), unimplemented(RESERVED_226), unimplemented(RESERVED_227),
            unimplemented(RESERVED_228), unimplemented(RESERVED_229), unimplemented(RESERVED_230), unimplemented(RESERVED_231),
            unimplemented(RESERVED_232),
            slot(SECCOMP, SeccompOps::seccomp),
            slot(FADVISE, FileOps::fadvise),
            slot(SYNC_FILE_RANGE, FileOps::syncFileRange),
            unimplemented(RESERVED_236), unimplemented(RESERVED_237), unimplemented(RESERVED_238), unimplemented(RESERVED_239),
            unimplemented(RESERVED_240), unimplemented(RESERVED_241), unimplemented(RESERVED_242), unimplemented(RESERVED_243),
            unimplemented(RESERVED_244), unimplemented(RESERVED_245), unimplemented(RESERVED_246), unimplemented(RESERVED_247),
            unimplemented(RESERVED_248), unimplemented(RESERVED_249), unimplemented(RESERVED_250), unimplemented(RESERVED_251),
            unimplemented(RESERVED_252), unimplemented(RESERVED_253), unimplemented(RESERVED_254), unimplemented(RESERVED_255));
    }

    /** What the kernel does on a thread's host thread before its first instruction: its scheduling, applied. */
    public static void threadStarted(Context ctx) {
        SchedOps.started(ctx);
    }

    /** What the kernel does when a thread ends (robust futexes, clear-child-tid, its TLB); see ThreadOps. */
    public static void threadExited(Context ctx, Futexes futexes) {
        SchedOps.ended(ctx);
        ThreadOps.release(ctx, futexes);
    }
}
