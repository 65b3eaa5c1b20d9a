package io.helctic.kernel.aio;

import io.helctic.kernel.memory.AddressSpace;
import java.util.ArrayList;
import java.util.IdentityHashMap;
import java.util.List;
import java.util.Map;

/**
 * The kernel's native AIO (fs/aio.c): the system-wide count of requested events against its
 * limit (/proc/sys/fs/aio-nr and aio-max-nr), and each address space's table of contexts
 * (Linux's mm->ioctx_table: a fork's child, with a new address space, starts with none, though
 * it keeps a shared mapping of its parent's rings). A context's id is its index in the table,
 * which Linux also writes into the ring.
 */
public final class Aio {
    private long nr;
    private long maxNr = io.helctic.abi.uapi.Aio.AIO_MAX_NR_DEFAULT;
    private final Map<AddressSpace, List<AioContext>> tables = new IdentityHashMap<>();

    /** /proc/sys/fs/aio-nr: the events the contexts alive asked for. */
    public synchronized long nr() { return nr; }

    /** /proc/sys/fs/aio-max-nr. */
    public synchronized long maxNr() { return maxNr; }

    /** Counts {@code n} more events against aio-max-nr: false (EAGAIN) when they do not fit. */
    synchronized boolean charge(long n) {
        if (nr + n > maxNr || nr + n < nr) return false;
        nr += n;
        return true;
    }

    synchronized void uncharge(long n) {
        nr = Math.max(0, nr - n);
    }

    /**
     * Puts a new context in its space's table at the lowest free index (its id); the first context
     * of a space also arranges for every context left to be killed when the space is destroyed.
     */
    void add(AioContext ctx) {
        AddressSpace space = ctx.space();
        boolean first;
        synchronized (this) {
            List<AioContext> t = tables.get(space);
            first = t == null;
            if (first) tables.put(space, t = new ArrayList<>());
            int id = t.indexOf(null);
            if (id < 0) {
                id = t.size();
                t.add(ctx);
            } else {
                t.set(id, ctx);
            }
            ctx.setId(id);
        }
        if (first) space.beforeDestroy(() -> exit(space));
    }

    /** The live context of {@code space} with this id and ring address, or null. */
    public synchronized AioContext lookup(AddressSpace space, long id, long userId) {
        List<AioContext> t = tables.get(space);
        if (t == null || id < 0 || id >= t.size()) return null;
        AioContext c = t.get((int) id);
        return c != null && !c.dead() && c.mappedAt(userId) ? c : null;
    }

    /** Takes ctx out of its table (the first to do so kills it): false when it was already gone. */
    synchronized boolean remove(AioContext ctx) {
        List<AioContext> t = tables.get(ctx.space());
        if (t == null || ctx.id() >= t.size() || t.get(ctx.id()) != ctx) return false;
        t.set(ctx.id(), null);
        return true;
    }

    /** exit_aio: the space is going; every context in it is killed and its requests waited for. */
    private void exit(AddressSpace space) {
        List<AioContext> t;
        synchronized (this) {
            t = tables.remove(space);
        }
        if (t == null) return;
        for (AioContext c : t) {
            if (c != null) c.kill(false);
        }
        for (AioContext c : t) {
            if (c != null) c.awaitIdle();
        }
    }
}
