package io.helctic.kernel.ipc;

import static io.helctic.abi.uapi.Ipc.MSGMNI;
import static io.helctic.abi.uapi.Ipc.SEMMNI;
import static io.helctic.abi.uapi.Ipc.SHMMNI;

/**
 * The kernel's System V IPC objects (one IPC namespace): shared memory segments, semaphore sets
 * and message queues, each kind with its ids and Linux's default limits.
 */
public final class SysV {
    public final IpcIds<SharedSegment> shm = new IpcIds<>(SHMMNI);
    public final IpcIds<SemaphoreSet> sem = new IpcIds<>(SEMMNI);
    public final IpcIds<MessageQueue> msg = new IpcIds<>(MSGMNI);

    /** The time IPC structures record: seconds of the real-time clock. */
    public static long now() {
        return System.currentTimeMillis() / 1000;
    }
}
