package io.helctic.abi;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Locale;
import java.util.StringJoiner;
import io.helctic.abi.uapi.Uapi;

/**
 * Generates the C reference header {@code personality.h} from {@link KernelOp},
 * {@link PersonalityId}, {@link Errno} and the constants of {@link io.helctic.abi.uapi}: the
 * single source of truth is Java.
 * Run with a path to write the file; the build checks the committed copy.
 */
public final class HeaderGenerator {

    /** Where the committed header lives, relative to the repository root. */
    public static final String COMMITTED_PATH = "include/helctic/personality.h";

    /** The one command that regenerates every generated file (this header and the syscall documents). */
    public static final String REGENERATE = "scripts/regenerate";

    private HeaderGenerator() {}

    public static String generate() {
        StringBuilder h = new StringBuilder();
        h.append("""
            /*
             * personality.h — the Helctic personality boundary, for C.
             *
             * GENERATED from io.helctic.abi (KernelOp, PersonalityId, Errno, uapi) by
             * HeaderGenerator. Do not edit: change the Java and regenerate with
             *   @REGENERATE@
             *
             * Every kernel op takes 64-bit scalars and returns a 64-bit value:
             * non-negative on success, -errno (Linux numbering) on failure.
             * Slots are never reordered; new ops take reserved slots.
             */
            #ifndef HELCTIC_PERSONALITY_H
            #define HELCTIC_PERSONALITY_H

            #include <stdint.h>

            """.replace("@REGENERATE@", REGENERATE));

        h.append("/* Personality ids: which OS ABI a context speaks. */\n");
        h.append("enum helctic_personality_id {\n");
        for (PersonalityId p : PersonalityId.values()) {
            h.append("    HELCTIC_PERSONALITY_").append(p.name()).append(" = ").append(p.id())
             .append(",  /* ").append(p.title()).append(" */\n");
        }
        h.append("};\n\n");

        h.append("/* Kernel op slots: the native personality's syscall numbers. */\n");
        h.append("enum helctic_op_slot {\n");
        for (KernelOp op : KernelOp.values()) {
            h.append("    HELCTIC_OP_").append(op.name()).append(" = ").append(op.slot()).append(",\n");
        }
        h.append("    HELCTIC_OP_COUNT = ").append(KernelOp.SLOTS).append("\n};\n\n");

        h.append("/* Kernel errno values (Linux numbering). */\n");
        for (Errno e : Errno.values()) {
            h.append(String.format(Locale.ROOT, "#define HELCTIC_%-16s %3d  /* %s */%n",
                    e.name(), e.number(), e.description()));
        }
        h.append('\n');

        h.append("/* The constants kernel ops take (Linux numbering), from io.helctic.abi.uapi. */\n");
        for (Class<?> c : Uapi.CLASSES) {
            h.append("\n/* ").append(c.getSimpleName()).append(" */\n");
            for (Uapi.Constant k : Uapi.of(c)) {
                h.append(String.format(Locale.ROOT, "#define HELCTIC_%-24s %s%n", k.name(), cLiteral(k)));
            }
        }
        h.append('\n');

        h.append("/* The ordered table of primitive kernel operations: slot i is at offset i * 8. */\n");
        h.append("struct helctic_kernel_ops {\n");
        for (KernelOp op : KernelOp.values()) {
            StringJoiner params = new StringJoiner(", ");
            for (String p : op.params()) params.add("uint64_t " + p);
            String args = op.params().isEmpty() ? "void" : params.toString();
            h.append("    int64_t (*").append(op.cName()).append(")(").append(args).append(");");
            h.append(op.reserved() ? "  /* reserved */" : "  /* " + op.note() + " */");
            h.append('\n');
        }
        h.append("};\n\n");

        h.append("""
            /* What the trap handler applies to the guest after a syscall. */
            #define HELCTIC_RESULT_WRITES_RDX  0x1u  /* rdx receives the second value */
            #define HELCTIC_RESULT_CARRY_CLEAR 0x2u  /* clear CF (BSD/Darwin success) */
            #define HELCTIC_RESULT_CARRY_SET   0x4u  /* set CF (BSD/Darwin failure, rax = positive errno) */

            struct helctic_syscall_result {
                int64_t  rax;
                int64_t  rdx;
                uint32_t flags;
            };

            /* Installs the op table; before this every call answers ENOSYS in the caller's convention. */
            void personality_init(const struct helctic_kernel_ops *ops);

            /* Boundary 1: the syscall number, six arguments and the calling context's personality id. */
            struct helctic_syscall_result personality_syscall(uint64_t nr,
                    uint64_t a1, uint64_t a2, uint64_t a3, uint64_t a4, uint64_t a5, uint64_t a6,
                    uint32_t personality);

            #endif /* HELCTIC_PERSONALITY_H */
            """);
        return h.toString();
    }

    /** A constant as C writes it: small values in decimal, others in hex with their Java width. */
    static String cLiteral(Uapi.Constant k) {
        long v = k.value();
        if (v >= 0 && v < 4096) return Long.toString(v);
        if (v < 0 && v > -4096) return "(" + v + ")";
        return k.wide() ? "0x" + Long.toHexString(v) + "ULL" : "0x" + Integer.toHexString((int) v) + "u";
    }

    /** {@code HeaderGenerator PATH} writes the header to PATH. */
    public static void main(String[] args) throws IOException {
        if (args.length != 1) {
            System.err.println("usage: HeaderGenerator OUTPUT");
            System.exit(2);
        }
        Path out = Path.of(args[0]);
        if (out.getParent() != null) Files.createDirectories(out.getParent());
        Files.writeString(out, generate());
    }
}
