package io.helctic.kernel.scheme;

import java.util.IdentityHashMap;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;

/**
 * Signal-driven I/O, as Linux's fasync: an open file description's owner (Linux's fown_struct:
 * whom F_SETOWN/F_SETOWN_EX name, with the setter's uid and euid, and F_SETSIG's signal), and the
 * lists a file keeps of the descriptions that set O_ASYNC on it (fasync_struct lists), each with
 * the descriptor it was set through. A file calls {@link Registrations#kill} exactly where Linux
 * calls kill_fasync; the owner's {@link Sender} (the kernel that set it) sends the signal.
 */
public final class Fasync {
    private Fasync() {}

    /** Linux's pid types an owner can have (F_OWNER_TID, F_OWNER_PID, F_OWNER_PGRP). */
    public enum Type { TID, PID, PGRP }

    /** Sends what an owner is owed: Linux's send_sigio. */
    public interface Sender {
        /** {@code reason} is POLL_IN..POLL_HUP; {@code fd} the descriptor O_ASYNC was set through. */
        void send(Owner owner, int fd, int reason);
    }

    /** An open file description's owner. Fields change under the owner's monitor. */
    public static final class Owner {
        private Type type = Type.TID;
        private int id;
        /** The owning thread (TID) or process (PID); null for a group or no owner. */
        private Object target;
        private int uid, euid, signum;
        private Sender sender;

        /** F_SETOWN / F_SETOWN_EX (force) or a lease's implicit setting (only when no owner is set). */
        public synchronized void set(Type type, int id, Object target, int uid, int euid, Sender sender, boolean force) {
            if (!force && this.id != 0) return;
            this.type = type;
            this.id = id;
            this.target = target;
            if (id != 0) {
                this.uid = uid;
                this.euid = euid;
            }
            this.sender = sender;
        }

        public synchronized Type type() { return type; }

        public synchronized int id() { return id; }

        public synchronized Object target() { return target; }

        public synchronized int uid() { return uid; }

        public synchronized int euid() { return euid; }

        public synchronized int signum() { return signum; }

        public synchronized void setSignum(int s, Sender sender) {
            signum = s;
            if (this.sender == null) this.sender = sender;
        }

        synchronized Sender sender() { return sender; }
    }

    private static final Map<Handle, Owner> OWNERS = new IdentityHashMap<>();

    /** The description's owner, or null when none was ever set. */
    public static Owner owner(Handle h) {
        synchronized (OWNERS) {
            return OWNERS.get(h);
        }
    }

    /** The description's owner, made on first use. */
    public static Owner ownerOf(Handle h) {
        synchronized (OWNERS) {
            return OWNERS.computeIfAbsent(h, k -> new Owner());
        }
    }

    /** The description's last reference went (Linux's __fput): its registrations and owner go. */
    public static void released(Handle h) {
        if ((h.statusFlags() & io.helctic.abi.uapi.Fcntl.O_ASYNC) != 0) h.fasync(-1, false);
        synchronized (OWNERS) {
            OWNERS.remove(h);
        }
    }

    /** Sends reason to the owner of {@code file} through descriptor {@code fd}. */
    public static void signal(Handle file, int fd, int reason) {
        Owner o = owner(file);
        Sender s = o == null ? null : o.sender();
        if (s != null) s.send(o, fd, reason);
    }

    /** The descriptions that set O_ASYNC on one file (or one side of it: a pipe's readers, its writers). */
    public static final class Registrations {
        private record Entry(Handle file, int fd) {}

        private final CopyOnWriteArrayList<Entry> entries = new CopyOnWriteArrayList<>();

        /**
         * fasync_helper: adds (or updates the descriptor of) the file's entry, turning O_ASYNC on in
         * its flags, or removes it, turning O_ASYNC off — only when there was one to remove (so an
         * O_ASYNC that came with open(2) stays on, and F_SETFL cannot register the file again).
         */
        public synchronized void set(Handle file, int fd, boolean on) {
            boolean had = entries.removeIf(e -> e.file() == file);
            if (on) {
                entries.add(new Entry(file, fd));
                file.setStatusFlags(file.statusFlags() | io.helctic.abi.uapi.Fcntl.O_ASYNC);
            } else if (had) {
                file.setStatusFlags(file.statusFlags() & ~io.helctic.abi.uapi.Fcntl.O_ASYNC);
            }
        }

        /** Whether any description asked. */
        public boolean isEmpty() { return entries.isEmpty(); }

        /** kill_fasync(list, SIGIO, reason): every registered description's owner is signalled. */
        public void kill(int reason) {
            for (Entry e : entries) signal(e.file(), e.fd(), reason);
        }
    }
}
