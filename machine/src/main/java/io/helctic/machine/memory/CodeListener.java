package io.helctic.machine.memory;

/**
 * Told when a frame that holds decoded (cached) code is written, released or reported written
 * by the kernel, so decoded blocks from it can be dropped. CPUs register one per code cache.
 */
@FunctionalInterface
public interface CodeListener {
    void codeInvalidated(long pfn);

    /**
     * A frame has just been marked as holding decoded code: from now on every write to it must
     * be reported, so a CPU's MMU stops letting stores reach it without a check.
     */
    default void codeMarked(long pfn) {}
}
