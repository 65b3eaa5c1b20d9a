package io.helctic.personality.linux;

import io.helctic.abi.Errno;
import io.helctic.abi.KernelOp;
import io.helctic.abi.KernelOps;
import io.helctic.personality.GuestFault;
import io.helctic.personality.GuestMemory;

/** time(tloc): the realtime clock in seconds, also stored to tloc (8 bytes only) when given. */
final class TimeShims {
    private TimeShims() {}

    static final int CLOCK_REALTIME = 0;

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
}
