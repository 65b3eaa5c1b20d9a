/*
 * Differential x87 runner: executes test cases on the host CPU. Each record on stdin:
 *   u32 code length, 64 code bytes, 108-byte FNSAVE image (input state), 512-byte memory operand
 *   buffer, u64 rflags, u64 rax.
 * The code run is:  mov rflags,%rax; push %rax; popfq; mov rax_in,%rax; frstor (%rdi); <code>;
 *                   fnsave (%rdx); mov %rax,(%rcx); pushfq; pop %rax; mov %rax,8(%rcx); ret
 * with %rdi = input image, %rsi = memory buffer (16-aligned), %rdx = output image, %rcx = scratch.
 * Output per record: 108-byte image, 512-byte memory buffer, u64 rax, u64 rflags.
 * The Java test generates the same bytes and runs them in the emulator.
 */
#include <stdint.h>
#include <stdio.h>
#include <string.h>
#include <sys/mman.h>

struct rec {
    uint32_t len;
    uint8_t code[64];
    uint8_t image[108];
    uint8_t mem[512];
    uint64_t rflags, rax;
} __attribute__((packed));

static uint8_t mem[512] __attribute__((aligned(64)));
static uint8_t in[108], out[108];
static uint64_t scratch[2];

int main(void) {
    uint8_t *page = mmap(0, 4096, PROT_READ | PROT_WRITE | PROT_EXEC, MAP_PRIVATE | MAP_ANONYMOUS, -1, 0);
    if (page == MAP_FAILED) { perror("mmap"); return 2; }
    struct rec r;
    setvbuf(stdout, 0, _IOFBF, 1 << 16);
    while (fread(&r, sizeof r, 1, stdin) == 1) {
        uint8_t *p = page;
        *p++ = 0x48; *p++ = 0xb8; memcpy(p, &r.rflags, 8); p += 8;  /* mov $flags, %rax */
        *p++ = 0x50; *p++ = 0x9d;                                   /* push %rax; popfq */
        *p++ = 0x48; *p++ = 0xb8; memcpy(p, &r.rax, 8); p += 8;     /* mov $rax, %rax */
        *p++ = 0xdd; *p++ = 0x27;                                   /* frstor (%rdi) */
        memcpy(p, r.code, r.len); p += r.len;
        *p++ = 0xdd; *p++ = 0x32;                                   /* fnsave (%rdx) */
        *p++ = 0x48; *p++ = 0x89; *p++ = 0x01;                      /* mov %rax, (%rcx) */
        *p++ = 0x9c; *p++ = 0x58;                                   /* pushfq; pop %rax */
        *p++ = 0x48; *p++ = 0x89; *p++ = 0x41; *p++ = 0x08;         /* mov %rax, 8(%rcx) */
        *p++ = 0xc3;
        memcpy(in, r.image, 108);
        memcpy(mem, r.mem, 512);
        void (*fn)(void *, void *, void *, void *) = (void (*)(void *, void *, void *, void *)) page;
        fn(in, mem, out, scratch);
        fwrite(out, 108, 1, stdout);
        fwrite(mem, 512, 1, stdout);
        fwrite(scratch, 16, 1, stdout);
    }
    fflush(stdout);
    return 0;
}
