package io.helctic.personality.linux;

import static io.helctic.abi.uapi.Time.CLOCK_MONOTONIC_COARSE;
import static io.helctic.abi.uapi.Time.CLOCK_REALTIME;
import static io.helctic.abi.uapi.Time.CLOCK_REALTIME_COARSE;

import io.helctic.abi.Errno;
import io.helctic.abi.KernelOp;
import io.helctic.abi.KernelOps;
import io.helctic.personality.GuestFault;
import io.helctic.personality.GuestMemory;

/**
 * time(tloc): the realtime clock in seconds, also stored to tloc (8 bytes only) when given;
 * gettimeofday and clock_getres from the clock reading (what the vDSO's stubs call).
 */
final class TimeShims {
    private TimeShims() {}


    static long time(KernelOps ops, long tloc) {
        long ns = ops.call(KernelOp.CLOCK_READ, CLOCK_REALTIME);
        if (ns < 0) return ns;
        long seconds = Math.floorDiv(ns, 1_000_000_000L);
        if (tloc != 0) {
            try {
                GuestMemory.store(ops, tloc, seconds, 8);
            } catch (GuestFault f) {
                return Errno.EFAULT.negative();
            }
        }
        return seconds;
    }

    /** gettimeofday(tv, tz): struct timeval from the realtime clock; tz (struct timezone) is UTC, no DST. */
    static long gettimeofday(KernelOps ops, long tv, long tz) {
        long ns = ops.call(KernelOp.CLOCK_READ, CLOCK_REALTIME);
        if (ns < 0) return ns;
        try {
            if (tv != 0) {
                GuestMemory.store(ops, tv, Math.floorDiv(ns, 1_000_000_000L), 8);
                GuestMemory.store(ops, tv + 8, Math.floorMod(ns, 1_000_000_000L) / 1000, 8);
            }
            if (tz != 0) GuestMemory.store(ops, tz, 0, 8); // tz_minuteswest = 0, tz_dsttime = 0
        } catch (GuestFault f) {
            return Errno.EFAULT.negative();
        }
        return 0;
    }

    /** clock_getres(clock, res): 1 ns for every clock the kernel can read; EINVAL for the others. */
    static long clockGetres(KernelOps ops, long clock, long res) {
        if (ops.call(KernelOp.CLOCK_READ, clock) < 0) return Errno.EINVAL.negative();
        if (res == 0) return 0;
        try {
            GuestMemory.store(ops, res, 0, 8);
            GuestMemory.store(ops, res + 8, clock == CLOCK_REALTIME_COARSE || clock == CLOCK_MONOTONIC_COARSE ? io.helctic.abi.uapi.Time.TICK_NSEC : 1, 8);
        } catch (GuestFault f) {
            return Errno.EFAULT.negative();
        }
        return 0;
    }

}
