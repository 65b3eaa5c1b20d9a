package io.helctic.kernel.boot;

import io.helctic.abi.Conventions;
import io.helctic.abi.Isa;
import io.helctic.abi.KernelOps;
import io.helctic.abi.Personality;
import io.helctic.abi.PersonalityId;
import io.helctic.kernel.arch.Arch;
import io.helctic.kernel.arch.GuestCpu;
import io.helctic.kernel.context.Context;
import io.helctic.kernel.context.FileTable;
import io.helctic.kernel.context.Futexes;
import io.helctic.kernel.context.Process;
import io.helctic.kernel.context.ProcessTable;
import io.helctic.kernel.context.Termination;
import io.helctic.kernel.loader.ElfLoader;
import io.helctic.kernel.loader.Exec;
import io.helctic.kernel.loader.LoadException;
import io.helctic.kernel.memory.AddressSpace;
import io.helctic.kernel.memory.FrameAllocator;
import io.helctic.kernel.scheme.ConsoleHandle;
import io.helctic.kernel.scheme.DevScheme;
import io.helctic.kernel.scheme.FileScheme;
import io.helctic.kernel.scheme.HostFs;
import io.helctic.kernel.scheme.ProcScheme;
import io.helctic.kernel.scheme.Terminal;
import io.helctic.kernel.syscall.KernelTable;
import io.helctic.kernel.syscall.SyscallHistory;
import io.helctic.kernel.syscall.TracingPersonality;
import io.helctic.kernel.vfs.Namespace;
import io.helctic.machine.memory.PhysicalMemory;
import java.io.PrintStream;
import java.nio.file.Path;
import java.util.List;
import java.util.ServiceLoader;
import java.util.function.Supplier;

/**
 * kmain: boots the kernel and runs the first program to its end.
 *
 * <p>Order matters (DESIGN §1 rule 4): the op table is created once and installed in
 * the personality layer before the first guest instruction runs.
 */
public final class Kernel {
    private Kernel() {}

    /**
     * Boots, runs the program and returns the status a shell would see: its exit code,
     * 128 + N when a signal N killed it, or {@link KernelPanic#STATUS} after a panic.
     * When the first process ends, any process still running is ended too.
     *
     * @throws LoadException when the program cannot be run (the message is one line)
     */
    public static int run(BootConfig config) throws LoadException {
        // The machine and the namespace.
        PhysicalMemory ram = new PhysicalMemory(config.memoryBytes());
        FrameAllocator frames = new FrameAllocator(ram);
        io.helctic.kernel.context.Credentials creds = io.helctic.kernel.host.HostIds.host();
        ProcessTable processes = new ProcessTable();
        Namespace namespace = new Namespace();
        FileScheme root = null;
        io.helctic.kernel.scheme.BtrfsScheme image = null;
        if (java.nio.file.Files.isRegularFile(config.root())) { // a btrfs image (helctic run --root IMAGE)
            try {
                image = io.helctic.kernel.scheme.BtrfsScheme.mount(config.root(), config.subvol(), config.readOnly(), config.stderr());
            } catch (io.helctic.btrfs.BtrfsException e) {
                throw new LoadException(LoadException.CANNOT_EXECUTE, "--root " + config.root() + ": cannot mount it: " + e.getMessage());
            }
            namespace.mount("/", image);
        } else {
            try {
                root = new FileScheme(config.root());
            } catch (IllegalStateException e) {
                throw new LoadException(LoadException.CANNOT_EXECUTE, e.getMessage());
            }
            if (config.plantedBug() == BootConfig.PlantedBug.HOST_PATH_OPEN) root.plantHostPathOpen();
            namespace.mount("/", root);
        }
        try {
            return boot(config, ram, frames, creds, processes, namespace, root);
        } finally {
            if (image != null) image.close();
        }
    }

