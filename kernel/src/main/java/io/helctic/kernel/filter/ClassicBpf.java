package io.helctic.kernel.filter;

import io.helctic.abi.Errno;

/**
 * Classic BPF (BSD's packet filter machine, as Linux's seccomp uses it): a program of 8-byte
 * instructions {u16 code; u8 jt; u8 jf; u32 k} run over a small read-only input, with an
 * accumulator A, an index X and sixteen scratch words. {@link #check} validates a program as
 * Linux's bpf_check_classic and seccomp_check_filter do, in their order; {@link #run} executes a
 * checked one. Only what seccomp admits exists here: 32-bit absolute loads of aligned words of
 * the input, the length of the input, ALU ops but MOD, jumps, returns.
 */
public final class ClassicBpf {
    // classes
    static final int LD = 0x00, LDX = 0x01, ST = 0x02, STX = 0x03, ALU = 0x04, JMP = 0x05, RET = 0x06, MISC = 0x07;
    // sizes and modes
    static final int W = 0x00, IMM = 0x00, ABS = 0x20, MEM = 0x60, LEN = 0x80;
    // ALU operations
    static final int ADD = 0x00, SUB = 0x10, MUL = 0x20, DIV = 0x30, OR = 0x40, AND = 0x50, LSH = 0x60, RSH = 0x70,
            NEG = 0x80, MOD = 0x90, XOR = 0xa0;
    // jumps
    static final int JA = 0x00, JEQ = 0x10, JGT = 0x20, JGE = 0x30, JSET = 0x40;
    // sources and return values
    static final int K = 0x00, X = 0x08, A = 0x10;
    static final int TAX = 0x00, TXA = 0x80;
    static final int MEMWORDS = 16;
    public static final int MAXINSNS = 4096;

    private final short[] code;
    private final byte[] jt, jf;
    private final int[] k;

    private ClassicBpf(short[] code, byte[] jt, byte[] jf, int[] k) {
        this.code = code;
        this.jt = jt;
        this.jf = jf;
        this.k = k;
    }

    /** The number of instructions. */
    public int length() {
        return code.length;
    }

    /** Every opcode classic BPF defines (Linux's bpf_opcode_in_insntable), whether seccomp admits it or not. */
    private static boolean known(int c) {
        return switch (c) {
            case ALU | ADD | K, ALU | ADD | X, ALU | SUB | K, ALU | SUB | X, ALU | MUL | K, ALU | MUL | X,
                 ALU | DIV | K, ALU | DIV | X, ALU | MOD | K, ALU | MOD | X, ALU | AND | K, ALU | AND | X,
                 ALU | OR | K, ALU | OR | X, ALU | XOR | K, ALU | XOR | X, ALU | LSH | K, ALU | LSH | X,
                 ALU | RSH | K, ALU | RSH | X, ALU | NEG,
                 LD | W | ABS, LD | 0x08 | ABS, LD | 0x10 | ABS, LD | W | 0x40, LD | 0x08 | 0x40, LD | 0x10 | 0x40,
                 LD | W | LEN, LD | W | IMM, LD | W | MEM, LDX | W | IMM, LDX | W | MEM, LDX | W | LEN,
                 LDX | 0x10 | 0xa0, ST, STX, MISC | TAX, MISC | TXA, RET | K, RET | A,
                 JMP | JA, JMP | JEQ | K, JMP | JEQ | X, JMP | JGE | K, JMP | JGE | X, JMP | JGT | K, JMP | JGT | X,
                 JMP | JSET | K, JMP | JSET | X -> true;
            default -> false;
        };
    }

