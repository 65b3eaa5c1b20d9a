/** A read-only btrfs library: images made by mkfs.btrfs and the Linux kernel, no kernel dependency. */
module io.helctic.btrfs {
    requires aircompressor.v3;

    exports io.helctic.btrfs;
}