    private static int boot(BootConfig config, PhysicalMemory ram, FrameAllocator frames,
                            io.helctic.kernel.context.Credentials creds, ProcessTable processes, Namespace namespace,
                            FileScheme root) throws LoadException {
        Terminal terminal = new Terminal(config.hostConsole() ? 0 : -1, 1);
        namespace.mount("/dev", new DevScheme(terminal.isTty()
                ? ConsoleHandle.terminal(config.stdin(), config.stdout(), terminal) : null));
        io.helctic.kernel.net.Network network = new io.helctic.kernel.net.Network(config.network(), creds.egid());
        namespace.mount("/proc", new ProcScheme(processes, namespace, config::memoryBytes,
                () -> frames.framesInUse() * PhysicalMemory.PAGE_SIZE, network, Arch.of(Isa.X86_64)));
        // tmpfs, as Linux's: half the RAM at most, the root directory 1777 and root's
        namespace.mount("/dev/shm", new io.helctic.kernel.scheme.TmpfsScheme("/dev/shm", config.memoryBytes() / 2, 01777, 0, 0));
        for (String point : config.tmpfs()) {
            namespace.mount(point, new io.helctic.kernel.scheme.TmpfsScheme(point, config.memoryBytes() / 2, 01777, 0, 0));
        }

        io.helctic.kernel.host.HostSched.helpersBehindGuests();

        // The scheduler, the op table, the personality layer.
        Personality layer = config.personality() != null ? config.personality() : findPersonalityLayer();
        if (RunStats.ON) RunStats.names(layer);
        SyscallHistory history = new SyscallHistory(16);
        PrintStream trace = config.strace() ? config.stderr() : null;
        Personality personality = new TracingPersonality(layer, history, trace);
        Arch arch = Arch.of(Isa.X86_64); // the ELF loader takes x86-64 programs only, so far
        GuestCpu cpu = arch.newCpu(ram);
        long hwcap = arch.hwcap();
        Supplier<ElfLoader.AuxFacts> facts = () -> {
            byte[] random = new byte[16];
            io.helctic.kernel.scheme.HostRandom.fill(random);
            // AT_UID..AT_EGID: the exec'ing process's ids (exec keeps them: set-id bits are not honoured)
            io.helctic.kernel.context.Credentials c = io.helctic.kernel.context.Context.CURRENT.isBound()
                    ? io.helctic.kernel.context.Context.current().process().credentials() : creds;
            return new ElfLoader.AuxFacts(hwcap, arch.machine(), c.ruid(), c.euid(), c.rgid(), c.egid(), random,
                    Runtime.getRuntime().availableProcessors(), id -> layer.conventions(id, Isa.X86_64).startup());
        };
        Futexes futexes = new Futexes();
        Scheduler scheduler = new Scheduler(new ContextRunner(personality, trace, config.stderr()),
                processes, history, layer, config.stderr(), KernelTable::threadStarted, ctx -> KernelTable.threadExited(ctx, futexes),
                Scheduler.threadsMax(config.memoryBytes()));
        KernelOps ops = KernelTable.build(personality, arch, namespace, processes, scheduler, frames, facts, futexes,
                network);
        personality.init(ops);

        // The first process: loaded exactly as execve would load it.
        String cwd = root == null ? "/" : guestPath(root, config.cwd().toAbsolutePath().normalize());
        if (!cwd.startsWith("/")) cwd = "/";
        // What the command line gave as Java strings, as the guest's bytes (a kernel string holds one byte per char).
        cwd = HostFs.kernelString(cwd);
        String path = HostFs.kernelString(config.program().toString());
        List<String> argv = config.argv().stream().map(HostFs::kernelString).toList();
        List<String> env = config.env(); // kernel strings already
        Exec.Prepared first = Exec.prepare(namespace, Namespace.Location.of(cwd), path, argv, env, frames, facts.get());
        FileTable files = new FileTable(new FileTable.Descriptions());
        if (config.plantedBug() == BootConfig.PlantedBug.LOCKS_NEVER_CONFLICT) files.locks().plantNeverConflict();
        files.installAt(ConsoleHandle.input(config.stdin(), config.hostConsole() ? 0 : -1, terminal), 0, false);
        files.installAt(ConsoleHandle.output(config.stdout(), config.hostConsole() ? 1 : -1, terminal), 1, false);
        files.installAt(ConsoleHandle.output(config.stderr(), config.hostConsole() ? 2 : -1, terminal), 2, false);
        Process init = new Process(processes.allocatePid(), 0, first.space(), files, cwd, first.exe(), first.argv());
        init.setCredentials(creds);
        processes.add(init);
        holdWorkingDirectory(namespace, init);
        PersonalityId id = first.image().personality();
        Conventions conventions = personality.conventions(id, cpu.isa());
        arch.mapSignalTrampoline(first.space(), conventions);
        Context ctx = new Context(init.pid(), cpu, init, id, conventions);
        AddressSpace space = first.space();
        space.addTlbListener(ctx.tlb());
        cpu.startProgram(space.cr3(), first.image().entry(), first.image().stackPointer(), first.image().firstArgument());

        HostSignals forwarding = terminal.isTty() ? HostSignals.forward(terminal, processes, scheduler) : null;
        if (!scheduler.start(ctx)) throw new LoadException(LoadException.CANNOT_EXECUTE, "the host gives no thread to run it");
        Termination end;
        try {
            end = scheduler.awaitExit(init);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            end = Termination.killed(9);
        } finally {
            if (forwarding != null) forwarding.close();
            terminal.restore();
        }
        scheduler.shutdown();
        config.stdout().flush();
        return scheduler.panicked() ? KernelPanic.STATUS : end.shellStatus();
    }

    /** The guest's name for a host path under the root ("/..."), or the host path itself when it lies outside. */
    static String guestPath(FileScheme root, Path host) {
        if (!host.startsWith(root.hostRoot())) return host.toString();
        return "/" + root.hostRoot().relativize(host);
    }

    /** The first process holds its working directory open, as chdir would leave it (relative paths start there). */
    private static void holdWorkingDirectory(Namespace namespace, Process init) {
        var r = namespace.resolve("/", init.cwd(), true);
        if (r.failed()) return;
        try (Namespace.Resolved res = r.value()) {
            if (!res.isDirectory()) return;
            var d = res.scheme().openDir(res.dir(), res.name());
            if (!d.failed()) init.setCwd(res.path(), d.value());
        }
    }

    private static Personality findPersonalityLayer() {
        return ServiceLoader.load(Personality.class).findFirst().orElseThrow(
                () -> new IllegalStateException("no personality layer on the module path"));
    }
}
