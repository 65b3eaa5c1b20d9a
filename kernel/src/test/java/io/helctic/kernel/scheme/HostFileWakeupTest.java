package io.helctic.kernel.scheme;

import static org.assertj.core.api.Assertions.assertThat;

import io.helctic.kernel.context.WakeGate;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicReference;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Wake-ups (signals, the end of a process) interrupt guest threads; an open host file is a NIO
 * channel, which an interrupt would close for every descriptor sharing the description. busybox
 * sh read its script through such a description and got EIO after a SIGCHLD's wake-up reached
 * it after the signal had been taken ("sh: missing ]"). The description must survive both a wake-up
 * already set when the read starts and wake-ups that come while reads run, keep its offset, and the
 * wake-ups must still reach the thread.
 */
class HostFileWakeupTest {
    @TempDir Path root;
    FileScheme fs;
    byte[] content;

    @BeforeEach
    void setUp() throws IOException {
        StringBuilder sb = new StringBuilder();
        for (int i = 0; sb.length() < 8192; i++) sb.append("line ").append(i).append('\n');
        content = sb.toString().getBytes(StandardCharsets.US_ASCII);
        Files.write(root.resolve("script"), content);
        fs = new FileScheme(root);
    }

    private Handle open() {
        var h = fs.open(fs.root(), "script", "/script", io.helctic.abi.uapi.Fcntl.O_RDONLY, 0);
        assertThat(h.failed()).isFalse();
        return h.value();
    }

    @Test
    void aWakeUpPendingWhenAReadStartsLeavesTheDescriptionOpenAndIsKept() {
        Handle h = open();
        byte[] b = new byte[1023];
        try {
            assertThat(h.read(b, 0, b.length)).isEqualTo(1023);
            Thread.currentThread().interrupt(); // a wake-up that came after its signal was taken
            assertThat(h.read(b, 0, b.length)).as("read with a wake-up pending").isEqualTo(1023);
            assertThat(new String(b, StandardCharsets.US_ASCII))
                    .isEqualTo(new String(content, 1023, 1023, StandardCharsets.US_ASCII));
            assertThat(h.seek(0, 1)).as("lseek with a wake-up pending").isEqualTo(2046);
            assertThat(Thread.currentThread().isInterrupted()).as("the wake-up is not lost").isTrue();
        } finally {
            Thread.interrupted();
        }
        assertThat(h.read(b, 0, 10)).as("the description is still open").isEqualTo(10);
        h.close();
    }

    @Test
    void wakeUpsDuringReadsOfASharedDescriptionAreDeferredNotFatal() throws Exception {
        Handle h = open();
        WakeGate gate = new WakeGate();
        AtomicBoolean done = new AtomicBoolean();
        AtomicReference<String> failure = new AtomicReference<>();
        int[] wakeUpsSeen = new int[1];
        Thread reader = Thread.ofPlatform().unstarted(() -> ScopedValue.where(WakeGate.CURRENT, gate).run(() -> {
            try {
                byte[] b = new byte[97];
                for (int round = 0; round < 3000 && failure.get() == null; round++) {
                    long at = h.seek(0, 1);
                    long n = h.read(b, 0, b.length);
                    long expected = Math.min(b.length, content.length - at);
                    if (n != expected) {
                        failure.set("read at " + at + " returned " + n + " instead of " + expected);
                    } else if (!java.util.Arrays.equals(b, 0, (int) n, content, (int) at, (int) (at + n))) {
                        failure.set("read at " + at + " returned other bytes");
                    }
                    if (at + n >= content.length && h.seek(0, 0) != 0) failure.set("lseek failed");
                    if (Thread.interrupted()) wakeUpsSeen[0]++; // the run loop takes the wake-up
                }
            } finally {
                done.set(true);
            }
        }));
        reader.start();
        while (!done.get()) {
            gate.interrupt(reader); // Scheduler.wake, as Delivery.send does for a SIGCHLD
            Thread.onSpinWait();
        }
        reader.join();
        assertThat(failure.get()).isNull();
        assertThat(wakeUpsSeen[0]).as("wake-ups reached the reader").isPositive();
        h.close();
    }
}
