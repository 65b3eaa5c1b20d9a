package io.helctic.kernel.scheme;

import io.helctic.kernel.context.WakeGate;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.security.SecureRandom;

/**
 * Random bytes for guests (AT_RANDOM, getrandom, /dev/urandom): the host's /dev/urandom, read
 * directly. SecureRandom gives the same bytes on Linux but initialising the security providers
 * costs tens of milliseconds of every start-up; it is only the fallback where /dev/urandom is
 * missing.
 */
public final class HostRandom {
    private HostRandom() {}

    private static final FileChannel URANDOM = open();

    private static FileChannel open() {
        try {
            return FileChannel.open(Path.of("/dev/urandom"), StandardOpenOption.READ);
        } catch (IOException | UnsupportedOperationException e) {
            return null;
        }
    }

    /** Holder so that SecureRandom is only initialised when it is needed. */
    private static final class Fallback {
        static final SecureRandom RANDOM = new SecureRandom();
    }

    public static void fill(byte[] b) {
        fill(b, 0, b.length);
    }

    public static void fill(byte[] b, int off, int len) {
        if (URANDOM != null) {
            try {
                ByteBuffer buf = ByteBuffer.wrap(b, off, len);
                // One channel serves every process: a wake-up must not close it (see WakeGate).
                WakeGate.uninterruptibly(() -> {
                    while (buf.hasRemaining()) {
                        if (URANDOM.read(buf) <= 0) break;
                    }
                    return 0;
                });
                if (!buf.hasRemaining()) return;
            } catch (IOException e) {
                // fall through to SecureRandom
            }
        }
        byte[] r = new byte[len];
        Fallback.RANDOM.nextBytes(r);
        System.arraycopy(r, 0, b, off, len);
    }
}
