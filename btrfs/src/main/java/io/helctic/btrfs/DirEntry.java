package io.helctic.btrfs;

/**
 * A directory entry. {@code node} is what it names; an entry naming a subvolume has that
 * subvolume's tree and root directory, and {@code subvolume} set.
 */
public record DirEntry(String name, Node node, FileType type, long index, boolean subvolume) {}
