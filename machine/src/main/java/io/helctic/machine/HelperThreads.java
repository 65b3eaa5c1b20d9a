package io.helctic.machine;

/**
 * The machine's own helper threads (the translator) announce themselves here as they start, so
 * that whoever hosts the machine can place them behind the guest's threads on the host (the
 * kernel lowers their host priority). The machine itself does nothing with them.
 */
public final class HelperThreads {
    private HelperThreads() {}

    private static volatile Runnable onStart = () -> { };

    /** What each helper thread runs first, on itself. */
    public static void onStart(Runnable hook) {
        onStart = hook;
    }

    /** Called by a helper thread as its first action. */
    public static void started() {
        try {
            onStart.run();
        } catch (RuntimeException e) {
            // the hook's failure changes nothing the machine relies on
        }
    }
}
