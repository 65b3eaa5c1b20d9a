package io.helctic.kernel.context;

import io.helctic.kernel.memory.AddressSpace;
import java.util.List;

/**
 * A process: what its threads share — the address space, the descriptor table, the
 * filesystem context (cwd, umask) — and what identifies it (pid, parent, executable).
 */
public final class Process {
    private final int pid;
    private final int ppid;
    private final AddressSpace space;
    private final FileTable files;
    private volatile String cwd;
    private volatile int umask = 022;
    private volatile String exe;
    private volatile List<String> argv;

    public Process(int pid, int ppid, AddressSpace space, FileTable files, String cwd, String exe, List<String> argv) {
        this.pid = pid;
        this.ppid = ppid;
        this.space = space;
        this.files = files;
        this.cwd = cwd;
        this.exe = exe;
        this.argv = List.copyOf(argv);
    }

    public int pid() { return pid; }
    public int ppid() { return ppid; }
    public AddressSpace space() { return space; }
    public FileTable files() { return files; }
    /** The working directory: an absolute, canonical guest path. */
    public String cwd() { return cwd; }
    public void setCwd(String dir) { cwd = dir; }
    public int umask() { return umask; }
    public void setUmask(int mask) { umask = mask & 0777; }
    /** The executable's absolute guest path (/proc/self/exe). */
    public String exe() { return exe; }
    public List<String> argv() { return argv; }
}
