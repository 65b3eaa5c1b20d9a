package io.helctic.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import org.junit.jupiter.api.Test;

/** Guests of the other personalities, which cannot run natively on a Linux host. */
class PersonalitiesEndToEndTest {

    @Test
    void aNativeHelcticGuestCallsOpSlotsDirectly() {
        Guests.Run r = Guests.helctic("native-hello", List.of(), List.of());
        assertThat(r.stdout()).isEqualTo("Hello from a native Helctic guest!\n");
        assertThat(r.status()).as("getpid > 0 and a reserved slot answered -ENOSYS").isZero();
    }

    @Test
    void aFreeBsdGuestGetsCarryFlagResults() {
        Guests.Run r = Guests.helctic("freebsd-hello", List.of(), List.of());
        assertThat(r.stdout()).isEqualTo("Hello from a FreeBSD guest on Helctic!\n"
                + "unknown syscall: carry set, errno 78 (ENOSYS)\n");
        assertThat(r.status()).isZero();
    }

    /** What the kq guest prints, built for FreeBSD or for NetBSD: each OS's numbers and struct kevent, the same lines. */
    static final String KQUEUE_OUTPUT = """
        kqueue: ok
        nothing ready: 0
        read ready: 1 ident=1 filter=EVFILT_READ udata=4660
        write ready: 1 filter=EVFILT_WRITE udata=7
        edge-triggered read and oneshot write, again: 0
        user event: 1 ident=42 filter=EVFILT_USER udata=99
        user event cleared: 0
        oneshot timer: 1 ident=7 filter=EVFILT_TIMER data=1 udata=5
        periodic timer fired three times: 1
        after EV_DELETE: 0
        deleting what is not there: 1 flags&EV_ERROR=1 data=2
        the same without room for it: 2 carry=1
        SIGUSR1 ignored: 1
        signal sent twice: 1 ident=30 filter=EVFILT_SIGNAL data=2 flags&EV_CLEAR=1 udata=55
        signal after it was reported: 0
        signal sent once more: 1 data=1
        child exit: 1 ident=1 filter=EVFILT_PROC fflags&NOTE_EXIT=1 data=768 flags&EV_EOF=1 flags&EV_ONESHOT=1 udata=66
        wait4 after it: reaped=1 status=768
        the exit was reported once: 1
        a forked child has no kqueue: 1 the parent still has it: 1
        no such process: 1 flags&EV_ERROR=1 data=3
        NOTE_FORK: 1 flags&EV_ERROR=1 data=22
        twenty kqueues closed: registered=1 descriptors left open=0
        """;

    /**
     * kqueue and kevent as FreeBSD's kevent(2) describes them: a pipe's EVFILT_READ (edge
     * triggered with EV_CLEAR) and udata, a oneshot EVFILT_WRITE, an EVFILT_USER trigger that
     * EV_CLEAR resets, a oneshot and a periodic EVFILT_TIMER with their counts, EV_DELETE, an
     * unknown registration's error as an EV_ERROR event or, with no room for it, the call's errno;
     * EVFILT_SIGNAL counting an ignored SIGUSR1 sent twice (data 2, EV_CLEAR implied); EVFILT_PROC
     * reporting a child's exit once with its wait status (3 << 8), EV_EOF and EV_ONESHOT, after which
     * wait4 still reaps the child with that status; ESRCH for no such process, EINVAL for NOTE_FORK;
     * and twenty kqueues, each holding a user event, a timer, a signal and a process, closed without
     * leaving a descriptor open.
     */
    @Test
    void aFreeBsdGuestsKqueueWorksAsKeventDescribesIt() {
        Guests.Run r = Guests.helctic("freebsd-kq", List.of(), List.of());
        assertThat(r.stdout()).isEqualTo(KQUEUE_OUTPUT);
        assertThat(r.status()).isZero();
    }

    /** The same program built for NetBSD (OSABI 2, __kevent50's 40-byte struct kevent, filters from 0) prints the same lines. */
    @Test
    void aNetBsdGuestsKqueueWorksAsFreeBsdsDoes() {
        Guests.Run r = Guests.helctic("netbsd-kq", List.of(), List.of());
        assertThat(r.stdout()).isEqualTo(KQUEUE_OUTPUT);
        assertThat(r.status()).isZero();
    }

    @Test
    void straceShowsThePathInThePersonalitysOwnNames() {
        Guests.Run linux = Guests.helctic("hello", List.of("3"), List.of(), true, null);
        assertThat(linux.stderr()).as("strings cut at 32 characters, as strace -s 32")
                .contains("write(1, \"Hello from a Linux guest on Helc\"..., 37) = 37\n")
                .contains("exit_group(3) = ?\n").endsWith("+++ exited with 3 +++\n");
        Guests.Run unknown = Guests.helctic("unknown", List.of(), List.of(), true, null);
        assertThat(unknown.stderr()).contains("= -1 ENOSYS (Function not implemented)");
        Guests.Run segv = Guests.helctic("segv", List.of(), List.of(), true, null);
        assertThat(segv.stderr()).contains("--- SIGSEGV {si_signo=SIGSEGV, si_code=SEGV_MAPERR, si_addr=0x10} ---")
                .endsWith("+++ killed by SIGSEGV +++\n");
        assertThat(segv.status()).isEqualTo(139);
    }

