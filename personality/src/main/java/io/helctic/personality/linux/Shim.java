package io.helctic.personality.linux;

import io.helctic.abi.KernelOps;

/** A translation between a Linux syscall and kernel ops. Returns the Linux result (value or -errno). */
@FunctionalInterface
public interface Shim {
    long call(KernelOps ops, long a1, long a2, long a3, long a4, long a5, long a6);
}
