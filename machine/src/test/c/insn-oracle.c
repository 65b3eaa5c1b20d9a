/*
 * The native side of the instruction oracle (InstructionOracleTest): runs ONE x86-64
 * instruction on this host with given registers, flags and memory, and reports the state after.
 *
 * Protocol (little-endian, fixed-size records; batches of any length until EOF on stdin):
 *   case   (CASE_SIZE bytes):  u8 len, u8 nexits, u16 exit[4], u8 insn[15], u8 pad,
 *                              u64 regs[16] (rax..r15), u64 rflags, u8 window[WINDOW]
 *   result (RESULT_SIZE bytes): u32 status, u32 pad, u64 regs[16], u64 rflags, u64 rip,
 *                              u8 window[WINDOW]
 * status: 0x100 + k when the instruction left through exit k (rip = CODE + exit[k]),
 *         a signal number (SIGFPE, SIGSEGV, SIGBUS, SIGILL, SIGTRAP) when it faulted; then
 *         regs/rflags/rip are those of the signal context (the faulting instruction).
 *
 * The instruction is copied to CODE + INSN_OFFSET in an RWX page at a fixed address; every exit
 * offset gets a stub that jumps (through memory, touching no register or flag) back into the
 * harness, which records which exit was taken. The rest of the page is INT3. Memory operands
 * live in two RW pages at DATA; WINDOW bytes at DATA + WINDOW_OFFSET (straddling the page
 * boundary) are loaded before and reported after each case, the rest of the pages are zero.
 */
#define _GNU_SOURCE
#include <setjmp.h>
#include <signal.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/mman.h>
#include <ucontext.h>
#include <unistd.h>

#define CODE 0x10000000UL
#define DATA 0x10002000UL
#define DATA_SIZE 0x2000UL
#define INSN_OFFSET 0x100
#define WINDOW 128
#define WINDOW_OFFSET 0xfc0
#define CASE_SIZE (1 + 1 + 8 + 15 + 1 + 17 * 8 + WINDOW)
#define RESULT_SIZE (4 + 4 + 18 * 8 + WINDOW)
#define STUB_SIZE 14

/* Shared with the assembly below (absolute, rip-relative addressed: the tested instruction may
 * leave any register and the stack pointer anywhere). */
uint64_t oracle_in[17];   /* rax..r15, rflags */
uint64_t oracle_out[17];
uint64_t oracle_host_rsp;
uint64_t oracle_entry;
uint32_t oracle_exit;
void oracle_run(void);
void oracle_exit0(void);
void oracle_exit1(void);
void oracle_exit2(void);
void oracle_exit3(void);

__asm__(
    ".text\n"
    ".globl oracle_run\n"
    "oracle_run:\n"
    "  push %rbx\n push %rbp\n push %r12\n push %r13\n push %r14\n push %r15\n"
    "  mov %rsp, oracle_host_rsp(%rip)\n"
    "  pushq oracle_in+128(%rip)\n"
    "  popfq\n"
    "  mov oracle_in+0(%rip), %rax\n"
    "  mov oracle_in+8(%rip), %rcx\n"
    "  mov oracle_in+16(%rip), %rdx\n"
    "  mov oracle_in+24(%rip), %rbx\n"
    "  mov oracle_in+32(%rip), %rsp\n"
    "  mov oracle_in+40(%rip), %rbp\n"
    "  mov oracle_in+48(%rip), %rsi\n"
    "  mov oracle_in+56(%rip), %rdi\n"
    "  mov oracle_in+64(%rip), %r8\n"
    "  mov oracle_in+72(%rip), %r9\n"
    "  mov oracle_in+80(%rip), %r10\n"
    "  mov oracle_in+88(%rip), %r11\n"
    "  mov oracle_in+96(%rip), %r12\n"
    "  mov oracle_in+104(%rip), %r13\n"
    "  mov oracle_in+112(%rip), %r14\n"
    "  mov oracle_in+120(%rip), %r15\n"
    "  jmp *oracle_entry(%rip)\n"
    ".globl oracle_exit0\n oracle_exit0: movl $0, oracle_exit(%rip)\n jmp 1f\n"
    ".globl oracle_exit1\n oracle_exit1: movl $1, oracle_exit(%rip)\n jmp 1f\n"
    ".globl oracle_exit2\n oracle_exit2: movl $2, oracle_exit(%rip)\n jmp 1f\n"
    ".globl oracle_exit3\n oracle_exit3: movl $3, oracle_exit(%rip)\n jmp 1f\n"
    "1:\n"
    "  mov %rax, oracle_out+0(%rip)\n"
    "  mov %rcx, oracle_out+8(%rip)\n"
    "  mov %rdx, oracle_out+16(%rip)\n"
    "  mov %rbx, oracle_out+24(%rip)\n"
    "  mov %rsp, oracle_out+32(%rip)\n"
    "  mov %rbp, oracle_out+40(%rip)\n"
    "  mov %rsi, oracle_out+48(%rip)\n"
    "  mov %rdi, oracle_out+56(%rip)\n"
    "  mov %r8, oracle_out+64(%rip)\n"
    "  mov %r9, oracle_out+72(%rip)\n"
    "  mov %r10, oracle_out+80(%rip)\n"
    "  mov %r11, oracle_out+88(%rip)\n"
    "  mov %r12, oracle_out+96(%rip)\n"
    "  mov %r13, oracle_out+104(%rip)\n"
    "  mov %r14, oracle_out+112(%rip)\n"
    "  mov %r15, oracle_out+120(%rip)\n"
    "  mov oracle_host_rsp(%rip), %rsp\n"
    "  pushfq\n"
    "  pop %rax\n"
    "  mov %rax, oracle_out+128(%rip)\n"
    "  cld\n"
    "  pop %r15\n pop %r14\n pop %r13\n pop %r12\n pop %rbp\n pop %rbx\n"
    "  ret\n");

