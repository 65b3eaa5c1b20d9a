package io.helctic.kernel.scheme;

import io.helctic.kernel.memory.SharedPages;
import io.helctic.kernel.vfs.Notify.Inode;
import java.lang.ref.WeakReference;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.Supplier;

/**
 * The file: scheme's page cache: the shared-memory object of every host file some MAP_SHARED
 * mapping uses, found by the file's identity (device and inode, so hard links and separate
 * opens meet). Descriptors consult it so that read and write stay coherent with the mappings.
 * An object lives as long as a grant refers to it; then its entry goes.
 */
final class PageCache {
    private final ConcurrentHashMap<Inode, WeakReference<SharedPages>> objects = new ConcurrentHashMap<>();

    /** The object for a file when some mapping of it exists, else null (the common, fast case). */
    SharedPages find(Inode key) {
        if (key == null || objects.isEmpty()) return null;
        WeakReference<SharedPages> r = objects.get(key);
        return r == null ? null : r.get();
    }

    /** The object for a file, made on the first shared mapping; {@code backing} is offered to an existing one. */
    synchronized SharedPages pagesFor(Inode key, Supplier<SharedPages.Backing> backing, String path) {
        objects.values().removeIf(r -> r.get() == null);
        SharedPages p = find(key);
        if (p != null) {
            p.offer(backing.get());
            return p;
        }
        p = SharedPages.of(backing.get(), path);
        objects.put(key, new WeakReference<>(p));
        return p;
    }
}
