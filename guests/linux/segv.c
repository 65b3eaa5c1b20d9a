/* segv: touches a page that is not mapped; the kernel must deliver SIGSEGV (status 139). */
#include "linux_rt.h"

int guest_main(int argc, char **argv, char **envp) {
    (void) argv; (void) envp;
    put_str("about to fault\n");
    volatile int *p = (volatile int *) (u64) (argc > 1 ? 0x1000 : 16);
    *p = 42;
    put_str("still alive?\n");
    return 1;
}
