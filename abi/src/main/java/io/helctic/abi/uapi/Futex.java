package io.helctic.abi.uapi;

/** futex operations, flags, the PI word's bits and FUTEX_WAKE_OP's encoding: Linux's {@code <linux/futex.h>}. */
public final class Futex {
    private Futex() {}

    public static final int FUTEX_WAIT = 0;
    public static final int FUTEX_WAKE = 1;
    public static final int FUTEX_FD = 2;
    public static final int FUTEX_REQUEUE = 3;
    public static final int FUTEX_CMP_REQUEUE = 4;
    public static final int FUTEX_WAKE_OP = 5;
    public static final int FUTEX_LOCK_PI = 6;
    public static final int FUTEX_UNLOCK_PI = 7;
    public static final int FUTEX_TRYLOCK_PI = 8;
    public static final int FUTEX_WAIT_BITSET = 9;
    public static final int FUTEX_WAKE_BITSET = 10;
    public static final int FUTEX_WAIT_REQUEUE_PI = 11;
    public static final int FUTEX_CMP_REQUEUE_PI = 12;
    public static final int FUTEX_LOCK_PI2 = 13;
    public static final int FUTEX_PRIVATE_FLAG = 128;
    public static final int FUTEX_CLOCK_REALTIME = 256;
    public static final int FUTEX_CMD_MASK = ~(FUTEX_PRIVATE_FLAG | FUTEX_CLOCK_REALTIME);
    public static final int FUTEX_BITSET_MATCH_ANY = 0xffffffff;

    public static final int FUTEX_WAITERS = 0x80000000;
    public static final int FUTEX_OWNER_DIED = 0x40000000;
    public static final int FUTEX_TID_MASK = 0x3fffffff;

    public static final int FUTEX_OP_SET = 0;
    public static final int FUTEX_OP_ADD = 1;
    public static final int FUTEX_OP_OR = 2;
    public static final int FUTEX_OP_ANDN = 3;
    public static final int FUTEX_OP_XOR = 4;
    /** FUTEX_WAKE_OP: the operand is 1 << oparg. */
    public static final int FUTEX_OP_OPARG_SHIFT = 8;
    public static final int FUTEX_OP_CMP_EQ = 0;
    public static final int FUTEX_OP_CMP_NE = 1;
    public static final int FUTEX_OP_CMP_LT = 2;
    public static final int FUTEX_OP_CMP_LE = 3;
    public static final int FUTEX_OP_CMP_GT = 4;
    public static final int FUTEX_OP_CMP_GE = 5;

    /** The most entries a robust list walk follows. */
    public static final int ROBUST_LIST_LIMIT = 2048;
}
