package io.helctic.personality;

import io.helctic.abi.KernelOps;

/**
 * A translation between one syscall and kernel ops: the syscall's registers in, its result
 * (value or -errno, Linux numbering; the personality encodes it) out. Tables name a shim by a
 * method reference of the syscall's own arity ({@link S0} to {@link S6}), so the generated
 * documents can name the method.
 */
@FunctionalInterface
public interface Shim {
    long call(KernelOps ops, long a1, long a2, long a3, long a4, long a5, long a6);

    @FunctionalInterface interface S0 { long call(KernelOps ops); }
    @FunctionalInterface interface S1 { long call(KernelOps ops, long a1); }
    @FunctionalInterface interface S2 { long call(KernelOps ops, long a1, long a2); }
    @FunctionalInterface interface S3 { long call(KernelOps ops, long a1, long a2, long a3); }
    @FunctionalInterface interface S4 { long call(KernelOps ops, long a1, long a2, long a3, long a4); }
    @FunctionalInterface interface S5 { long call(KernelOps ops, long a1, long a2, long a3, long a4, long a5); }
    @FunctionalInterface interface S6 { long call(KernelOps ops, long a1, long a2, long a3, long a4, long a5, long a6); }
}
