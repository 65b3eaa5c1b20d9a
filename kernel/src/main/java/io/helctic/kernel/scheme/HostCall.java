package io.helctic.kernel.scheme;

import java.nio.file.Files;
import java.nio.file.Path;

/**
 * The host's syscall(2) through the kernel's own JNI library ({@code libhelctichost.so}, built
 * from {@code kernel/src/main/c/hostcall.c} and placed beside the kernel's jar or classes
 * directory). Only for start-up time: binding it costs about a millisecond, where HostFs's FFM
 * downcall costs a cold JVM 30-50 ms of generated method-handle forms that no AOT cache holds.
 * HostFs uses FFM whenever the library is missing or refuses to load; the calls are the same.
 */
final class HostCall {
    private HostCall() {}

    /** The library's file name. */
    static final String LIBRARY = "libhelctichost.so";

    /** syscall(nr, a1..a6): its value, or -errno. */
    static native long call(long nr, long a1, long a2, long a3, long a4, long a5, long a6);

    /**
     * Loads the library, from {@code -Dhelctic.hostcall=PATH} or beside this class's jar or
     * classes directory ({@code -Dhelctic.hostcall=none}: never, FFM only), and checks it with a
     * getpid: whether the calls can go through it.
     */
    static boolean load() {
        String given = System.getProperty("helctic.hostcall");
        if ("none".equals(given)) return false;
        try {
            Path lib;
            if (given != null) {
                lib = Path.of(given);
            } else {
                var source = HostCall.class.getProtectionDomain().getCodeSource();
                if (source == null || source.getLocation() == null) return false;
                Path here = Path.of(source.getLocation().toURI());
                Path dir = here.getParent();
                if (dir == null) return false;
                lib = dir.resolve(LIBRARY);
            }
            if (!Files.isRegularFile(lib)) return false;
            System.load(lib.toAbsolutePath().toString());
            return call(39 /* getpid */, 0, 0, 0, 0, 0, 0) == ProcessHandle.current().pid();
        } catch (RuntimeException | LinkageError | java.net.URISyntaxException e) {
            return false;
        }
    }
}
