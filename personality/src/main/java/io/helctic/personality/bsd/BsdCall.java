package io.helctic.personality.bsd;

import io.helctic.abi.KernelOp;
import java.util.List;

/** One BSD-family syscall: number, name, argument kinds and what it does. */
public record BsdCall(int number, String name, List<BsdArg> args, Action action) {

    public BsdCall {
        args = List.copyOf(args);
    }

    /** What a call does. */
    public sealed interface Action {
        /** The arguments (normalised) go straight to one op. */
        record Op(KernelOp op) implements Action {}
        /** getpid; with {@code ppidInRdx} the parent's id goes to rdx as well (NetBSD). */
        record GetPid(boolean ppidInRdx) implements Action {}
        /** Known by name, answers ENOSYS. */
        enum NotImplemented implements Action { INSTANCE }
    }

    public boolean implemented() {
        return !(action instanceof Action.NotImplemented);
    }

    /** A known call that answers ENOSYS. */
    public static BsdCall named(int number, String name, String sig) {
        return new BsdCall(number, name, BsdArg.parse(sig), Action.NotImplemented.INSTANCE);
    }

    public static BsdCall op(int number, String name, String sig, KernelOp op) {
        return new BsdCall(number, name, BsdArg.parse(sig), new Action.Op(op));
    }
}