    static final String RESTART_OUTPUT = """
        SA_RESTART: the read went on and returned the byte; a handler ran during it
        the child exited with 0
        no SA_RESTART: the read failed with EINTR; a later read returned the byte; a handler ran during it
        the child exited with 0
        """;

    /**
     * Issue 14: a read a signal interrupts restarts under SA_RESTART and fails with EINTR without it,
     * identically for a Linux guest (natively and under Helctic) and the same program built for
     * FreeBSD (FreeBSD's numbers, carry-flag results, struct sigaction, signal numbers, fork
     * convention and signal frame): the kernel decides from its restart codes, before either
     * personality encodes the result.
     */
    @Test
    void aSignalRestartsOrInterruptsAReadAlikeForLinuxAndFreeBsd() {
        Guests.Run nativeRun = Guests.natively("restart", List.of(), List.of());
        assertThat(nativeRun.stdout()).isEqualTo(RESTART_OUTPUT);
        assertThat(nativeRun.status()).isZero();
        Guests.Run linux = Guests.helctic("restart", List.of(), List.of());
        assertThat(linux.stdout()).isEqualTo(RESTART_OUTPUT);
        assertThat(linux.status()).isZero();
        Guests.Run freebsd = Guests.helctic("freebsd-restart", List.of(), List.of());
        assertThat(freebsd.stdout()).isEqualTo(RESTART_OUTPUT);
        assertThat(freebsd.status()).isZero();
    }

    /**
     * Issue 18: one freestanding program (guests/bsd/posix.c) built for Linux, FreeBSD and NetBSD,
     * each build in its own OS's ABI — files, processes, signals, threads with each OS's own
     * primitives (futexes; thr_new and libthr's _umtx_op protocols; _lwp_create and _lwp_park) —
     * prints what the Linux build prints natively. Each run's peer is a build of another
     * personality, exec'd on a shared pipe, signalling and signalled across personalities.
     */
    @Test
    void oneProgramRunsAlikeOnLinuxFreeBsdAndNetBsdAndTalksAcrossPersonalities() {
        Guests.Run nativeRun = Guests.natively("posix", List.of(Guests.path("posix").toString()), List.of());
        assertThat(nativeRun.status()).isZero();
        assertThat(nativeRun.stdout()).contains("peer signalled back: exit 9\n")
                .contains("condition variables: 2000 items, sum 2001000\n").contains("rwlock: 4000 writes, 4000 reads, torn 0\n")
                .contains("a signal to one thread ran its handler there: yes, not on the main thread yes\n");
        String[][] runs = {{"posix", "freebsd-posix"}, {"freebsd-posix", "posix"}, {"netbsd-posix", "posix"},
                           {"netbsd-posix", "freebsd-posix"}};
        for (String[] run : runs) {
            Guests.Run r = Guests.helctic(run[0], List.of(Guests.path(run[1]).toString()), List.of());
            assertThat(r.stdout()).as(run[0] + " with " + run[1] + " as its peer; stderr: " + r.stderr())
                    .isEqualTo(nativeRun.stdout());
            assertThat(r.status()).isZero();
        }
    }

    /** --strace in each BSD's own names: its calls, open flags, signal names, _umtx_op's operations and errno names. */
    @Test
    void straceSpeaksEachBsdsOwnNames() {
        String peer = Guests.path("posix").toString();
        Guests.Run freebsd = Guests.helctic("freebsd-posix", List.of(peer), List.of(), true, null);
        assertThat(freebsd.stderr()).contains("sigaction(SIGUSR1, 0x").containsPattern(
                "open\\(\"/tmp/helctic-posix-[0-9]+/a\", O_RDWR\\|O_CREAT\\|O_EXCL, 0666\\) = -1 errno 17 \\(EEXIST\\)\n")
                .containsPattern("_umtx_op\\(0x[0-9a-f]+, UMTX_OP_CV_WAIT, 0, 0x[0-9a-f]+, NULL\\) = ")
                .containsPattern("thr_kill\\([0-9]+, SIGUSR1\\) = 0\n").contains("rmdir(").contains("(ENOTEMPTY)\n");
        Guests.Run netbsd = Guests.helctic("netbsd-posix", List.of(peer), List.of(), true, null);
        assertThat(netbsd.stderr()).contains("__sigaction_sigtramp(SIGCHLD, 0x").contains("___lwp_park60(")
                .containsPattern("__wait450\\(-1, 0x[0-9a-f]+, 0x1, NULL\\) = -1 errno 10 \\(ECHILD\\)\n")
                .containsPattern("_lwp_kill\\([0-9]+, SIGUSR1\\) = 0\n");
    }
}
