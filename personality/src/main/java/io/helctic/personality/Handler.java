package io.helctic.personality;

import io.helctic.abi.Errno;
import io.helctic.abi.KernelOp;
import io.helctic.abi.KernelOps;
import java.util.List;

/** What a syscall table entry does: call one op directly, run a shim, or answer ENOSYS. */
public sealed interface Handler {

    /** One argument of a direct op call: a syscall argument (normalised to its width) or a constant. */
    sealed interface Arg {
        record Pass(int index) implements Arg {}
        /** A constant; {@code name} (may be null) is how the documents show it. */
        record Const(long value, String name) implements Arg {}
    }

    /** How a personality turns argument register {@code index} into the value its kind takes (C int: low 32 bits). */
    @FunctionalInterface
    interface Widths {
        long normalize(int index, long register);
    }

    static Arg pass(int index) { return new Arg.Pass(index); }

    static Arg constant(long value) { return new Arg.Const(value, null); }

    static Arg constant(String name, long value) { return new Arg.Const(value, name); }

    /** The arguments go straight to one op (after width normalisation); its value is the result. */
    record Direct(KernelOp op, List<Arg> args) implements Handler {
        public Direct {
            args = List.copyOf(args);
            if (args.size() != op.params().size()) {
                throw new IllegalArgumentException(op + " takes " + op.params().size() + " arguments, got " + args.size());
            }
        }

        long invoke(KernelOps ops, Widths widths, long a1, long a2, long a3, long a4, long a5, long a6) {
            // six values without an array: the syscall path allocates nothing of its own
            int n = args.size();
            return ops.call(op, n > 0 ? value(0, widths, a1, a2, a3, a4, a5, a6) : 0,
                    n > 1 ? value(1, widths, a1, a2, a3, a4, a5, a6) : 0,
                    n > 2 ? value(2, widths, a1, a2, a3, a4, a5, a6) : 0,
                    n > 3 ? value(3, widths, a1, a2, a3, a4, a5, a6) : 0,
                    n > 4 ? value(4, widths, a1, a2, a3, a4, a5, a6) : 0,
                    n > 5 ? value(5, widths, a1, a2, a3, a4, a5, a6) : 0);
        }

        /** The op's i-th argument: a syscall argument normalised to its width, or a constant. */
        private long value(int i, Widths widths, long a1, long a2, long a3, long a4, long a5, long a6) {
            Arg x = args.get(i);
            if (!(x instanceof Arg.Pass p)) return ((Arg.Const) x).value();
            int k = p.index();
            long reg = k == 0 ? a1 : k == 1 ? a2 : k == 2 ? a3 : k == 3 ? a4 : k == 4 ? a5 : a6;
            return widths.normalize(k, reg);
        }

        /** e.g. {@code OPENAT(AT_FDCWD, a1, a2, a3)}. */
        public String render() {
            StringBuilder s = new StringBuilder(op.name()).append('(');
            for (int i = 0; i < args.size(); i++) {
                if (i > 0) s.append(", ");
                s.append(switch (args.get(i)) {
                    case Arg.Pass p -> "a" + (p.index() + 1);
                    case Arg.Const c -> c.name() != null ? c.name() : Long.toString(c.value());
                });
            }
            return s.append(')').toString();
        }
    }

    /** A translation; {@code summary} says what it does (the documents show it). */
    record Translated(String summary, Shim shim) implements Handler {}

    /** Answers ENOSYS. */
    enum NotImplemented implements Handler { INSTANCE }

    static Handler op(KernelOp op, Arg... args) {
        return new Direct(op, List.of(args));
    }

    static Handler shim(String summary, Shim.S0 f) { return new Translated(summary, (o, a, b, c, d, e, g) -> f.call(o)); }
    static Handler shim(String summary, Shim.S1 f) { return new Translated(summary, (o, a, b, c, d, e, g) -> f.call(o, a)); }
    static Handler shim(String summary, Shim.S2 f) { return new Translated(summary, (o, a, b, c, d, e, g) -> f.call(o, a, b)); }
    static Handler shim(String summary, Shim.S3 f) { return new Translated(summary, (o, a, b, c, d, e, g) -> f.call(o, a, b, c)); }
    static Handler shim(String summary, Shim.S4 f) { return new Translated(summary, (o, a, b, c, d, e, g) -> f.call(o, a, b, c, d)); }
    static Handler shim(String summary, Shim.S5 f) { return new Translated(summary, (o, a, b, c, d, e, g) -> f.call(o, a, b, c, d, e)); }
    static Handler shim(String summary, Shim.S6 f) { return new Translated(summary, f::call); }

    /** Runs the handler for arguments {@code a} (six registers); the result is the op's or shim's (Linux numbering). */
    static long run(Handler h, KernelOps ops, Widths widths, long[] a) {
        return run(h, ops, widths, a[0], a[1], a[2], a[3], a[4], a[5]);
    }

    /** The same for the six registers as they are. */
    static long run(Handler h, KernelOps ops, Widths widths, long a1, long a2, long a3, long a4, long a5, long a6) {
        // instanceof tests, not a pattern switch: its SwitchBootstraps class would be spun at the
        // first syscall of every JVM (the AOT cache holds none), ~1-2 ms of start-up
        if (h instanceof Direct d) return d.invoke(ops, widths, a1, a2, a3, a4, a5, a6);
        if (h instanceof Translated t) return t.shim().call(ops, a1, a2, a3, a4, a5, a6);
        if (h instanceof NotImplemented) return Errno.ENOSYS.negative();
        throw new IllegalStateException("a handler kind run does not know: " + h);
    }
}
