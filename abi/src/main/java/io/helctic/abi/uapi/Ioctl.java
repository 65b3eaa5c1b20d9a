package io.helctic.abi.uapi;

/** Terminal and descriptor ioctl requests: Linux's x86-64 {@code <asm-generic/ioctls.h>}. */
public final class Ioctl {
    private Ioctl() {}

    public static final int TCGETS = 0x5401;
    public static final int TCSETS = 0x5402;
    public static final int TCSETSW = 0x5403;
    public static final int TCSETSF = 0x5404;
    public static final int TIOCSCTTY = 0x540E;
    public static final int TIOCGPGRP = 0x540F;
    public static final int TIOCSPGRP = 0x5410;
    public static final int TIOCGWINSZ = 0x5413;
    public static final int TIOCSWINSZ = 0x5414;
    public static final int FIONREAD = 0x541B;
    public static final int FIONBIO = 0x5421;
    public static final int TIOCNOTTY = 0x5422;
    public static final int FIONCLEX = 0x5450;
    public static final int FIOCLEX = 0x5451;
    public static final int FIOASYNC = 0x5452;
    /** The socket owner requests, which every file answers as F_SETOWN/F_GETOWN (sock_ioctl's and do_vfs_ioctl's). */
    public static final int FIOSETOWN = 0x8901;
    public static final int SIOCSPGRP = 0x8902;
    public static final int FIOGETOWN = 0x8903;
    public static final int SIOCGPGRP = 0x8904;
}
