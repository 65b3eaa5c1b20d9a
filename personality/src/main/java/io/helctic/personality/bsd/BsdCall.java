package io.helctic.personality.bsd;

import io.helctic.abi.KernelOp;
import io.helctic.abi.KernelOps;
import io.helctic.personality.Handler;
import io.helctic.personality.Support;
import java.util.List;

/**
 * One BSD-family syscall: number, name, argument kinds, how completely it is supported (with a
 * note saying what is missing), what it does, and — for calls with a second result in rdx — how
 * that value is found ({@code second}, null when the call leaves rdx alone).
 */
public record BsdCall(int number, String name, List<BsdArg> args, Support support, String note, Handler handler,
                      Second second) implements Handler.Widths {

    /** A call's second result (rdx): what an op answers ({@code op} not null) or a constant; {@code summary} for the documents. */
    public record Second(String summary, KernelOp op, long constant) {
        public long value(KernelOps ops) {
            return op != null ? ops.call(op) : constant;
        }
    }

    public BsdCall {
        args = List.copyOf(args);
        if ((support == Support.UNIMPLEMENTED) != (handler instanceof Handler.NotImplemented)) {
            throw new IllegalArgumentException(name + ": support " + support + " does not match its handler");
        }
    }

    /** C int arguments use the low 32 bits, sign-extended; the rest the whole register. */
    @Override
    public long normalize(int index, long register) {
        return index < args.size() ? args.get(index).normalize(register) : register;
    }

    public boolean implemented() {
        return support != Support.UNIMPLEMENTED;
    }

    /** A known call that answers ENOSYS. */
    public static BsdCall named(int number, String name, String sig) {
        return new BsdCall(number, name, BsdArg.parse(sig), Support.UNIMPLEMENTED, "", Handler.NotImplemented.INSTANCE, null);
    }

    public static BsdCall full(int number, String name, String sig, Handler how) {
        return new BsdCall(number, name, BsdArg.parse(sig), Support.FULL, "", how, null);
    }

    /** A call whose {@code missing} says what of the OS's behaviour it lacks. */
    public static BsdCall partial(int number, String name, String sig, String missing, Handler how) {
        return new BsdCall(number, name, BsdArg.parse(sig), Support.PARTIAL, missing, how, null);
    }

    /** The same call, with a second result in rdx. */
    public BsdCall withSecond(Second s) {
        return new BsdCall(number, name, args, support, note, handler, s);
    }
}
