package io.helctic.abi;

import java.util.Arrays;
import java.util.Objects;

/**
 * The installed table of kernel operations, one {@link Op} per {@link KernelOp} slot.
 * Built once by the kernel at boot from its declared list ({@link #declared}: every slot in
 * slot order, each with the method that implements it or explicitly unimplemented) and
 * handed to the personality layer; an unimplemented slot answers {@code -ENOSYS}.
 */
public final class KernelOps {

    /** One slot: six 64-bit scalars in, one 64-bit value out (-errno on failure). */
    @FunctionalInterface
    public interface Op {
        long call(long a1, long a2, long a3, long a4, long a5, long a6);
    }

    /** An implementation taking no argument. The OpN forms let a slot name a method of its own arity. */
    @FunctionalInterface public interface Op0 { long call(); }
    @FunctionalInterface public interface Op1 { long call(long a1); }
    @FunctionalInterface public interface Op2 { long call(long a1, long a2); }
    @FunctionalInterface public interface Op3 { long call(long a1, long a2, long a3); }
    @FunctionalInterface public interface Op4 { long call(long a1, long a2, long a3, long a4); }
    @FunctionalInterface public interface Op5 { long call(long a1, long a2, long a3, long a4, long a5); }
    @FunctionalInterface public interface Op6 { long call(long a1, long a2, long a3, long a4, long a5, long a6); }

    /**
     * One line of a declared table: a slot and its implementation, taking exactly the slot's
     * parameters ({@code arity}); {@code impl == null} for a slot the kernel does not implement.
     */
    public record Slot(KernelOp op, int arity, Op impl) {
        public Slot {
            Objects.requireNonNull(op, "op");
            if (impl != null && arity != op.params().size()) {
                throw new IllegalArgumentException(op + " takes " + op.params().size() + " arguments; its method takes " + arity);
            }
            if (impl != null && op.reserved()) throw new IllegalArgumentException("slot " + op.slot() + " is reserved");
        }

        public boolean implemented() { return impl != null; }
    }

    public static Slot slot(KernelOp op, Op0 f) { Objects.requireNonNull(f); return new Slot(op, 0, (a, b, c, d, e, g) -> f.call()); }
    public static Slot slot(KernelOp op, Op1 f) { Objects.requireNonNull(f); return new Slot(op, 1, (a, b, c, d, e, g) -> f.call(a)); }
    public static Slot slot(KernelOp op, Op2 f) { Objects.requireNonNull(f); return new Slot(op, 2, (a, b, c, d, e, g) -> f.call(a, b)); }
    public static Slot slot(KernelOp op, Op3 f) { Objects.requireNonNull(f); return new Slot(op, 3, (a, b, c, d, e, g) -> f.call(a, b, c)); }
    public static Slot slot(KernelOp op, Op4 f) { Objects.requireNonNull(f); return new Slot(op, 4, (a, b, c, d, e, g) -> f.call(a, b, c, d)); }
    public static Slot slot(KernelOp op, Op5 f) { Objects.requireNonNull(f); return new Slot(op, 5, (a, b, c, d, e, g) -> f.call(a, b, c, d, e)); }
    public static Slot slot(KernelOp op, Op6 f) { Objects.requireNonNull(f); return new Slot(op, 6, f::call); }

    /** A slot with no implementation: it answers -ENOSYS. */
    public static Slot unimplemented(KernelOp op) {
        return new Slot(op, op.params().size(), null);
    }

    private static final Op NOT_IMPLEMENTED = (a1, a2, a3, a4, a5, a6) -> Errno.ENOSYS.negative();

    private final Op[] slots;

    private KernelOps(Op[] slots) {
        this.slots = slots;
    }

    /**
     * The kernel's table: {@code lines} must name every slot exactly once, in slot order (reserved
     * slots as {@link #unimplemented}), so that the declaration reads as the table it builds.
     */
    public static KernelOps declared(Slot... lines) {
        if (lines.length != KernelOp.SLOTS) {
            throw new IllegalArgumentException("a declared table has " + KernelOp.SLOTS + " lines, not " + lines.length);
        }
        Op[] t = new Op[KernelOp.SLOTS];
        for (int i = 0; i < lines.length; i++) {
            if (lines[i].op().slot() != i) {
                throw new IllegalArgumentException("line " + i + " declares " + lines[i].op() + ": slots go in slot order");
            }
            t[i] = lines[i].implemented() ? lines[i].impl() : NOT_IMPLEMENTED;
        }
        return new KernelOps(t);
    }

    /** A table with only these slots filled, in any order (for tests and fakes); the rest answer -ENOSYS. */
    public static KernelOps sparse(Slot... lines) {
        Op[] t = new Op[KernelOp.SLOTS];
        Arrays.fill(t, NOT_IMPLEMENTED);
        for (Slot s : lines) {
            if (t[s.op().slot()] != NOT_IMPLEMENTED) throw new IllegalArgumentException(s.op() + " set twice");
            if (s.implemented()) t[s.op().slot()] = s.impl();
        }
        return new KernelOps(t);
    }

    /** Call the op in {@code slot}; an index outside the table answers -ENOSYS. */
    public long call(int slot, long a1, long a2, long a3, long a4, long a5, long a6) {
        if (slot < 0 || slot >= slots.length) return Errno.ENOSYS.negative();
        return slots[slot].call(a1, a2, a3, a4, a5, a6);
    }

    public long call(KernelOp op, long a1, long a2, long a3, long a4, long a5, long a6) {
        return slots[op.slot()].call(a1, a2, a3, a4, a5, a6);
    }

    public long call(KernelOp op, long a1, long a2, long a3, long a4, long a5) {
        return slots[op.slot()].call(a1, a2, a3, a4, a5, 0);
    }

    public long call(KernelOp op, long a1, long a2, long a3, long a4) {
        return slots[op.slot()].call(a1, a2, a3, a4, 0, 0);
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
}
