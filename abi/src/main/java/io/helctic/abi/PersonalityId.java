package io.helctic.abi;

/** Which operating system's ABI a context speaks. The ids are fixed and appear in personality.h. */
public enum PersonalityId {
    KERNEL(0, "Helctic's native ABI: syscall number = KernelOps slot"),
    LINUX(1, "Linux"),
    WINDOWS(2, "Windows NT"),
    DARWIN(3, "Darwin (macOS)"),
    FREEBSD(4, "FreeBSD"),
    NETBSD(5, "NetBSD"),
    OPENBSD(6, "OpenBSD");

    private static final PersonalityId[] ALL = values();

    private final int id;
    private final String title;

    PersonalityId(int id, String title) {
        this.id = id;
        this.title = title;
    }

    public int id() { return id; }

    public String title() { return title; }

    /** The personality with this id, or null. */
    public static PersonalityId of(long id) {
        for (PersonalityId p : ALL) if (p.id == id) return p;
        return null;
    }
}
