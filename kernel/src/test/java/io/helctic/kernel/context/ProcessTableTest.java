package io.helctic.kernel.context;

import static org.assertj.core.api.Assertions.assertThat;

import io.helctic.kernel.memory.AddressSpace;
import io.helctic.kernel.memory.FrameAllocator;
import io.helctic.machine.memory.PhysicalMemory;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

/** Ids wrap at pid_max, as Linux's do, and never to one still in use. */
class ProcessTableTest {
    private final FrameAllocator frames = new FrameAllocator(new PhysicalMemory(1 << 20));

    private Process process(int pid) {
        return new Process(pid, 1, new AddressSpace(frames), new FileTable(new FileTable.Descriptions()), "/", "/bin/x",
                List.of("x"));
    }

    @Test
    void idsCountUpThenWrapPastTheReservedOnesSkippingLiveOnes() {
        ProcessTable t = new ProcessTable(310);
        List<Integer> given = new ArrayList<>();
        for (int i = 0; i < 309; i++) given.add(t.allocatePid());
        assertThat(given.getFirst()).isEqualTo(1);
        assertThat(given.getLast()).isEqualTo(309);
        assertThat(t.lastPid()).isEqualTo(309);
        // live: a process at 300, one at 302 whose group is 303 and session 304
        t.add(process(300));
        Process p = process(302);
        p.setPgid(303);
        p.setSid(304);
        t.add(p);
        assertThat(t.allocatePid()).as("past pid_max: from RESERVED_PIDS, 300 taken").isEqualTo(301);
        assertThat(t.allocatePid()).as("302 a pid, 303 a group, 304 a session").isEqualTo(305);
        for (int want = 306; want < 310; want++) assertThat(t.allocatePid()).isEqualTo(want);
        assertThat(t.allocatePid()).isEqualTo(301);
        t.remove(300);
        for (int want = 305; want < 310; want++) assertThat(t.allocatePid()).isEqualTo(want);
        assertThat(t.allocatePid()).as("a reaped id is free again").isEqualTo(300);
    }

    @Test
    void everyIdTakenAnswersNone() {
        ProcessTable t = new ProcessTable(303);
        for (int i = 0; i < 302; i++) t.allocatePid();
        for (int pid = 300; pid < 303; pid++) t.add(process(pid));
        assertThat(t.allocatePid()).isEqualTo(-1);
    }

    @Test
    void theKernelsLimitIsLinuxs() {
        assertThat(ProcessTable.PID_MAX).isEqualTo(4_194_304);
    }
}
