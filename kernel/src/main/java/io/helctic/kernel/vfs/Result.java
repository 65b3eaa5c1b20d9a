package io.helctic.kernel.vfs;

import io.helctic.abi.Errno;

/** A value or an errno: how kernel lookups report failure without exceptions. */
public record Result<T>(T value, int errno) {
    public static <T> Result<T> ok(T value) { return new Result<>(value, 0); }

    public static <T> Result<T> err(Errno e) { return new Result<>(null, e.number()); }

    public static <T> Result<T> err(long negativeErrno) { return new Result<>(null, (int) -negativeErrno); }

    public boolean failed() { return errno != 0; }

    /** The failure as an op result (-errno). */
    public long negative() { return -errno; }

    /** The same failure, typed for another value. */
    public <U> Result<U> cast() { return new Result<>(null, errno); }
}
