package io.helctic.kernel.net;

import io.helctic.kernel.context.FileTable;
import io.helctic.kernel.scheme.Handle;
import java.util.List;

/** Ancillary data a message carries between sockets (struct cmsghdr's payloads, decoded). */
public sealed interface Ancillary {
    /**
     * SCM_RIGHTS: open file descriptions in flight. Each holds one reference of the kernel's
     * description counts ({@code owner}) from the send until a receiver installs it or the message
     * is dropped ({@link #release}).
     */
    record Rights(List<Handle> files, FileTable.Descriptions owner) implements Ancillary {
        /** The references in flight go: the message was dropped, or the receiver installed its own. */
        public void release() {
            for (Handle h : files) owner.release(h);
        }
    }

    /** SCM_CREDENTIALS: struct ucred. */
    record Credentials(int pid, int uid, int gid) implements Ancillary {}

    /** Releases every descriptor in flight among {@code control}. */
    static void drop(List<Ancillary> control) {
        for (Ancillary a : control) if (a instanceof Rights r) r.release();
    }
}
