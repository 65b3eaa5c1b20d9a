package io.helctic.kernel.arch;

import static io.helctic.abi.uapi.Signal.*;

import java.nio.ByteBuffer;
import java.nio.ByteOrder;

/**
 * What a signal's siginfo says, held as Linux's 128-byte {@code siginfo_t} (the kernel's
 * numbering); frames copy it, and translate its fields for other OSes. The union after
 * {@code si_code} is read as si_code and the signal say: a fault's address, a sender's pid and
 * uid (with a value when queued), a POSIX timer's id and overrun, a child's status and times.
 */
public final class SignalInfo {
    /**
     * Where a queued signal came from when its siginfo is only final as it is taken (a POSIX
     * timer's: the overrun counts until then). {@code taken} gives the siginfo to deliver, or
     * null when the signal is void (its timer was deleted); it is also told of a discarded one.
     */
    public interface Source {
        SignalInfo taken(SignalInfo queued);
    }

    private final byte[] bytes;
    private final Source source;

    private SignalInfo(byte[] bytes) {
        this(bytes, null);
    }

    private SignalInfo(byte[] bytes, Source source) {
        this.bytes = bytes;
        this.source = source;
    }

    /** The siginfo to deliver as the signal is taken from its queue (null: it is void). */
    public SignalInfo resolve() {
        return source == null ? this : source.taken(this);
    }

    private static ByteBuffer buffer(byte[] b) {
        return ByteBuffer.wrap(b).order(ByteOrder.LITTLE_ENDIAN);
    }

    private static ByteBuffer head(int signo, int code) {
        return buffer(new byte[SIGINFO_SIZE]).putInt(0, signo).putInt(8, code);
    }

    /** A fault the CPU raised at {@code addr} (SIGSEGV, SIGBUS, SIGILL, SIGFPE, SIGTRAP). */
    public static SignalInfo fault(int signo, int code, long addr) {
        return new SignalInfo(head(signo, code).putLong(16, addr).array());
    }

    /** Sent by a process (kill: SI_USER, tkill/tgkill: SI_TKILL). */
    public static SignalInfo sent(int signo, int code, int pid, int uid) {
        return new SignalInfo(head(signo, code).putInt(16, pid).putInt(20, uid).array());
    }

    /** Sent by the kernel itself (a terminal's ^C, an itimer): SI_KERNEL, no sender. */
    public static SignalInfo kernel(int signo) {
        return new SignalInfo(head(signo, SI_KERNEL).array());
    }

    /** A POSIX timer's expiry: SI_TIMER, the timer's id, the overrun and sigev_value. */
    public static SignalInfo timer(int signo, int timerId, int overrun, long value, Source source) {
        return new SignalInfo(head(signo, SI_TIMER).putInt(16, timerId).putInt(20, overrun).putLong(24, value).array(),
                source);
    }

    /** A message on an empty POSIX queue the process registered for: SI_MESGQ, the sender's pid and uid, sigev_value. */
    public static SignalInfo mesgq(int signo, int pid, int uid, long value) {
        return new SignalInfo(head(signo, SI_MESGQ).putInt(16, pid).putInt(20, uid).putLong(24, value).array());
    }

    /** Signal-driven I/O (F_SETSIG's signal): why (POLL_IN..POLL_HUP, or SI_SIGIO), the poll band and the descriptor. */
    public static SignalInfo poll(int signo, int code, long band, int fd) {
        return new SignalInfo(head(signo, code).putLong(16, band).putInt(24, fd).array());
    }

    /** SIGCHLD: a child exited, was killed, stopped or continued. Times are in clock ticks. */
    public static SignalInfo child(int code, int pid, int uid, int status, long utime, long stime) {
        return new SignalInfo(head(SIGCHLD, code).putInt(16, pid).putInt(20, uid).putInt(24, status)
                .putLong(32, utime).putLong(40, stime).array());
    }

    /**
     * SIGSYS from a syscall filter (SYS_SECCOMP): si_errno carries the filter's 16 bits of data,
     * _sigsys the address after the syscall instruction, the call's number and its AUDIT_ARCH.
     */
    public static SignalInfo seccomp(int data, long callAddr, int syscall, int arch) {
        return new SignalInfo(head(SIGSYS, 1).putInt(4, data).putLong(16, callAddr).putInt(24, syscall)
                .putInt(28, arch).array());
    }

