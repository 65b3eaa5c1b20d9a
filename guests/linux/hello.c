/* hello: prints a greeting and exits with the status given as its first argument. */
#include "linux_rt.h"

int guest_main(int argc, char **argv, char **envp) {
    (void) envp;
    put_str("Hello from a Linux guest on Helctic!\n");
    return argc > 1 ? (int) parse_dec(argv[1]) : 0;
}
