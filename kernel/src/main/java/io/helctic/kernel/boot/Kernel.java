package io.helctic.kernel.boot;

import io.helctic.abi.KernelOps;
import io.helctic.abi.Personality;
import io.helctic.kernel.arch.x86_64.X86TrapHandler;
import io.helctic.kernel.context.Context;
import io.helctic.kernel.context.FileTable;
import io.helctic.kernel.context.Process;
import io.helctic.kernel.context.ProcessTable;
import io.helctic.kernel.context.Termination;
import io.helctic.kernel.loader.BinaryFormat;
import io.helctic.kernel.loader.ElfFile;
import io.helctic.kernel.loader.ElfLoader;
import io.helctic.kernel.loader.LoadException;
import io.helctic.kernel.memory.AddressSpace;
import io.helctic.kernel.memory.FrameAllocator;
import io.helctic.kernel.scheme.ConsoleHandle;
import io.helctic.kernel.scheme.DevScheme;
import io.helctic.kernel.scheme.FileScheme;
import io.helctic.kernel.scheme.ProcScheme;
import io.helctic.kernel.vfs.Namespace;
import io.helctic.kernel.syscall.OpTable;
import io.helctic.kernel.syscall.SyscallHistory;
import io.helctic.kernel.syscall.TracingPersonality;
import io.helctic.machine.cpu.x86_64.X86Cpu;
import io.helctic.machine.memory.PhysicalMemory;
import java.io.IOException;
import java.lang.foreign.Arena;
import java.lang.foreign.MemorySegment;
import java.nio.channels.FileChannel;
import java.nio.file.AccessDeniedException;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.security.SecureRandom;
import java.util.ServiceLoader;

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
     *
     * @throws LoadException when the program cannot be run (the message is one line)
     */
    public static int run(BootConfig config) throws LoadException {
        MemorySegment image = open(config.program());
        ElfFile elf = switch (BinaryFormat.detect(image)) {
            case ELF -> ElfFile.parse(image);
            case PE, MACH_O, MACH_O_UNIVERSAL -> throw new LoadException(LoadException.CANNOT_EXECUTE,
                    BinaryFormat.detect(image).title() + ": recognised, but not supported yet");
            case SCRIPT -> throw new LoadException(LoadException.CANNOT_EXECUTE,
                    "#! scripts are not supported yet");
            case UNKNOWN -> throw new LoadException(LoadException.CANNOT_EXECUTE,
                    "cannot execute binary file: Exec format error");
        };

        // Boot: the machine, the namespace, the op table, the personality layer.
        PhysicalMemory ram = new PhysicalMemory(config.memoryBytes());
        FrameAllocator frames = new FrameAllocator(ram);
        int[] ids = HostIds.read();
        ProcessTable processes = new ProcessTable();
        Namespace namespace = new Namespace();
        FileScheme root = new FileScheme(config.root());
        namespace.mount("/", root);
        boolean interactive = config.hostConsole() && System.console() != null;
        namespace.mount("/dev", new DevScheme(interactive ? ConsoleHandle.terminal(config.stdin(), config.stdout()) : null));
        namespace.mount("/proc", new ProcScheme(processes, namespace, config::memoryBytes,
                () -> frames.framesInUse() * PhysicalMemory.PAGE_SIZE));
        KernelOps ops = OpTable.build(namespace, ids[0], ids[1], ids[2], ids[3]);
        Personality layer = config.personality() != null ? config.personality() : findPersonalityLayer();
        SyscallHistory history = new SyscallHistory(16);
        Personality personality = new TracingPersonality(layer, history, config.strace() ? config.stderr() : null);
        personality.init(ops);

        // The first process.
        AddressSpace space = new AddressSpace(frames);
        X86Cpu cpu = new X86Cpu(ram);
        byte[] random = new byte[16];
        new SecureRandom().nextBytes(random);
        String execfn = config.program().toString();
        String exe = guestPath(root, config.program().toAbsolutePath().normalize());
        ElfLoader.Image loaded = ElfLoader.load(elf, execfn, space, config.argv(), config.env(), execfn,
                new ElfLoader.AuxFacts(HostIds.hwcap(cpu), ids[0], ids[1], ids[2], ids[3], random));
        cpu.setCr3(space.cr3());
        space.addTlbListener(new AddressSpace.TlbListener() {
            @Override public void invalidate(long va) { cpu.invalidatePage(va); }
            @Override public void flushAll() { cpu.flushTlb(); }
        });
        cpu.setRip(loaded.entry());
        cpu.setReg(X86Cpu.RSP, loaded.stackPointer());
        FileTable files = new FileTable(new FileTable.Descriptions());
        files.installAt(ConsoleHandle.input(config.stdin(), config.hostConsole() ? 0 : -1), 0, false);
        files.installAt(ConsoleHandle.output(config.stdout(), config.hostConsole() ? 1 : -1), 1, false);
        files.installAt(ConsoleHandle.output(config.stderr(), config.hostConsole() ? 2 : -1), 2, false);
        String cwd = guestPath(root, Path.of(System.getProperty("user.dir")).toAbsolutePath().normalize());
        Process process = new Process(processes.allocatePid(), 0, space, files, cwd.startsWith("/") ? cwd : "/", exe,
                config.argv());
        processes.add(process);
        Context ctx = new Context(process.pid(), cpu, process, loaded.personality());

        ContextRunner runner = new ContextRunner(new X86TrapHandler(personality),
                config.strace() ? config.stderr() : null, config.stderr());
        int[] status = {0};
        Thread thread = Thread.ofPlatform().name("helctic-ctx-" + ctx.tid()).unstarted(() -> {
            try {
                ScopedValue.where(Context.CURRENT, ctx).run(() -> runner.run(ctx));
                Termination t = ctx.termination();
                status[0] = t.shellStatus();
            } catch (Throwable bug) {
                KernelPanic.report(config.stderr(), ctx, bug, history, layer);
                status[0] = KernelPanic.STATUS;
            }
        });
        thread.start();
        try {
            thread.join();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        config.stdout().flush();
        files.closeAll();
        processes.remove(process.pid());
        space.destroy();
        return status[0];
    }

    /** The guest's name for a host path under the root ("/..." ), or the host path itself when it lies outside. */
    static String guestPath(FileScheme root, Path host) {
        if (!host.startsWith(root.root())) return host.toString();
        String rel = root.root().relativize(host).toString();
        return "/" + rel;
    }

    private static Personality findPersonalityLayer() {
        return ServiceLoader.load(Personality.class).findFirst().orElseThrow(
                () -> new IllegalStateException("no personality layer on the module path"));
    }

    /** Maps the program read-only; the loader reads it in place. */
    private static MemorySegment open(Path program) throws LoadException {
        if (Files.isDirectory(program)) throw new LoadException(LoadException.CANNOT_EXECUTE, "Is a directory");
        if (!Files.exists(program)) throw new LoadException(LoadException.NOT_FOUND, "No such file or directory");
        if (!Files.isReadable(program) || !Files.isExecutable(program)) {
            throw new LoadException(LoadException.CANNOT_EXECUTE, "Permission denied");
        }
        try (FileChannel ch = FileChannel.open(program, StandardOpenOption.READ)) {
            long size = ch.size();
            if (size == 0) throw new LoadException(LoadException.CANNOT_EXECUTE, "cannot execute binary file: Exec format error");
            return ch.map(FileChannel.MapMode.READ_ONLY, 0, size, Arena.ofAuto());
        } catch (NoSuchFileException e) {
            throw new LoadException(LoadException.NOT_FOUND, "No such file or directory");
        } catch (AccessDeniedException e) {
            throw new LoadException(LoadException.CANNOT_EXECUTE, "Permission denied");
        } catch (IOException e) {
            throw new LoadException(LoadException.CANNOT_EXECUTE, "cannot read: " + e.getMessage());
        }
    }
}
