package io.helctic.kernel.host;

import static org.assertj.core.api.Assertions.assertThat;

import io.helctic.machine.HelperThreads;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;

/**
 * The JIT compilers and the machine's helper threads run behind the guest's threads on the host:
 * their nice values end higher than the calling thread's, by the amounts HostSched names.
 */
class HelpersBehindGuestsTest {
    private static List<Integer> compilerTids() throws Exception {
        List<Integer> tids = new ArrayList<>();
        try (var dir = Files.newDirectoryStream(Path.of("/proc/self/task"))) {
            for (Path t : dir) {
                String comm;
                try {
                    comm = new String(Files.readAllBytes(t.resolve("comm")), StandardCharsets.ISO_8859_1);
                } catch (java.nio.file.NoSuchFileException e) {
                    continue; // the thread ended between the listing and the read (as HostSched skips it)
                }
                if (comm.startsWith("C1 CompilerThre") || comm.startsWith("C2 CompilerThre")) {
                    tids.add(Integer.parseInt(t.getFileName().toString()));
                }
            }
        }
        return tids;
    }

    @Test
    void compilersAndHelpersEndBehindTheGuestsThreads() throws Exception {
        assertThat(HostSched.available()).isTrue();
        int mine = HostSched.nice(HostSched.gettid());
        List<Integer> compilers = compilerTids();
        assertThat(compilers).isNotEmpty();
        // the compilers start at the process's nice, as this thread does; a boot earlier in this JVM
        // may have lowered them already, and this call must then leave them as they are
        int want = Math.min(19, mine + HostSched.COMPILERS_BEHIND);

        HostSched.helpersBehindGuests();
        long deadline = System.nanoTime() + 10_000_000_000L;
        for (int tid : compilers) {
            while (HostSched.nice(tid) != want && System.nanoTime() < deadline) Thread.sleep(5);
            assertThat(HostSched.nice(tid)).as("compiler thread %d", tid).isEqualTo(want);
        }
        HostSched.helpersBehindGuests(); // a second boot in this JVM: no further
        Thread.sleep(200);
        for (int tid : compilers) assertThat(HostSched.nice(tid)).as("compiler thread %d again", tid).isEqualTo(want);

        AtomicInteger helperNice = new AtomicInteger(Integer.MIN_VALUE);
        Thread helper = new Thread(() -> {
            HelperThreads.started();
            helperNice.set(HostSched.nice(HostSched.gettid()));
        });
        helper.start();
        helper.join();
        assertThat(helperNice.get()).isEqualTo(Math.min(19, mine + HostSched.TRANSLATOR_BEHIND));
        assertThat(HostSched.nice(HostSched.gettid())).as("the caller (a guest's thread) keeps its own").isEqualTo(mine);
    }
}
