package io.helctic.kernel.context;

import java.nio.charset.StandardCharsets;
import java.util.Arrays;

/**
 * A UTS namespace: the node (host) name and the domain name that uname(2) and
 * /proc/sys/kernel/{hostname,domainname} show and sethostname/setdomainname change. The kernel's
 * own, never the host's: a guest that renames its machine renames only this. Threads and children
 * share their parent's; unshare(CLONE_NEWUTS) gives a thread a copy of its own.
 */
public final class UtsNamespace {
    /** __NEW_UTS_LEN: a name's most bytes (the utsname field holds one more, a NUL). */
    public static final int NAME_MAX = 64;

    /** uname's sysname, release and version (and /proc/version's, /proc/sys/kernel's ostype, osrelease, version). */
    public static final String SYSNAME = "Linux", RELEASE = "6.1.0-helctic", VERSION = "#1 SMP PREEMPT_DYNAMIC Helctic 0.1";
    private byte[] nodename, domainname;

    /** The first namespace: node "helctic", no domain ("(none)", as Linux's default). */
    public UtsNamespace() {
        this("helctic".getBytes(StandardCharsets.US_ASCII), "(none)".getBytes(StandardCharsets.US_ASCII));
    }

    private UtsNamespace(byte[] node, byte[] domain) {
        nodename = node;
        domainname = domain;
    }

    /** A new namespace starting with this one's names. */
    public synchronized UtsNamespace copy() {
        return new UtsNamespace(nodename, domainname);
    }

    /** The node name's 65-byte utsname field: the bytes set (up to 64), NUL-padded. */
    public synchronized byte[] nodename() {
        return Arrays.copyOf(nodename, NAME_MAX + 1);
    }

    public synchronized byte[] domainname() {
        return Arrays.copyOf(domainname, NAME_MAX + 1);
    }

    /** sethostname's memcpy: exactly these bytes (NULs included), the rest of the field zero. */
    public synchronized void setNodename(byte[] name) {
        nodename = name.clone();
    }

    public synchronized void setDomainname(byte[] name) {
        domainname = name.clone();
    }
}
