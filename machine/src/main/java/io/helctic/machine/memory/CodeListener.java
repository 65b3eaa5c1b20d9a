package io.helctic.machine.memory;

/**
 * Told when a frame that holds decoded (cached) code is written, released or reported written
 * by the kernel, so decoded blocks from it can be dropped. CPUs register one per code cache.
 */
@FunctionalInterface
public interface CodeListener {
    void codeInvalidated(long pfn);
}
