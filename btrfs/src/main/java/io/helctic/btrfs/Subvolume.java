package io.helctic.btrfs;

import java.time.Instant;

/**
 * A subvolume or snapshot: its tree id, the parent tree and the directory in it that holds
 * its entry, its path from the top-level tree (5), and identity from its ROOT_ITEM.
 */
public record Subvolume(long id, long parent, long dirid, String path, long generation, long rootDirid,
                        String uuid, String parentUuid, Instant otime, boolean readOnly) {
    /** Whether this was created as a snapshot of another subvolume. */
    public boolean isSnapshot() { return parentUuid != null; }
}
