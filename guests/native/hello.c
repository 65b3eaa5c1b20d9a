/* A guest for Helctic's native ABI: write and exit_group are KernelOps slots. */
#include "helctic_rt.h"

static const char msg[] = "Hello from a native Helctic guest!\n";

void _start(void) {
    int64_t pid = helctic_op(HELCTIC_OP_GETPID, 0, 0, 0, 0, 0, 0);
    helctic_op(HELCTIC_OP_WRITE, 1, (uint64_t) msg, sizeof msg - 1, 0, 0, 0);
    int64_t bad = helctic_op(HELCTIC_OP_RESERVED_190, 0, 0, 0, 0, 0, 0);
    helctic_op(HELCTIC_OP_EXIT_GROUP, pid > 0 && bad == -HELCTIC_ENOSYS ? 0 : 3, 0, 0, 0, 0, 0);
    for (;;) {}
}
