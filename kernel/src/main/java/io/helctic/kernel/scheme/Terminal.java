package io.helctic.kernel.scheme;

/**
 * The controlling terminal the console streams share: which host descriptor it is (-1 for
 * none), its foreground process group (a guest pgid, kept by the kernel) and the host
 * settings to restore when the kernel stops.
 */
public final class Terminal {
    private final int hostFd;
    private final byte[] original;
    private volatile int foreground;

    public Terminal(int hostFd, int foreground) {
        byte[] t = hostFd >= 0 ? HostTty.getAttr(hostFd) : null;
        this.hostFd = t != null ? hostFd : -1;
        this.original = t;
        this.foreground = foreground;
    }

    /** Whether the console is a real terminal on the host. */
    public boolean isTty() { return hostFd >= 0; }

    public int hostFd() { return hostFd; }

    public int foreground() { return foreground; }

    public void setForeground(int pgid) { foreground = pgid; }

    /** Puts the host terminal back as it was at boot (the guest may have left it raw). */
    public void restore() {
        if (original != null) HostTty.setAttr(hostFd, 1 /* after output drains */, original);
    }
}
