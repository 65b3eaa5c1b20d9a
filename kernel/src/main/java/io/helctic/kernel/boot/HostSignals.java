package io.helctic.kernel.boot;

import io.helctic.kernel.context.Process;
import io.helctic.kernel.context.ProcessTable;
import io.helctic.kernel.context.Spawner;
import io.helctic.kernel.scheme.Terminal;
import io.helctic.kernel.syscall.Delivery;
import java.util.ArrayList;
import java.util.List;
import sun.misc.Signal;
import sun.misc.SignalHandler;

/**
 * While the guest owns the host terminal, the signals the terminal generates (Ctrl-C,
 * Ctrl-\, Ctrl-Z, a window change) go to the guest's foreground process group instead of
 * ending the JVM. The JDK's own handlers come back on close.
 */
final class HostSignals implements AutoCloseable {
    private final List<Signal> signals = new ArrayList<>();
    private final List<SignalHandler> previous = new ArrayList<>();

    private HostSignals() {}

    static HostSignals forward(Terminal terminal, ProcessTable processes, Spawner spawner) {
        HostSignals h = new HostSignals();
        h.install("INT", io.helctic.abi.uapi.Signal.SIGINT, terminal, processes, spawner);
        h.install("QUIT", io.helctic.abi.uapi.Signal.SIGQUIT, terminal, processes, spawner);
        h.install("TSTP", io.helctic.abi.uapi.Signal.SIGTSTP, terminal, processes, spawner);
        h.install("WINCH", io.helctic.abi.uapi.Signal.SIGWINCH, terminal, processes, spawner);
        return h;
    }

    private void install(String name, int guestSignal, Terminal terminal, ProcessTable processes, Spawner spawner) {
        try {
            Signal s = new Signal(name);
            SignalHandler old = Signal.handle(s, sig -> {
                for (Process p : processes.all()) {
                    if (p.pgid() == terminal.foreground() && !p.zombie()) Delivery.send(p, null, guestSignal, spawner);
                }
            });
            signals.add(s);
            previous.add(old);
        } catch (IllegalArgumentException e) {
            // the JVM keeps this signal for itself (or the host lacks it): leave it alone
        }
    }

    @Override
    public void close() {
        for (int i = 0; i < signals.size(); i++) Signal.handle(signals.get(i), previous.get(i));
    }
}
