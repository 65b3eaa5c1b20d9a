package io.helctic.btrfs;

/** An inode of one tree: the subvolume (tree id) and the inode number within it. */
public record Node(long tree, long ino) {
    @Override public String toString() { return tree + ":" + ino; }
}
