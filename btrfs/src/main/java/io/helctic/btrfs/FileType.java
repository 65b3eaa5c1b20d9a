package io.helctic.btrfs;

/** The kinds of inode, from the mode's S_IFMT bits or a directory entry's type byte. */
public enum FileType {
    REGULAR('-'), DIRECTORY('d'), SYMLINK('l'), FIFO('p'), SOCKET('s'), CHAR_DEVICE('c'), BLOCK_DEVICE('b'), UNKNOWN('?');

    private final char letter;

    FileType(char letter) { this.letter = letter; }

    /** The letter {@code ls -l} shows. */
    public char letter() { return letter; }

    static FileType ofMode(int mode) {
        return switch (mode & 0xF000) {
            case 0x8000 -> REGULAR;
            case 0x4000 -> DIRECTORY;
            case 0xA000 -> SYMLINK;
            case 0x1000 -> FIFO;
            case 0xC000 -> SOCKET;
            case 0x2000 -> CHAR_DEVICE;
            case 0x6000 -> BLOCK_DEVICE;
            default -> UNKNOWN;
        };
    }

    static FileType ofDirType(int t) {
        return switch (t) {
            case 1 -> REGULAR;
            case 2 -> DIRECTORY;
            case 3 -> CHAR_DEVICE;
            case 4 -> BLOCK_DEVICE;
            case 5 -> FIFO;
            case 6 -> SOCKET;
            case 7 -> SYMLINK;
            default -> UNKNOWN;
        };
    }
}
