package io.helctic.kernel.aio;

import static io.helctic.abi.uapi.Aio.*;

import io.helctic.abi.Errno;
import io.helctic.abi.uapi.Mman;
import io.helctic.kernel.memory.AddressSpace;
import io.helctic.kernel.memory.FrameAllocator;
import io.helctic.kernel.memory.Grant;
import io.helctic.kernel.memory.SharedPages;
import io.helctic.kernel.scheme.WaitQueue;
import java.lang.invoke.MethodHandles;
import java.lang.invoke.VarHandle;
import java.nio.ByteOrder;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.function.BiPredicate;

/**
 * One native AIO context (fs/aio.c's kioctx). Its completion ring is shared memory mapped into
 * the process at {@link #userId} (the aio_context_t): struct aio_ring (id, nr, head, tail, magic,
 * features, header length) and then the io_event slots. The kernel keeps the ring's pages pinned
 * and writes completions straight into them (tail, then the event before it), as Linux does, so
 * a program (libaio) may read events from the ring itself and move head; io_getevents reads
 * between head and tail and moves head too.
 *
 * <p>Request slots are counted as Linux counts them for one CPU: {@code nr_events - 1} slots
 * taken and given back in batches of {@code req_batch}, a slot coming back once its event has
 * left the ring.
 */
public final class AioContext {
    private static final VarHandle INT = MethodHandles.byteArrayViewVarHandle(int[].class, ByteOrder.LITTLE_ENDIAN);
    private static final VarHandle LONG = MethodHandles.byteArrayViewVarHandle(long[].class, ByteOrder.LITTLE_ENDIAN);
    private static final int PAGE = (int) AddressSpace.PAGE;
    /** Offsets in struct aio_ring. */
    private static final int ID = 0, NR = 4, HEAD = 8, TAIL = 12, MAGIC = 16, COMPAT = 20, INCOMPAT = 24, HEADER = 28;
    private static final int EVENTS_PER_PAGE = PAGE / IO_EVENT_SIZE;
    /** The ring header takes the first slot of the first page. */
    private static final int EVENTS_OFFSET = EVENTS_PER_PAGE - (PAGE - AIO_RING_HEADER_SIZE) / IO_EVENT_SIZE;
    /** The CPUs Linux's num_possible_cpus() would count. */
    static final int CPUS = Runtime.getRuntime().availableProcessors();

    private final Aio aio;
    private final AddressSpace space;
    private final FrameAllocator frames;
    private final SharedPages ring;
    private final long[] pfns;
    private final long mmapSize;
    /** Where the ring is mapped: the aio_context_t (mremap moves it, as aio_ring_mremap). */
    private volatile long userId;
    private final int nrEvents, reqBatch;
    private final long maxReqs;
    private volatile int id;
    private final AtomicBoolean dead = new AtomicBoolean();
    private boolean freed;

    // under this: the completion side and the slot counts
    private int tail, completedEvents, reqsAvailable, cpuReqs, inflight;
    private final List<Request> active = new ArrayList<>();
    /** Serialises the readers of the ring (io_getevents), as Linux's ring_lock. */
    private final Object ringLock = new Object();
    /** Woken at each completion and when the context dies: io_getevents waits here. */
    private final WaitQueue queue = new WaitQueue();

    private AioContext(Aio aio, AddressSpace space, SharedPages ring, long[] pfns, long userId, long mmapSize,
                       int nrEvents, long maxReqs) {
        this.aio = aio;
        this.space = space;
        this.frames = space.frames();
        this.ring = ring;
        this.pfns = pfns;
        this.userId = userId;
        this.mmapSize = mmapSize;
        this.nrEvents = nrEvents;
        this.maxReqs = maxReqs;
        this.reqsAvailable = nrEvents - 1;
        this.reqBatch = Math.max(1, (nrEvents - 1) / (CPUS * 4));
    }

    /** What io_setup made: the context, or the errno it failed with. */
    public record Created(AioContext context, long errno) {}

