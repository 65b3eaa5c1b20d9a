package io.helctic.kernel.ipc;

import io.helctic.abi.Isa;
import io.helctic.abi.Struct;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.util.function.BiConsumer;

/** What every System V object has: its id, its struct ipc64_perm and the time it last changed. */
public abstract class IpcObject {
    final int id;
    final IpcPerm perm;
    volatile long ctime = SysV.now();

    IpcObject(int id, IpcPerm perm) {
        this.id = id;
        this.perm = perm;
    }

    public int id() { return id; }

    public IpcPerm perm() { return perm; }

    /** IPC_STAT's structure ds: the perm at field permField, then what {@code fields} stores. */
    byte[] statWith(Struct ds, String permField, BiConsumer<Struct.Layout, ByteBuffer> fields) {
        Struct.Layout l = ds.layout(Isa.X86_64);
        ByteBuffer b = ByteBuffer.allocate(l.size()).order(ByteOrder.LITTLE_ENDIAN);
        perm.put(b, l, permField);
        fields.accept(l, b);
        return b.array();
    }

    /** IPC_SET: owner and mode from the caller's structure ds; the change time moves. Returns its buffer. */
    ByteBuffer setFrom(byte[] raw, Struct ds, String permField) {
        ByteBuffer b = ByteBuffer.wrap(raw).order(ByteOrder.LITTLE_ENDIAN);
        perm.set(b, ds.layout(Isa.X86_64), permField);
        ctime = SysV.now();
        return b;
    }
}
