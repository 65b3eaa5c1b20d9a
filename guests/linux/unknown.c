/* unknown: prints what syscalls the kernel does not have answer (-ENOSYS = -38 on Linux). */
#include "linux_rt.h"

static void probe(const char *what, i64 nr) {
    put_str(what);
    put_str(" (");
    put_dec(nr);
    put_str(") = ");
    put_dec(sys6(nr, 1, 2, 3, 4, 5, 6));
    put_str("\n");
}

int guest_main(int argc, char **argv, char **envp) {
    (void) argc; (void) argv; (void) envp;
    probe("unassigned syscall", 1000);
    probe("past the table", 100000);
    probe("negative number", -5);
    probe("sys_ni_syscall slot afs_syscall", 183);
    return 0;
}
