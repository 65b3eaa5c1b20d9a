package io.helctic.personality.linux;

import io.helctic.personality.Handler;
import io.helctic.personality.Support;
import java.util.List;

/**
 * One Linux syscall number: its name, argument kinds, how a trace shows its result, how
 * completely it is supported, a short note and its handler. An {@code assigned == false}
 * entry is a number Linux gives no syscall (its name is strace's {@code syscall_0x…}).
 */
public record SyscallEntry(int number, String name, boolean assigned, List<ArgKind> args, Ret ret,
                           Support support, String note, Handler handler) implements Handler.Widths {
    public SyscallEntry {
        args = List.copyOf(args);
        if (args.size() > 6) throw new IllegalArgumentException(name + ": more than six arguments");
        if ((support == Support.UNIMPLEMENTED) != (handler instanceof Handler.NotImplemented)) {
            throw new IllegalArgumentException(name + ": support " + support + " does not match handler " + handler);
        }
    }

    /** The argument's kind decides its width (a C int is the register's low 32 bits). */
    @Override
    public long normalize(int index, long register) {
        return ArgKind.normalize(args.get(index), register);
    }

    SyscallEntry implement(Support level, String why, Handler how) {
        return new SyscallEntry(number, name, assigned, args, ret, level, why, how);
    }
}