static sigjmp_buf fault_jump;
static volatile int fault_signal;
static uint64_t fault_regs[18];

static void on_fault(int sig, siginfo_t *info, void *context) {
    (void) info;
    ucontext_t *uc = context;
    greg_t *g = uc->uc_mcontext.gregs;
    static const int order[16] = {REG_RAX, REG_RCX, REG_RDX, REG_RBX, REG_RSP, REG_RBP, REG_RSI, REG_RDI,
                                  REG_R8, REG_R9, REG_R10, REG_R11, REG_R12, REG_R13, REG_R14, REG_R15};
    for (int i = 0; i < 16; i++) fault_regs[i] = (uint64_t) g[order[i]];
    fault_regs[16] = (uint64_t) g[REG_EFL];
    fault_regs[17] = (uint64_t) g[REG_RIP];
    fault_signal = sig;
    siglongjmp(fault_jump, 1);
}

static int read_full(void *buf, size_t n) {
    size_t got = 0;
    while (got < n) {
        ssize_t k = read(0, (char *) buf + got, n - got);
        if (k <= 0) return got == 0 ? 0 : -1;
        got += (size_t) k;
    }
    return 1;
}

static unsigned char out_buf[RESULT_SIZE * 256];
static size_t out_len;

static void flush_out(void) {
    size_t done = 0;
    while (done < out_len) {
        ssize_t k = write(1, out_buf + done, out_len - done);
        if (k <= 0) exit(3);
        done += (size_t) k;
    }
    out_len = 0;
}

static uint64_t le64(const unsigned char *p) {
    uint64_t v;
    memcpy(&v, p, 8);
    return v;
}

int main(void) {
    unsigned char *code = mmap((void *) CODE, 4096, PROT_READ | PROT_WRITE | PROT_EXEC,
                               MAP_PRIVATE | MAP_ANONYMOUS | MAP_FIXED_NOREPLACE, -1, 0);
    unsigned char *data = mmap((void *) DATA, DATA_SIZE, PROT_READ | PROT_WRITE,
                               MAP_PRIVATE | MAP_ANONYMOUS | MAP_FIXED_NOREPLACE, -1, 0);
    if (code != (void *) CODE || data != (void *) DATA) {
        fprintf(stderr, "insn-oracle: cannot map the fixed code and data pages\n");
        return 2;
    }
    static unsigned char altstack[65536];
    stack_t ss = {.ss_sp = altstack, .ss_size = sizeof altstack, .ss_flags = 0};
    if (sigaltstack(&ss, NULL) != 0) return 2;
    struct sigaction sa;
    memset(&sa, 0, sizeof sa);
    sa.sa_sigaction = on_fault;
    sa.sa_flags = SA_SIGINFO | SA_ONSTACK | SA_NODEFER;
    sigemptyset(&sa.sa_mask);
    int sigs[] = {SIGFPE, SIGSEGV, SIGBUS, SIGILL, SIGTRAP};
    for (unsigned i = 0; i < sizeof sigs / sizeof sigs[0]; i++) sigaction(sigs[i], &sa, NULL);
    void (*exits[4])(void) = {oracle_exit0, oracle_exit1, oracle_exit2, oracle_exit3};

    unsigned char in[CASE_SIZE];
    int r;
    while ((r = read_full(in, CASE_SIZE)) == 1) {
        int len = in[0], nexits = in[1];
        if (len > 15 || nexits > 4) {
            fprintf(stderr, "insn-oracle: bad case\n");
            return 2;
        }
        memset(code, 0xcc, 4096);
        memcpy(code + INSN_OFFSET, in + 10, (size_t) len);
        for (int k = 0; k < nexits; k++) {
            unsigned off = in[2 + 2 * k] | (unsigned) in[3 + 2 * k] << 8;
            if (off + STUB_SIZE > 4096) return 2;
            unsigned char *s = code + off;
            uint64_t target = (uint64_t) exits[k];
            s[0] = 0xff; s[1] = 0x25; s[2] = s[3] = s[4] = s[5] = 0; /* jmp *0(%rip) */
            memcpy(s + 6, &target, 8);
        }
        for (int i = 0; i < 17; i++) oracle_in[i] = le64(in + 26 + 8 * i);
        memset(data, 0, DATA_SIZE);
        memcpy(data + WINDOW_OFFSET, in + 26 + 17 * 8, WINDOW);
        oracle_entry = CODE + INSN_OFFSET;
        oracle_exit = 0xffffffff;
        fault_signal = 0;
        unsigned char *o = out_buf + out_len;
        uint32_t status;
        uint64_t rip;
        if (sigsetjmp(fault_jump, 1) == 0) {
            oracle_run();
            status = 0x100 + oracle_exit;
            rip = CODE + (in[2 + 2 * oracle_exit] | (unsigned) in[3 + 2 * oracle_exit] << 8);
            memcpy(o + 8, oracle_out, 17 * 8);
        } else {
            status = (uint32_t) fault_signal;
            rip = fault_regs[17];
            memcpy(o + 8, fault_regs, 17 * 8);
        }
        memcpy(o, &status, 4);
        memset(o + 4, 0, 4);
        memcpy(o + 8 + 17 * 8, &rip, 8);
        memcpy(o + 8 + 18 * 8, data + WINDOW_OFFSET, WINDOW);
        out_len += RESULT_SIZE;
        if (out_len == sizeof out_buf) flush_out();
    }
    flush_out();
    return r < 0 ? 2 : 0;
}
