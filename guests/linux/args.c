/* args: prints argc, argv, the environment's size and the auxv entries whose values do
 * not depend on where things are loaded; native and Helctic output must be identical. */
#include "linux_rt.h"

#define AT_NULL 0
#define AT_PHDR 3
#define AT_PHENT 4
#define AT_PHNUM 5
#define AT_PAGESZ 6
#define AT_ENTRY 9
#define AT_RANDOM 25
#define AT_EXECFN 31

int guest_main(int argc, char **argv, char **envp) {
    put_str("argc=");
    put_dec(argc);
    put_str("\n");
    for (int i = 0; i < argc; i++) {
        put_str("argv[");
        put_dec(i);
        put_str("]=");
        put_str(argv[i]);
        put_str("\n");
    }
    if (argv[argc] != 0) put_str("argv is not NULL-terminated\n");
    int envc = 0;
    while (envp[envc]) envc++;
    put_str("envc=");
    put_dec(envc);
    put_str("\n");
    u64 *aux = (u64 *) (envp + envc + 1);
    int have_random = 0, have_phdr = 0, entry_ok = 0;
    for (; aux[0] != AT_NULL; aux += 2) {
        switch (aux[0]) {
        case AT_PAGESZ: put_str("AT_PAGESZ="); put_dec((i64) aux[1]); put_str("\n"); break;
        case AT_PHENT: put_str("AT_PHENT="); put_dec((i64) aux[1]); put_str("\n"); break;
        case AT_PHNUM: put_str("AT_PHNUM="); put_dec((i64) aux[1]); put_str("\n"); break;
        case AT_EXECFN: put_str("AT_EXECFN="); put_str((const char *) aux[1]); put_str("\n"); break;
        case AT_RANDOM: have_random = aux[1] != 0; break;
        case AT_PHDR: have_phdr = aux[1] != 0; break;
        case AT_ENTRY: entry_ok = aux[1] != 0; break;
        }
    }
    put_str(have_random ? "AT_RANDOM present\n" : "AT_RANDOM missing\n");
    put_str(have_phdr ? "AT_PHDR present\n" : "AT_PHDR missing\n");
    put_str(entry_ok ? "AT_ENTRY present\n" : "AT_ENTRY missing\n");
    u64 sp = (u64) __builtin_frame_address(0);
    put_str((sp & 0xf) == 0 ? "stack aligned\n" : "stack misaligned\n");
    return argc;
}