    /** ioctx_alloc: a context for at least {@code requested} (an unsigned int) events, mapped into {@code space}. */
    public static Created create(Aio aio, AddressSpace space, long requested) {
        long maxReqs = requested & 0xffffffffL;
        long n = Math.max(maxReqs, CPUS * 4L);
        n = (n * 2) & 0xffffffffL; // unsigned int arithmetic, as Linux's
        if (n > 0x10000000L / IO_EVENT_SIZE) return failed(Errno.EINVAL);
        if (n == 0 || maxReqs > aio.maxNr()) return failed(Errno.EAGAIN);
        n += 2; // the head/tail overlap entry, "and 2 for good luck"
        long size = AIO_RING_HEADER_SIZE + IO_EVENT_SIZE * n;
        int nrPages = (int) ((size + PAGE - 1) / PAGE);
        int nrEvents = (int) ((PAGE * (long) nrPages - AIO_RING_HEADER_SIZE) / IO_EVENT_SIZE);
        SharedPages ring = SharedPages.anonymous("/[aio] (deleted)");
        long[] pfns = new long[nrPages];
        FrameAllocator frames = space.frames();
        for (int i = 0; i < nrPages; i++) {
            pfns[i] = ring.pin(i, frames);
            if (pfns[i] < 0) {
                for (int j = 0; j < i; j++) frames.release(pfns[j]);
                return failed(Errno.ENOMEM);
            }
        }
        long mmapSize = (long) nrPages * PAGE;
        long at = space.map(0, mmapSize, Mman.PROT_READ | Mman.PROT_WRITE, false, false,
                a -> new Grant.Provider.Shared(ring, a, 0, true), ring.name());
        if (at < 0) {
            for (long pfn : pfns) frames.release(pfn);
            return failed(Errno.ENOMEM);
        }
        AioContext ctx = new AioContext(aio, space, ring, pfns, at, mmapSize, nrEvents, maxReqs);
        ctx.setRingInt(NR, nrEvents);
        ctx.setRingInt(ID, -1);
        ctx.setRingInt(MAGIC, AIO_RING_MAGIC);
        ctx.setRingInt(COMPAT, AIO_RING_COMPAT_FEATURES);
        ctx.setRingInt(INCOMPAT, AIO_RING_INCOMPAT_FEATURES);
        ctx.setRingInt(HEADER, AIO_RING_HEADER_SIZE);
        if (!aio.charge(maxReqs)) {
            ctx.dead.set(true);
            space.unmap(at, mmapSize);
            ctx.free();
            return failed(Errno.EAGAIN);
        }
        aio.add(ctx);
        ctx.setRingInt(ID, ctx.id);
        return new Created(ctx, 0);
    }

    private static Created failed(Errno e) {
        return new Created(null, e.negative());
    }

    AddressSpace space() { return space; }

    int id() { return id; }

    void setId(int id) { this.id = id; }

    /** The aio_context_t: where the ring is mapped. */
    public long userId() { return userId; }

    /**
     * Whether {@code at} is where the ring is mapped now: its address, or — the ring having been
     * moved by mremap — the start of a mapping of its first page, which becomes its address.
     */
    boolean mappedAt(long at) {
        if (at == userId) return true;
        Grant g = space.grantAt(at);
        if (g == null || g.start() != at || !(g.provider() instanceof Grant.Provider.Shared s) || s.pages() != ring
                || s.index(at) != 0) {
            return false;
        }
        userId = at;
        return true;
    }

    public boolean dead() { return dead.get(); }

    /** The ring's size in events (ring->nr). */
    public int nrEvents() { return nrEvents; }

    public WaitQueue queue() { return queue; }

    // ---- the ring ----------------------------------------------------------------------

    private byte[] frame(int page) {
        return frames.memory().frame(pfns[page]);
    }

    private int ringInt(int off) {
        int v = (int) INT.get(frame(0), off);
        VarHandle.acquireFence();
        return v;
    }

    private void setRingInt(int off, int v) {
        VarHandle.releaseFence();
        INT.set(frame(0), off, v);
        frames.memory().frameWritten(pfns[0]);
    }

    // ---- request slots (under this) -----------------------------------------------------

    private void putReqs(int n) {
        cpuReqs += n;
        while (cpuReqs >= reqBatch * 2) {
            cpuReqs -= reqBatch;
            reqsAvailable += reqBatch;
        }
    }

    private boolean getReqs() {
        if (cpuReqs == 0) {
            if (reqsAvailable < reqBatch) return false;
            reqsAvailable -= reqBatch;
            cpuReqs += reqBatch;
        }
        cpuReqs--;
        return true;
    }

    /** Slots of events that have left the ring since they were counted come back. */
    private void refill(int head, int tl) {
        head = Integer.remainderUnsigned(head, nrEvents);
        int inRing = head <= tl ? tl - head : nrEvents - (head - tl);
        int completed = completedEvents;
        completed = inRing < completed ? completed - inRing : 0;
        if (completed == 0) return;
        completedEvents -= completed;
        putReqs(completed);
    }

    /** aio_get_req: a request for the iocb at {@code obj} with {@code data}, or null when no slot is free (EAGAIN). */
    public synchronized Request newRequest(long obj, long data) {
        if (!getReqs()) {
            if (completedEvents > 0) refill(ringInt(HEAD), tail);
            if (!getReqs()) return null;
        }
        inflight++;
        return new Request(obj, data);
    }

    // ---- completion ---------------------------------------------------------------------

    /** One request: what its event will say, and what it holds until then. */
    public final class Request {
        private final long obj, data;
        private final AtomicBoolean over = new AtomicBoolean();
        private volatile Runnable cancel;
        private volatile Runnable release;
        private volatile io.helctic.kernel.scheme.EventFd eventfd;

        Request(long obj, long data) {
            this.obj = obj;
            this.data = data;
        }

        public AioContext context() { return AioContext.this; }

        /** What to do once the request is over (completed or refused): drop its file references. */
        public void onRelease(Runnable r) { release = r; }

        /** The eventfd IOCB_FLAG_RESFD names: one is added to it at completion. */
        public void signalling(io.helctic.kernel.scheme.EventFd e) { eventfd = e; }

