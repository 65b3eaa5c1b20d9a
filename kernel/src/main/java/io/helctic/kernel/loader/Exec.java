package io.helctic.kernel.loader;

import io.helctic.abi.Errno;
import io.helctic.kernel.memory.AddressSpace;
import io.helctic.kernel.memory.FrameAllocator;
import io.helctic.kernel.context.WakeGate;
import io.helctic.kernel.scheme.FileScheme;
import io.helctic.kernel.scheme.Handle;
import io.helctic.kernel.scheme.HostStat;
import io.helctic.kernel.vfs.Namespace;
import io.helctic.kernel.vfs.Result;
import java.io.IOException;
import java.lang.foreign.Arena;
import java.lang.foreign.MemorySegment;
import java.lang.foreign.ValueLayout;
import java.nio.channels.FileChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.StandardOpenOption;
import java.util.ArrayList;
import java.util.List;

/**
 * Prepares a new program image for execve (and for the first process at boot): resolves
 * the path in the guest's namespace, follows "#!" interpreters, maps the ELF file and
 * loads it into a fresh address space. Nothing of the calling process changes until the
 * caller commits the prepared image, so a failed exec leaves it intact.
 */
public final class Exec {
    /** Linux follows at most this many nested interpreters. */
    static final int MAX_INTERPRETERS = 4;
    /** Linux's BINPRM_BUF_SIZE: how much of a "#!" line counts. */
    static final int SHEBANG_MAX = 256;

    /** A loaded program ready to replace the caller's image. */
    public record Prepared(AddressSpace space, ElfLoader.Image image, String exe, List<String> argv) {}

    private Exec() {}

    public static Prepared prepare(Namespace ns, String cwd, String path, List<String> argv, List<String> envp,
                                   FrameAllocator frames, ElfLoader.AuxFacts facts) throws LoadException {
        return prepare(ns, cwd, path, argv, envp, frames, facts, 0);
    }

    private static Prepared prepare(Namespace ns, String cwd, String path, List<String> argv, List<String> envp,
                                    FrameAllocator frames, ElfLoader.AuxFacts facts, int depth) throws LoadException {
        Result<Namespace.Resolved> r = ns.resolve(cwd, path, true);
        if (r.failed()) throw fail(r.errno());
        Namespace.Resolved res = r.value();
        if (!res.exists()) throw new LoadException(LoadException.NOT_FOUND, "No such file or directory", Errno.ENOENT);
        if (res.isDirectory()) throw new LoadException(LoadException.CANNOT_EXECUTE, "Is a directory", Errno.EACCES);
        if (res.type() != Handle.S_IFREG || (res.mode() & 0111) == 0 || !(res.scheme() instanceof FileScheme fs)) {
            throw new LoadException(LoadException.CANNOT_EXECUTE, "Permission denied", Errno.EACCES);
        }
        MemorySegment file = map(fs, res.rel());
        switch (BinaryFormat.detect(file)) {
            case ELF -> {
                ElfFile elf = ElfFile.parse(file);
                ElfFile interp = null;
                String interpPath = null;
                if (elf.interpreter() != null) {
                    HostStat.warmUp(); // its loader will open and fstat libraries soon
                    Result<Namespace.Resolved> ir = ns.resolve("/", elf.interpreter(), true);
                    if (ir.failed() || !ir.value().exists() || !(ir.value().scheme() instanceof FileScheme ifs)) {
                        throw new LoadException(LoadException.CANNOT_EXECUTE, "the interpreter " + elf.interpreter()
                                + " it asks for is missing", Errno.ENOENT);
                    }
                    interpPath = ir.value().path();
                    interp = ElfFile.parse(map(ifs, ir.value().rel()));
                }
                AddressSpace space = new AddressSpace(frames);
                try {
                    ElfLoader.Image image = ElfLoader.load(elf, res.path(), interp, interpPath, space, argv, envp, path,
                            facts);
                    return new Prepared(space, image, res.path(), argv);
                } catch (LoadException | RuntimeException e) {
                    space.destroy();
                    throw e;
                }
            }
            case SCRIPT -> {
                if (depth >= MAX_INTERPRETERS) {
                    throw new LoadException(LoadException.CANNOT_EXECUTE, "too many levels of interpreters", Errno.ELOOP);
                }
                String[] interp = shebang(file);
                List<String> next = new ArrayList<>();
                next.add(interp[0]);
                if (interp[1] != null) next.add(interp[1]);
                next.add(path);
                next.addAll(argv.subList(Math.min(1, argv.size()), argv.size()));
                try {
                    return prepare(ns, cwd, interp[0], next, envp, frames, facts, depth + 1);
                } catch (LoadException e) {
                    if (e.errno() != Errno.ENOENT || depth > 0) throw e;
                    throw new LoadException(LoadException.CANNOT_EXECUTE,
                            interp[0] + ": bad interpreter: No such file or directory", Errno.ENOENT);
                }
            }
            case PE, MACH_O, MACH_O_UNIVERSAL -> throw new LoadException(LoadException.CANNOT_EXECUTE,
                    BinaryFormat.detect(file).title() + ": recognised, but not supported yet");
            case UNKNOWN -> throw new LoadException(LoadException.CANNOT_EXECUTE,
                    "cannot execute binary file: Exec format error");
        }
        throw new IllegalStateException("unreachable");
    }

