package io.helctic.abi;

import java.util.Objects;

/**
 * The installed table of kernel operations, one {@link Op} per {@link KernelOp} slot.
 * Built once by the kernel at boot and handed to the personality layer; a slot the
 * kernel does not implement answers {@code -ENOSYS}.
 */
public final class KernelOps {

    /** One slot: six 64-bit scalars in, one 64-bit value out (-errno on failure). */
    @FunctionalInterface
    public interface Op {
        long call(long a1, long a2, long a3, long a4, long a5, long a6);
    }

    private static final Op NOT_IMPLEMENTED = (a1, a2, a3, a4, a5, a6) -> Errno.ENOSYS.negative();

    private final Op[] slots;

    private KernelOps(Op[] slots) {
        this.slots = slots;
    }

    /** Call the op in {@code slot}; an index outside the table answers -ENOSYS. */
    public long call(int slot, long a1, long a2, long a3, long a4, long a5, long a6) {
        if (slot < 0 || slot >= slots.length) return Errno.ENOSYS.negative();
        return slots[slot].call(a1, a2, a3, a4, a5, a6);
    }

    public long call(KernelOp op, long a1, long a2, long a3, long a4, long a5, long a6) {
        return slots[op.slot()].call(a1, a2, a3, a4, a5, a6);
    }

    public long call(KernelOp op, long a1, long a2, long a3) {
        return slots[op.slot()].call(a1, a2, a3, 0, 0, 0);
    }

    public long call(KernelOp op, long a1, long a2) {
        return slots[op.slot()].call(a1, a2, 0, 0, 0, 0);
    }

    public long call(KernelOp op, long a1) {
        return slots[op.slot()].call(a1, 0, 0, 0, 0, 0);
    }

    public long call(KernelOp op) {
        return slots[op.slot()].call(0, 0, 0, 0, 0, 0);
    }

    /** Whether the kernel installed an implementation in this slot. */
    public boolean implemented(KernelOp op) {
        return slots[op.slot()] != NOT_IMPLEMENTED;
    }

    public static Builder builder() {
        return new Builder();
    }

    /** Fills slots; each at most once, reserved slots never. */
    public static final class Builder {
        private final Op[] slots = new Op[KernelOp.SLOTS];
        private boolean built;

        private Builder() {
            java.util.Arrays.fill(slots, NOT_IMPLEMENTED);
        }

        public Builder set(KernelOp op, Op impl) {
            if (built) throw new IllegalStateException("table already built");
            if (op.reserved()) throw new IllegalArgumentException("slot " + op.slot() + " is reserved");
            if (slots[op.slot()] != NOT_IMPLEMENTED) throw new IllegalArgumentException(op + " set twice");
            slots[op.slot()] = Objects.requireNonNull(impl);
            return this;
        }

        public KernelOps build() {
            built = true;
            return new KernelOps(slots.clone());
        }
    }
}
