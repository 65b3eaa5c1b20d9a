package io.helctic.btrfs;

/**
 * A directory entry. {@code node} is what it names; an entry naming a subvolume has that
 * subvolume's tree and root directory, and {@code subvolume} set. An entry for a subvolume
 * that is not there (a snapshot's copy of its source's entry for a nested subvolume) names,
 * as the kernel shows it, the empty stand-in directory: inode 2 of the directory's own tree.
 *
 * @param name  the name decoded as UTF-8, for showing and for paths typed by a user
 * @param bytes the name exactly as stored (names are bytes: two names that decode alike differ here)
 */
public record DirEntry(String name, Node node, FileType type, long index, boolean subvolume, byte[] bytes) {
    /** The stored bytes, a copy. */
    @Override
    public byte[] bytes() { return bytes.clone(); }
}
