/* The native Helctic runtime for guests built for Helctic's own ABI: the syscall
 * number is a KernelOps slot (see the generated personality.h) and the result is
 * the op's value, or -errno. The ELF note below tells the loader to use the native
 * personality. */
#ifndef HELCTIC_RT_H
#define HELCTIC_RT_H

#include <helctic/personality.h>

__asm__(".pushsection .note.helctic, \"a\", @note\n"
        ".balign 4\n"
        ".long 8\n"          /* namesz: "Helctic\0" */
        ".long 4\n"          /* descsz */
        ".long 1\n"          /* type: ABI tag */
        ".asciz \"Helctic\"\n"
        ".balign 4\n"
        ".long 1\n"          /* native ABI version */
        ".popsection\n");

static inline int64_t helctic_op(uint64_t slot, uint64_t a1, uint64_t a2, uint64_t a3,
                                 uint64_t a4, uint64_t a5, uint64_t a6) {
    register uint64_t r10 __asm__("r10") = a4;
    register uint64_t r8 __asm__("r8") = a5;
    register uint64_t r9 __asm__("r9") = a6;
    int64_t ret;
    __asm__ volatile("syscall"
                     : "=a"(ret)
                     : "a"(slot), "D"(a1), "S"(a2), "d"(a3), "r"(r10), "r"(r8), "r"(r9)
                     : "rcx", "r11", "memory");
    return ret;
}

#endif