    /**
     * Checks a program as Linux loads a seccomp filter: bpf_check_classic (known opcodes, no
     * division by a constant 0, shifts below 32, scratch words in range and stored before they
     * are read, jumps inside the program, a return last), then seccomp_check_filter (only the
     * instructions it admits; absolute loads of aligned words within {@code inputSize} bytes; the
     * input's length becomes an immediate). Returns the program or -EINVAL.
     */
    public static Object check(byte[] insns, int inputSize) {
        int n = insns.length / 8;
        if (n == 0 || n > MAXINSNS) return Errno.EINVAL;
        short[] code = new short[n];
        byte[] jt = new byte[n], jf = new byte[n];
        int[] k = new int[n];
        java.nio.ByteBuffer b = java.nio.ByteBuffer.wrap(insns).order(java.nio.ByteOrder.LITTLE_ENDIAN);
        for (int i = 0; i < n; i++) {
            code[i] = b.getShort(i * 8);
            jt[i] = b.get(i * 8 + 2);
            jf[i] = b.get(i * 8 + 3);
            k[i] = b.getInt(i * 8 + 4);
        }
        // bpf_check_classic
        for (int pc = 0; pc < n; pc++) {
            int c = code[pc] & 0xffff;
            if (!known(c)) return Errno.EINVAL;
            switch (c) {
                case ALU | DIV | K, ALU | MOD | K -> {
                    if (k[pc] == 0) return Errno.EINVAL;
                }
                case ALU | LSH | K, ALU | RSH | K -> {
                    if (Integer.compareUnsigned(k[pc], 32) >= 0) return Errno.EINVAL;
                }
                case LD | MEM, LDX | MEM, ST, STX -> {
                    if (Integer.compareUnsigned(k[pc], MEMWORDS) >= 0) return Errno.EINVAL;
                }
                case JMP | JA -> {
                    if (Integer.compareUnsigned(k[pc], n - pc - 1) >= 0) return Errno.EINVAL;
                }
                case JMP | JEQ | K, JMP | JEQ | X, JMP | JGE | K, JMP | JGE | X, JMP | JGT | K, JMP | JGT | X,
                     JMP | JSET | K, JMP | JSET | X -> {
                    if (pc + (jt[pc] & 0xff) + 1 >= n || pc + (jf[pc] & 0xff) + 1 >= n) return Errno.EINVAL;
                }
                default -> { }
            }
        }
        int last = code[n - 1] & 0xffff;
        if (last != (RET | K) && last != (RET | A)) return Errno.EINVAL;
        if (!storesBeforeLoads(code, jt, jf, k)) return Errno.EINVAL;
        // seccomp_check_filter
        for (int pc = 0; pc < n; pc++) {
            int c = code[pc] & 0xffff;
            switch (c) {
                case LD | W | ABS -> {
                    if (Integer.compareUnsigned(k[pc], inputSize) >= 0 || (k[pc] & 3) != 0) return Errno.EINVAL;
                }
                case LD | W | LEN -> {
                    code[pc] = (short) (LD | IMM);
                    k[pc] = inputSize;
                }
                case LDX | W | LEN -> {
                    code[pc] = (short) (LDX | IMM);
                    k[pc] = inputSize;
                }
                case RET | K, RET | A, ALU | ADD | K, ALU | ADD | X, ALU | SUB | K, ALU | SUB | X, ALU | MUL | K,
                     ALU | MUL | X, ALU | DIV | K, ALU | DIV | X, ALU | AND | K, ALU | AND | X, ALU | OR | K,
                     ALU | OR | X, ALU | XOR | K, ALU | XOR | X, ALU | LSH | K, ALU | LSH | X, ALU | RSH | K,
                     ALU | RSH | X, ALU | NEG, LD | IMM, LDX | IMM, MISC | TAX, MISC | TXA, LD | MEM, LDX | MEM,
                     ST, STX, JMP | JA, JMP | JEQ | K, JMP | JEQ | X, JMP | JGE | K, JMP | JGE | X, JMP | JGT | K,
                     JMP | JGT | X, JMP | JSET | K, JMP | JSET | X -> { }
                default -> {
                    return Errno.EINVAL;
                }
            }
        }
        return new ClassicBpf(code, jt, jf, k);
    }

