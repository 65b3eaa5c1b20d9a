package io.helctic.machine.cpu.x86_64;

import java.io.DataInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;

/**
 * The host CPU as an instruction oracle: builds {@code src/test/c/insn-oracle.c} with the host's
 * gcc and runs batches of {@link OracleCase}s through it (the protocol is described in the C
 * file). A missing gcc fails: ./test installs it.
 */
final class NativeInsnOracle {
    static final long CODE = 0x1000_0000L, DATA = 0x1000_2000L, DATA_SIZE = 0x2000;
    static final int INSN_OFFSET = 0x100, WINDOW = 128, WINDOW_OFFSET = 0xfc0;
    static final long WIN = DATA + WINDOW_OFFSET;
    static final int CASE_SIZE = 1 + 1 + 8 + 15 + 1 + 17 * 8 + WINDOW;
    static final int RESULT_SIZE = 4 + 4 + 18 * 8 + WINDOW;
    static final int EXITED = 0x100;

    private static Path binary;

    /** What the CPU did: status is EXITED + exit index, or the signal number of a fault. */
    record Outcome(int status, long[] regs, long rflags, long rip, byte[] window) {}

    static synchronized Path binary() throws Exception {
        if (binary != null) return binary;
        Toolchain.require("gcc");
        Path root = Path.of(System.getProperty("helctic.root", "../")).toAbsolutePath();
        Path src = root.resolve("machine/src/test/c/insn-oracle.c");
        if (!Files.isRegularFile(src)) src = Path.of("src/test/c/insn-oracle.c").toAbsolutePath();
        Path dir = Files.createTempDirectory("helctic-insn-oracle");
        Path out = dir.resolve("insn-oracle");
        Toolchain.run(dir, "gcc", "-O2", "-Wall", "-Werror", "-o", out.toString(), src.toString());
        binary = out;
        return out;
    }

    static List<Outcome> run(List<OracleCase> cases) throws Exception {
        Process p = new ProcessBuilder(binary().toString()).redirectError(ProcessBuilder.Redirect.INHERIT).start();
        Thread writer = Thread.ofPlatform().start(() -> {
            try (OutputStream os = new java.io.BufferedOutputStream(p.getOutputStream(), 1 << 16)) {
                ByteBuffer b = ByteBuffer.allocate(CASE_SIZE).order(ByteOrder.LITTLE_ENDIAN);
                for (OracleCase c : cases) {
                    b.clear();
                    b.put((byte) c.code.length).put((byte) c.exits.length);
                    for (int k = 0; k < 4; k++) b.putShort((short) (k < c.exits.length ? c.exits[k] : 0));
                    byte[] insn = new byte[16];
                    System.arraycopy(c.code, 0, insn, 0, c.code.length);
                    b.put(insn);
                    for (long r : c.regs) b.putLong(r);
                    b.putLong(c.flags);
                    b.put(c.window);
                    os.write(b.array());
                }
            } catch (IOException e) {
                throw new java.io.UncheckedIOException(e);
            }
        });
        List<Outcome> out = new ArrayList<>(cases.size());
        try (InputStream is = new DataInputStream(new java.io.BufferedInputStream(p.getInputStream(), 1 << 16))) {
            byte[] rec = new byte[RESULT_SIZE];
            for (int i = 0; i < cases.size(); i++) {
                ((DataInputStream) is).readFully(rec);
                ByteBuffer b = ByteBuffer.wrap(rec).order(ByteOrder.LITTLE_ENDIAN);
                int status = b.getInt();
                b.getInt();
                long[] regs = new long[16];
                for (int k = 0; k < 16; k++) regs[k] = b.getLong();
                long fl = b.getLong(), rip = b.getLong();
                byte[] w = new byte[WINDOW];
                b.get(w);
                out.add(new Outcome(status, regs, fl, rip, w));
            }
        }
        writer.join();
        if (!p.waitFor(60, TimeUnit.SECONDS) || p.exitValue() != 0) {
            throw new AssertionError("insn-oracle exited with " + p.exitValue());
        }
        return out;
    }

    static String hex(byte[] b) {
        StringBuilder sb = new StringBuilder();
        for (byte x : b) sb.append(String.format("%02x ", x & 0xff));
        return sb.toString().trim();
    }
}
