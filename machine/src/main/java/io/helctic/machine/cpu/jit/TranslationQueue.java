package io.helctic.machine.cpu.jit;

import java.lang.invoke.MethodHandles;
import java.util.concurrent.ArrayBlockingQueue;
import java.util.concurrent.atomic.AtomicLong;

/**
 * The translation tier's ISA-neutral machinery: when to translate (a block entered
 * {@link #THRESHOLD} times), the background thread that translates (the CPU keeps interpreting
 * the block meanwhile), publishing a translation ({@link CodeBlock#code}) without losing an
 * invalidation that raced with it, the JVM-wide counters, and the class-file dump.
 *
 * <p>Translation runs on one background thread, or synchronously when {@code helctic.jit.sync}
 * is set (tests). {@code helctic.jit=off} disables the tier; {@code helctic.jit.threshold} sets
 * the entry count; {@code helctic.jit.chain} how many blocks one call from the run loop may
 * chain through.
 */
public final class TranslationQueue {
    private TranslationQueue() {}

    public static final boolean ENABLED = !"off".equals(System.getProperty("helctic.jit"));
    public static final boolean SYNC = Boolean.getBoolean("helctic.jit.sync");
    public static final int THRESHOLD = Integer.getInteger("helctic.jit.threshold", 4000);
    /** Blocks one call from the run loop may chain through before it returns (bounds the JVM stack). */
    public static final int MAX_CHAIN = Integer.getInteger("helctic.jit.chain", 64);

    /** Blocks translated, and blocks whose translation failed (they stay interpreted), in this JVM. */
    public static final AtomicLong translated = new AtomicLong(), failed = new AtomicLong();
    /** Translations that cover a region of more than one block. */
    public static final AtomicLong regions = new AtomicLong();

    /** An ISA's translation of one block (which it captured), made on whichever thread runs it. */
    @FunctionalInterface
    public interface Job {
        Translation translate() throws Throwable;
    }

    private record Task(CodeBlock<?> block, Job job) {}

    private static final ArrayBlockingQueue<Task> queue = new ArrayBlockingQueue<>(4096);
    private static volatile boolean started;

    /** Asks for {@code b} to be translated by {@code job}; its {@link CodeBlock#code} is set when done. */
    public static void submit(CodeBlock<?> b, Job job) {
        if (SYNC) {
            translate(b, job, true);
            return;
        }
        if (!started) start();
        if (!queue.offer(new Task(b, job))) b.heat = 0; // the queue is full: try again later
    }

    private static synchronized void start() {
        if (started) return;
        Thread t = new Thread(() -> {
            io.helctic.machine.HelperThreads.started();
            while (true) {
                try {
                    Task j = queue.take();
                    if (j.block.valid && j.block.code == null) translate(j.block, j.job, false);
                } catch (InterruptedException e) {
                    return;
                }
            }
        }, "helctic-translator");
        t.setDaemon(true);
        t.setPriority(Thread.NORM_PRIORITY - 1);
        t.start();
        started = true;
    }

    /**
     * Translates {@code b} with {@code job} and publishes the translation ({@link CodeBlock#code}).
     * A translation defect must not stop the guest: the block stays interpreted and
     * {@link #failed} counts it — unless {@code strict} (tests, {@code helctic.jit.sync}), when
     * it is thrown.
     */
    public static void translate(CodeBlock<?> b, Job job, boolean strict) {
        try {
            Translation code = job.translate();
            b.code = code;
            if (!b.valid) code.valid = false; // invalidated meanwhile (CodeBlock#invalidate saw no code yet)
            translated.incrementAndGet();
        } catch (Throwable e) {
            failed.incrementAndGet();
            b.heat = Integer.MIN_VALUE;
            if (strict) throw new IllegalStateException("translation failed at " + Long.toHexString(b.vaddr), e);
        }
    }

    /**
     * Defines the class file of the translation of the block at {@code vaddr} as a hidden class
     * of {@code lookup}'s package (where it reaches what it calls). With {@code helctic.jit.dump}
     * set, the class file is written to that directory first (read them with javap -c), and
     * classes.txt there names the hidden class of each address (as HotSpot's logs name it).
     */
    public static MethodHandles.Lookup define(MethodHandles.Lookup lookup, byte[] bytes, long vaddr)
            throws IllegalAccessException {
        if (DUMP != null) dump(bytes, vaddr);
        MethodHandles.Lookup l = lookup.defineHiddenClass(bytes, true);
        if (DUMP != null) dumpName(l.lookupClass().getName(), vaddr);
        return l;
    }

    private static final String DUMP = System.getProperty("helctic.jit.dump");

    private static void dump(byte[] bytes, long vaddr) {
        try {
            java.nio.file.Path dir = java.nio.file.Path.of(DUMP);
            java.nio.file.Files.createDirectories(dir);
            java.nio.file.Files.write(dir.resolve(Long.toHexString(vaddr) + ".class"), bytes);
        } catch (java.io.IOException e) {
            System.err.println("helctic: cannot dump a translation: " + e.getMessage());
        }
    }

    private static synchronized void dumpName(String name, long vaddr) {
        try {
            java.nio.file.Files.writeString(java.nio.file.Path.of(DUMP, "classes.txt"),
                    name + " " + Long.toHexString(vaddr) + "\n", java.nio.file.StandardOpenOption.CREATE,
                    java.nio.file.StandardOpenOption.APPEND);
        } catch (java.io.IOException e) {
            System.err.println("helctic: cannot dump a translation: " + e.getMessage());
        }
    }
}
