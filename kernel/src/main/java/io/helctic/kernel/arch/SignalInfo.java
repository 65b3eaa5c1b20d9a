package io.helctic.kernel.arch;

/** What a signal's siginfo says, in the kernel's (Linux's) numbering; frames translate it for other OSes. */
public record SignalInfo(int signo, int code, long addr, int pid, int uid) {}
