package io.helctic.personality;

import io.helctic.abi.Errno;
import io.helctic.abi.KernelOp;
import io.helctic.abi.KernelOps;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.EnumMap;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * A fake kernel for tests: every slot records its calls; USER_LOAD / USER_STORE work on a
 * sparse simulated guest memory (unmapped bytes fault with EFAULT); other ops answer what
 * {@link #on} installed, else -ENOSYS.
 */
public final class FakeKernel {

    public record Call(KernelOp op, long[] args) {
        @Override public String toString() { return op + Arrays.toString(args); }
    }

    public final List<Call> calls = new ArrayList<>();
    private final Map<Long, Byte> memory = new HashMap<>();
    private final Map<KernelOp, KernelOps.Op> impl = new EnumMap<>(KernelOp.class);

    public FakeKernel on(KernelOp op, KernelOps.Op f) {
        impl.put(op, f);
        return this;
    }

    /** Maps {@code len} zero bytes at {@code addr}. */
    public FakeKernel map(long addr, int len) {
        for (int i = 0; i < len; i++) memory.putIfAbsent(addr + i, (byte) 0);
        return this;
    }

    public FakeKernel unmap(long addr, int len) {
        for (int i = 0; i < len; i++) memory.remove(addr + i);
        return this;
    }

    public FakeKernel poke(long addr, byte[] data) {
        for (int i = 0; i < data.length; i++) memory.put(addr + i, data[i]);
        return this;
    }

    public FakeKernel pokeString(long addr, String s) {
        byte[] b = s.getBytes(StandardCharsets.ISO_8859_1);
        return poke(addr, Arrays.copyOf(b, b.length + 1));
    }

    public FakeKernel poke64(long addr, long v) {
        for (int i = 0; i < 8; i++) memory.put(addr + i, (byte) (v >>> (8 * i)));
        return this;
    }

    public long peek64(long addr) {
        long v = 0;
        for (int i = 0; i < 8; i++) v |= (memory.get(addr + i) & 0xFFL) << (8 * i);
        return v;
    }

    public boolean mapped(long addr) {
        return memory.containsKey(addr);
    }

    public List<Call> callsOf(KernelOp op) {
        return calls.stream().filter(c -> c.op() == op).toList();
    }

    /** Calls other than guest memory accesses. */
    public List<Call> opCalls() {
        return calls.stream().filter(c -> c.op() != KernelOp.USER_LOAD && c.op() != KernelOp.USER_STORE).toList();
    }

    public KernelOps ops() {
        List<KernelOps.Slot> slots = new java.util.ArrayList<>();
        for (KernelOp op : KernelOp.values()) {
            if (op.reserved()) continue;
            slots.add(new KernelOps.Slot(op, op.params().size(), (a1, a2, a3, a4, a5, a6) -> {
                calls.add(new Call(op, new long[] {a1, a2, a3, a4, a5, a6}));
                KernelOps.Op f = impl.get(op);
                if (f != null) return f.call(a1, a2, a3, a4, a5, a6);
                return switch (op) {
                    case USER_LOAD -> load(a1, (int) a2);
                    case USER_STORE -> store(a1, a2, (int) a3);
                    default -> Errno.ENOSYS.negative();
                };
            }));
        }
        return KernelOps.sparse(slots.toArray(KernelOps.Slot[]::new));
    }

    private long load(long addr, int width) {
        if (width != 1 && width != 2 && width != 4) return Errno.EINVAL.negative();
        long v = 0;
        for (int i = 0; i < width; i++) {
            Byte b = memory.get(addr + i);
            if (b == null) return Errno.EFAULT.negative();
            v |= (b & 0xFFL) << (8 * i);
        }
        return v;
    }

    private long store(long addr, long value, int width) {
        if (width != 1 && width != 2 && width != 4 && width != 8) return Errno.EINVAL.negative();
        for (int i = 0; i < width; i++) if (!memory.containsKey(addr + i)) return Errno.EFAULT.negative();
        for (int i = 0; i < width; i++) memory.put(addr + i, (byte) (value >>> (8 * i)));
        return 0;
    }
}