    /** The interpreter and its one optional argument from a "#!" line, as Linux splits it. */
    static String[] shebang(MemorySegment file) throws LoadException {
        int n = (int) Math.min(file.byteSize(), SHEBANG_MAX);
        byte[] head = file.asSlice(0, n).toArray(ValueLayout.JAVA_BYTE);
        int end = 2;
        while (end < n && head[end] != '\n') end++;
        String line = new String(head, 2, end - 2, StandardCharsets.UTF_8).strip();
        if (line.isEmpty()) throw new LoadException(LoadException.CANNOT_EXECUTE, "#! names no interpreter", Errno.ENOEXEC);
        int sp = 0;
        while (sp < line.length() && line.charAt(sp) != ' ' && line.charAt(sp) != '\t') sp++;
        String interp = line.substring(0, sp);
        String arg = line.substring(sp).strip();
        return new String[] {interp, arg.isEmpty() ? null : arg};
    }

    private static MemorySegment map(FileScheme fs, String rel) throws LoadException {
        MemorySegment image;
        try (FileChannel ch = FileChannel.open(fs.host(rel), StandardOpenOption.READ)) {
            // execve runs on the guest thread: a wake-up must not close the channel under the map (see WakeGate).
            image = WakeGate.uninterruptiblyGet(() -> {
                long size = ch.size();
                return size == 0 ? null : ch.map(FileChannel.MapMode.READ_ONLY, 0, size, Arena.ofAuto());
            });
        } catch (IOException e) {
            throw new LoadException(LoadException.CANNOT_EXECUTE, "cannot read: " + e.getMessage(), Errno.EACCES);
        }
        if (image == null) {
            throw new LoadException(LoadException.CANNOT_EXECUTE, "cannot execute binary file: Exec format error");
        }
        return image;
    }

    private static LoadException fail(int errno) {
        Errno e = Errno.of(errno);
        String msg = switch (e) {
            case ENOENT -> "No such file or directory";
            case ENOTDIR -> "Not a directory";
            case EACCES -> "Permission denied";
            case ELOOP -> "Too many levels of symbolic links";
            case ENAMETOOLONG -> "File name too long";
            case null -> "error " + errno;
            default -> e.description();
        };
        return new LoadException(e == Errno.ENOENT ? LoadException.NOT_FOUND : LoadException.CANNOT_EXECUTE, msg,
                e == null ? Errno.EIO : e);
    }
}