        /** The request waits for an event (IOCB_CMD_POLL): io_cancel and io_destroy may cancel it by running {@code c}. */
        public void cancellable(Runnable c) {
            synchronized (AioContext.this) {
                cancel = c;
                if (!over.get()) active.add(this); // not one that completed meanwhile
            }
        }

        /** Completed: its io_event goes into the ring (each request once). */
        public void complete(long res, long res2) {
            if (!over.compareAndSet(false, true)) return;
            synchronized (AioContext.this) {
                active.remove(this);
            }
            ringEvent(obj, data, res, res2);
            io.helctic.kernel.scheme.EventFd e = eventfd;
            if (e != null) e.signal();
            queue.wake(io.helctic.abi.uapi.Poll.POLLIN);
            finished(false);
        }

        /** Refused at submission: no event; its slot is free again. */
        public void fail() {
            if (!over.compareAndSet(false, true)) return;
            finished(true);
        }

        private void finished(boolean giveBack) {
            Runnable r = release;
            if (r != null) r.run();
            synchronized (AioContext.this) {
                if (giveBack) putReqs(1);
                inflight--;
                AioContext.this.notifyAll();
            }
        }
    }

    /** aio_complete: the event at the tail, then the tail moves (ring->tail too). */
    private void ringEvent(long obj, long data, long res, long res2) {
        synchronized (this) {
            int t = tail;
            int pos = t + EVENTS_OFFSET;
            byte[] f = frame(pos / EVENTS_PER_PAGE);
            int off = (pos % EVENTS_PER_PAGE) * IO_EVENT_SIZE;
            LONG.set(f, off, data);
            LONG.set(f, off + 8, obj);
            LONG.set(f, off + 16, res);
            LONG.set(f, off + 24, res2);
            frames.memory().frameWritten(pfns[pos / EVENTS_PER_PAGE]);
            if (++t >= nrEvents) t = 0;
            tail = t;
            int head = ringInt(HEAD);
            setRingInt(TAIL, t);
            completedEvents++;
            if (completedEvents > 1) refill(head, t);
        }
    }

    /**
     * aio_read_events_ring: up to {@code nr} events between head and tail (as the ring says them:
     * the program may have moved head) to {@code events}, each piece through {@code put}; head
     * moves past them. The count, or -EFAULT (head unmoved) when put fails.
     */
    public long readEvents(long events, long nr, BiPredicate<Long, byte[]> put) {
        synchronized (ringLock) {
            int head = ringInt(HEAD), tl = ringInt(TAIL);
            if (head == tl) return 0;
            head = Integer.remainderUnsigned(head, nrEvents);
            tl = Integer.remainderUnsigned(tl, nrEvents);
            long got = 0;
            while (got < nr && head != tl) {
                long avail = (head <= tl ? tl : nrEvents) - head;
                int pos = head + EVENTS_OFFSET;
                int page = pos / EVENTS_PER_PAGE, at = pos % EVENTS_PER_PAGE;
                avail = Math.min(avail, nr - got);
                avail = Math.min(avail, EVENTS_PER_PAGE - at);
                byte[] out = new byte[(int) avail * IO_EVENT_SIZE];
                System.arraycopy(frame(page), at * IO_EVENT_SIZE, out, 0, out.length);
                if (!put.test(events + got * IO_EVENT_SIZE, out)) return Errno.EFAULT.negative();
                got += avail;
                head = (int) ((head + avail) % nrEvents);
            }
            setRingInt(HEAD, head);
            return got;
        }
    }

    // ---- cancellation and the end -------------------------------------------------------

    /** io_cancel: the cancellable request for the iocb at {@code obj} is cancelled (true), or there is none. */
    public boolean cancel(long obj) {
        Request found = null;
        synchronized (this) {
            for (Request r : active) {
                if (r.obj == obj) {
                    found = r;
                    break;
                }
            }
            if (found != null) active.remove(found);
        }
        if (found == null) return false;
        found.cancel.run();
        return true;
    }

    /**
     * kill_ioctx: the first call marks the context dead, takes it out of its table, gives back its
     * events to aio-nr, unmaps the ring ({@code unmap}: not when the whole space is going) and
     * cancels what can be cancelled. False when it was dead already.
     */
    public boolean kill(boolean unmap) {
        if (!dead.compareAndSet(false, true)) return false;
        aio.remove(this);
        queue.wake(io.helctic.abi.uapi.Poll.POLLIN);
        aio.uncharge(maxReqs);
        if (unmap) space.unmap(userId, mmapSize);
        List<Request> cancelled;
        synchronized (this) {
            cancelled = new ArrayList<>(active);
            active.clear();
        }
        for (Request r : cancelled) r.cancel.run();
        return true;
    }

    /** Waits (uninterruptibly, as Linux) until no request is in flight, then lets the ring's pages go. */
    public void awaitIdle() {
        boolean interrupted = false;
        synchronized (this) {
            while (inflight > 0) {
                try {
                    wait();
                } catch (InterruptedException e) {
                    interrupted = true;
                }
            }
            free();
        }
        if (interrupted) Thread.currentThread().interrupt();
    }

    private synchronized void free() {
        if (freed) return;
        freed = true;
        for (long pfn : pfns) frames.release(pfn);
    }
}