    /**
     * Linux's check_load_and_stores: along every path, a scratch word is read only after it was
     * stored (a mask of the stored words per instruction, the meet of its predecessors).
     */
    private static boolean storesBeforeLoads(short[] code, byte[] jt, byte[] jf, int[] k) {
        int n = code.length;
        int[] masks = new int[n];
        java.util.Arrays.fill(masks, 0xffff);
        int memvalid = 0;
        for (int i = 0; i < n; i++) {
            memvalid &= masks[i];
            int c = code[i] & 0xffff;
            switch (c) {
                case ST, STX -> memvalid |= 1 << k[i];
                case LD | MEM, LDX | MEM -> {
                    if ((memvalid & (1 << k[i])) == 0) return false;
                }
                case JMP | JA -> {
                    masks[i + 1 + k[i]] &= memvalid;
                    memvalid = ~0;
                }
                case JMP | JEQ | K, JMP | JEQ | X, JMP | JGE | K, JMP | JGE | X, JMP | JGT | K, JMP | JGT | X,
                     JMP | JSET | K, JMP | JSET | X -> {
                    masks[i + 1 + (jt[i] & 0xff)] &= memvalid;
                    masks[i + 1 + (jf[i] & 0xff)] &= memvalid;
                    memvalid = ~0;
                }
                default -> { }
            }
        }
        return true;
    }

    /** Runs the program over {@code input} (little-endian words) and returns what it returns. */
    public int run(byte[] input) {
        int a = 0, x = 0;
        int[] mem = new int[MEMWORDS];
        int pc = 0;
        while (true) {
            int c = code[pc] & 0xffff, kk = k[pc];
            switch (c) {
                case LD | W | ABS -> a = (input[kk] & 0xff) | (input[kk + 1] & 0xff) << 8 | (input[kk + 2] & 0xff) << 16
                        | (input[kk + 3] & 0xff) << 24;
                case LD | IMM -> a = kk;
                case LDX | IMM -> x = kk;
                case LD | MEM -> a = mem[kk];
                case LDX | MEM -> x = mem[kk];
                case ST -> mem[kk] = a;
                case STX -> mem[kk] = x;
                case ALU | ADD | K -> a += kk;
                case ALU | ADD | X -> a += x;
                case ALU | SUB | K -> a -= kk;
                case ALU | SUB | X -> a -= x;
                case ALU | MUL | K -> a *= kk;
                case ALU | MUL | X -> a *= x;
                case ALU | DIV | K -> a = Integer.divideUnsigned(a, kk);
                case ALU | DIV | X -> {
                    if (x == 0) return 0; // Linux's conversion: a division by X = 0 ends the program with 0
                    a = Integer.divideUnsigned(a, x);
                }
                case ALU | AND | K -> a &= kk;
                case ALU | AND | X -> a &= x;
                case ALU | OR | K -> a |= kk;
                case ALU | OR | X -> a |= x;
                case ALU | XOR | K -> a ^= kk;
                case ALU | XOR | X -> a ^= x;
                case ALU | LSH | K -> a <<= kk;
                case ALU | LSH | X -> a <<= x; // the count masked to 5 bits, as eBPF's 32-bit shifts
                case ALU | RSH | K -> a >>>= kk;
                case ALU | RSH | X -> a >>>= x;
                case ALU | NEG -> a = -a;
                case MISC | TAX -> x = a;
                case MISC | TXA -> a = x;
                case JMP | JA -> pc += kk;
                case JMP | JEQ | K -> pc += a == kk ? jt[pc] & 0xff : jf[pc] & 0xff;
                case JMP | JEQ | X -> pc += a == x ? jt[pc] & 0xff : jf[pc] & 0xff;
                case JMP | JGT | K -> pc += Integer.compareUnsigned(a, kk) > 0 ? jt[pc] & 0xff : jf[pc] & 0xff;
                case JMP | JGT | X -> pc += Integer.compareUnsigned(a, x) > 0 ? jt[pc] & 0xff : jf[pc] & 0xff;
                case JMP | JGE | K -> pc += Integer.compareUnsigned(a, kk) >= 0 ? jt[pc] & 0xff : jf[pc] & 0xff;
                case JMP | JGE | X -> pc += Integer.compareUnsigned(a, x) >= 0 ? jt[pc] & 0xff : jf[pc] & 0xff;
                case JMP | JSET | K -> pc += (a & kk) != 0 ? jt[pc] & 0xff : jf[pc] & 0xff;
                case JMP | JSET | X -> pc += (a & x) != 0 ? jt[pc] & 0xff : jf[pc] & 0xff;
                case RET | K -> {
                    return kk;
                }
                case RET | A -> {
                    return a;
                }
                default -> throw new IllegalStateException("unchecked BPF opcode 0x" + Integer.toHexString(c));
            }
            pc++;
        }
    }
}
