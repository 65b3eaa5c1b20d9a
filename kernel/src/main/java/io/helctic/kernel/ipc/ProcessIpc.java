package io.helctic.kernel.ipc;

import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;

/**
 * A process's System V state: its shared memory attaches (inherited by fork, dropped at exec
 * and exit) and the semaphore sets holding SEM_UNDO adjustments for it (applied when it exits;
 * a fork's child starts without any, as Linux's does without CLONE_SYSVSEM).
 */
public final class ProcessIpc {
    /** A segment attached at [start, start + length). */
    public record Attach(long start, long length, SharedSegment segment) {}

    private final List<Attach> attaches = new ArrayList<>();
    private final Set<SemaphoreSet> undoSets = new LinkedHashSet<>();

    /** shmat mapped segment at start for process pid. */
    public synchronized void attach(Attach a, int pid) {
        attaches.add(a);
        a.segment().attached(pid);
    }

    /** The attach at exactly start, taken off the list (the caller unmaps it), or null. */
    public synchronized Attach detach(long start, int pid) {
        for (int i = 0; i < attaches.size(); i++) {
            Attach a = attaches.get(i);
            if (a.start() == start) {
                attaches.remove(i);
                a.segment().detached(pid);
                return a;
            }
        }
        return null;
    }

    /** A mapping replaced [start, end) (SHM_REMAP, MAP_FIXED): the attaches it covered are gone. */
    public void replaced(long start, long end, int pid) {
        List<Attach> gone = new ArrayList<>();
        synchronized (this) {
            attaches.removeIf(a -> a.start() < end && start < a.start() + a.length() && gone.add(a));
        }
        for (Attach a : gone) a.segment().detached(pid);
    }

    /** The state of a fork's child (the parent, pid, is the one that attaches meanwhile, as in Linux). */
    public synchronized ProcessIpc forked(int pid) {
        ProcessIpc child = new ProcessIpc();
        for (Attach a : attaches) {
            child.attaches.add(a);
            a.segment().attached(pid);
        }
        return child;
    }

    /** exec: every attach goes with the old image (whose address space the caller destroys). */
    public void execed(int pid) {
        dropAttaches(pid);
    }

    /** exit: attaches go and SEM_UNDO adjustments are applied. */
    public void exited(int pid) {
        dropAttaches(pid);
        undoNow(pid);
    }

    /** exit_sem: the SEM_UNDO adjustments are applied and the undo list starts empty (exit, unshare(CLONE_SYSVSEM)). */
    public void undoNow(int pid) {
        List<SemaphoreSet> sets;
        synchronized (this) {
            sets = new ArrayList<>(undoSets);
            undoSets.clear();
            undoList = false;
        }
        for (SemaphoreSet s : sets) s.applyUndo(this, pid);
    }

    private void dropAttaches(int pid) {
        List<Attach> gone;
        synchronized (this) {
            gone = new ArrayList<>(attaches);
            attaches.clear();
        }
        for (Attach a : gone) a.segment().detached(pid);
    }

    synchronized void holdsUndo(SemaphoreSet s) {
        undoSets.add(s);
        undoList = true;
    }

    /** Linux's sysvsem.undo_list: made by the first SEM_UNDO semop, kept until exit (a fork's child starts without). */
    private boolean undoList;

    /** A semop with SEM_UNDO makes the list, whatever then becomes of the operation. */
    public synchronized void undoListMade() {
        undoList = true;
    }

    /** Whether the process has a SEM_UNDO list (kcmp's KCMP_SYSVSEM compares it). */
    public synchronized boolean hasUndoList() {
        return undoList;
    }
}