    /** A siginfo a process wrote itself (rt_sigqueueinfo): kept as written, but for its signal number. */
    public static SignalInfo fromUser(int signo, byte[] siginfo) {
        byte[] b = siginfo.clone();
        buffer(b).putInt(0, signo);
        return new SignalInfo(b);
    }

    public int signo() { return buffer(bytes).getInt(0); }

    public int errno() { return buffer(bytes).getInt(4); }

    public int code() { return buffer(bytes).getInt(8); }

    /** Whether the union holds a fault's address: a kernel-made code of a synchronous fault signal. */
    public boolean isFault() {
        int s = signo();
        return code() > 0 && code() != SI_KERNEL
                && (s == SIGSEGV || s == SIGBUS || s == SIGILL || s == SIGFPE || s == SIGTRAP);
    }

    /** Whether the union holds si_band and si_fd (Linux's SIL_POLL layout: a POLL_* code of a signal without codes of its own). */
    private boolean isPoll() {
        int s = signo(), c = code();
        if (c == SI_SIGIO) return true;
        if (c <= 0 || c > 6) return false;
        return s == SIGIO || !(s == SIGILL || s == SIGFPE || s == SIGSEGV || s == SIGBUS || s == SIGTRAP || s == SIGCHLD
                || s == SIGSYS);
    }

    private boolean isChild() {
        return signo() == SIGCHLD && code() > 0 && code() != SI_KERNEL;
    }

    /** The faulting address (0 when not a fault). */
    public long addr() { return isFault() ? buffer(bytes).getLong(16) : 0; }

    /** The sender's (or the child's) pid; 0 for a fault or a timer. */
    public int pid() { return isFault() || isPoll() || code() == SI_TIMER ? 0 : buffer(bytes).getInt(16); }

    public int uid() { return isFault() || isPoll() || code() == SI_TIMER ? 0 : buffer(bytes).getInt(20); }

    /** A child's exit status or signal (SIGCHLD only). */
    public int status() { return isChild() ? buffer(bytes).getInt(24) : 0; }

    /** sigev_value / sigqueue's value (SI_QUEUE, SI_TIMER, SI_MESGQ, SI_ASYNCIO, and the like). */
    public long value() { return !isFault() && !isChild() && !isPoll() ? buffer(bytes).getLong(24) : 0; }

    public int timerId() { return code() == SI_TIMER ? buffer(bytes).getInt(16) : 0; }

    public int overrun() { return code() == SI_TIMER ? buffer(bytes).getInt(20) : 0; }

    public long utime() { return isChild() ? buffer(bytes).getLong(32) : 0; }

    public long stime() { return isChild() ? buffer(bytes).getLong(40) : 0; }

    /** Linux's siginfo_t, 128 bytes. */
    public byte[] linuxBytes() { return bytes.clone(); }

    /** Linux's struct signalfd_siginfo (128 bytes) for this signal. */
    public byte[] signalfdBytes() {
        ByteBuffer b = buffer(new byte[SIGINFO_SIZE]);
        b.putInt(0, signo()).putInt(4, errno()).putInt(8, code());
        b.putInt(12, pid()).putInt(16, uid());
        if (code() == SI_TIMER) {
            b.putInt(24, timerId()).putInt(32, overrun());
            b.putInt(44, (int) value()).putLong(48, value());
        } else if (isChild()) {
            b.putInt(40, status()).putLong(56, utime()).putLong(64, stime());
        } else if (isFault()) {
            b.putLong(72, addr()); // x86-64 has no ssi_trapno
        } else if (isPoll()) {
            ByteBuffer s = buffer(bytes);
            b.putInt(28, (int) s.getLong(16)).putInt(20, s.getInt(24)); // ssi_band, ssi_fd
        } else {
            b.putInt(44, (int) value()).putLong(48, value()); // ssi_int, ssi_ptr
        }
        return b.array();
    }

    @Override
    public String toString() {
        return "SignalInfo[signo=" + signo() + ", code=" + code() + "]";
    }
}
