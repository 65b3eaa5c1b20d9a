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

    /** futex2 (futex_wait, futex_wake, futex_waitv, futex_requeue) flags: the word's size, NUMA, memory policy, private. */
    public static final int FUTEX2_SIZE_U8 = 0x00;
    public static final int FUTEX2_SIZE_U16 = 0x01;
    public static final int FUTEX2_SIZE_U32 = 0x02;
    public static final int FUTEX2_SIZE_U64 = 0x03;
    public static final int FUTEX2_NUMA = 0x04;
    public static final int FUTEX2_MPOL = 0x08;
    public static final int FUTEX2_PRIVATE = FUTEX_PRIVATE_FLAG;
    public static final int FUTEX2_SIZE_MASK = 0x03;
    /** A FUTEX2_NUMA futex's node word when no node is chosen yet. */
    public static final int FUTEX_NO_NODE = -1;
    /** The most entries of a futex_waitv array; {@code struct futex_waitv} is 24 bytes (val, uaddr, flags, reserved). */
    public static final int FUTEX_WAITV_MAX = 128;
    public static final int FUTEX_WAITV_SIZE = 24;

    /** The most entries a robust list walk follows. */
    public static final int ROBUST_LIST_LIMIT = 2048;
}
