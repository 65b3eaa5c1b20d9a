package io.helctic.kernel.host;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assumptions.assumeThat;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.concurrent.atomic.AtomicReference;
import org.junit.jupiter.api.Test;

/**
 * The host calls reach the host thread they name: what the host itself reports for that thread
 * (/proc/self/task/TID/stat, its own getters) is what was set. Each check runs on a thread of its
 * own, which ends with it, so nothing is left changed on the test's threads.
 */
class HostSchedTest {
    private static void onOwnThread(ThrowingRunnable r) throws Exception {
        AtomicReference<Throwable> failure = new AtomicReference<>();
        Thread t = Thread.ofPlatform().start(() -> {
            try {
                r.run();
            } catch (Throwable e) {
                failure.set(e);
            }
        });
        t.join();
        if (failure.get() instanceof Exception e) throw e;
        if (failure.get() instanceof Error e) throw e;
    }

    interface ThrowingRunnable {
        void run() throws Exception;
    }

    /** Field n (1-based) of /proc/self/task/TID/stat. */
    private static String statField(int tid, int n) throws Exception {
        String s = Files.readString(Path.of("/proc/self/task/" + tid + "/stat"));
        String[] f = s.substring(s.lastIndexOf(')') + 2).split(" ");
        return f[n - 3];
    }

    @Test
    void niceIsTheHostThreadsOwn() throws Exception {
        assumeThat(HostSched.available()).isTrue();
        onOwnThread(() -> {
            int tid = HostSched.gettid();
            assertThat(tid).isPositive();
            assertThat(HostSched.setNice(tid, 7)).isZero();
            assertThat(HostSched.nice(tid)).isEqualTo(7);
            assertThat(statField(tid, 19)).isEqualTo("7");
        });
    }

    @Test
    void affinityAndGetcpuAreTheHosts() throws Exception {
        assumeThat(HostSched.available()).isTrue();
        onOwnThread(() -> {
            int tid = HostSched.gettid();
            byte[] all = HostSched.affinity(tid);
            assertThat(all).isNotNull();
            int first = 0;
            while ((all[first / 8] & (1 << (first % 8))) == 0) first++;
            byte[] one = new byte[all.length];
            one[first / 8] = (byte) (1 << (first % 8));
            assertThat(HostSched.setAffinity(tid, one)).isZero();
            assertThat(HostSched.affinity(tid)).isEqualTo(one);
            Thread.yield();
            assertThat(HostSched.cpu()).isEqualTo(first);
            assertThat(statField(tid, 39)).isEqualTo(Integer.toString(first)); // processor: the CPU it last ran on
        });
    }

    @Test
    void ioPriorityIsTheHostThreadsOwn() throws Exception {
        assumeThat(HostSched.available()).isTrue();
        onOwnThread(() -> {
            int tid = HostSched.gettid();
            int be5 = 2 << 13 | 5;
            assertThat(HostSched.setIoprio(tid, be5)).isZero();
            assertThat(HostSched.ioprio(tid)).isEqualTo(be5);
        });
    }

    @Test
    void aPolicyIsTheHostThreadsOwn() throws Exception {
        assumeThat(HostSched.available()).isTrue();
        onOwnThread(() -> {
            int tid = HostSched.gettid();
            byte[] attr = new byte[HostSched.SCHED_ATTR_SIZE];
            java.nio.ByteBuffer.wrap(attr).order(java.nio.ByteOrder.LITTLE_ENDIAN).putInt(0, attr.length)
                    .putInt(4, 3).putInt(16, 4); // SCHED_BATCH, nice 4
            assertThat(HostSched.setattr(tid, attr)).isZero();
            assertThat(statField(tid, 41)).isEqualTo("3");
            assertThat(statField(tid, 19)).isEqualTo("4");
            byte[] back = HostSched.getattr(tid);
            assertThat(java.nio.ByteBuffer.wrap(back).order(java.nio.ByteOrder.LITTLE_ENDIAN).getInt(4)).isEqualTo(3);
        });
    }
}
