package io.helctic.personality.linux;

import io.helctic.abi.Errno;
import io.helctic.abi.KernelOp;
import io.helctic.abi.KernelOps;
import java.util.List;

/** What a syscall entry does. */
public sealed interface Handler {

    /** One argument of a direct op call: a guest argument (normalised by its kind) or a constant. */
    sealed interface Arg {
        record Pass(int index) implements Arg {}
        record Const(long value) implements Arg {}
    }

    static Arg pass(int index) { return new Arg.Pass(index); }

    static Arg constant(long value) { return new Arg.Const(value); }

    /** The arguments go straight to one op (after width normalisation); its value is the result. */
    record Direct(KernelOp op, List<Arg> args) implements Handler {
        public Direct {
            args = List.copyOf(args);
            if (args.size() != op.params().size()) {
                throw new IllegalArgumentException(op + " takes " + op.params().size() + " arguments, got " + args.size());
            }
        }

        long invoke(KernelOps ops, List<ArgKind> kinds, long[] a) {
            long[] v = new long[6];
            for (int i = 0; i < args.size(); i++) {
                v[i] = switch (args.get(i)) {
                    case Arg.Pass p -> ArgKind.normalize(kinds.get(p.index()), a[p.index()]);
                    case Arg.Const c -> c.value();
                };
            }
            return ops.call(op, v[0], v[1], v[2], v[3], v[4], v[5]);
        }

        /** e.g. {@code OPENAT(AT_FDCWD=-100, a1, a2, a3)}. */
        public String render() {
            StringBuilder s = new StringBuilder(op.name()).append('(');
            for (int i = 0; i < args.size(); i++) {
                if (i > 0) s.append(", ");
                s.append(switch (args.get(i)) {
                    case Arg.Pass p -> "a" + (p.index() + 1);
                    case Arg.Const c -> Long.toString(c.value());
                });
            }
            return s.append(')').toString();
        }
    }

    /** A translation; {@code summary} says what it does (it appears in the table's note). */
    record Translated(String summary, Shim shim) implements Handler {}

    /** Answers -ENOSYS. */
    enum NotImplemented implements Handler { INSTANCE }

    /** Runs the handler for arguments {@code a} (six registers). */
    static long run(Handler h, KernelOps ops, List<ArgKind> kinds, long[] a) {
        return switch (h) {
            case Direct d -> d.invoke(ops, kinds, a);
            case Translated t -> t.shim().call(ops, a[0], a[1], a[2], a[3], a[4], a[5]);
            case NotImplemented n -> Errno.ENOSYS.negative();
        };
    }
}
