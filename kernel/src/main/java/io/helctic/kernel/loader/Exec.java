package io.helctic.kernel.loader;

import static io.helctic.abi.uapi.Fcntl.O_RDONLY;

import io.helctic.abi.Errno;
import io.helctic.kernel.memory.AddressSpace;
import io.helctic.kernel.memory.FrameAllocator;
import io.helctic.kernel.scheme.Handle;
import io.helctic.kernel.vfs.Namespace;
import io.helctic.kernel.vfs.Result;
import java.lang.foreign.MemorySegment;
import java.nio.charset.StandardCharsets;
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

    /**
     * A loaded program ready to replace the caller's image: its file's path (/proc/PID/exe), its
     * argv and its name (comm).
     */
    public record Prepared(AddressSpace space, ElfLoader.Image image, String exe, List<String> argv, String comm) {}

    /**
     * How the new program is named, as Linux's bprm: {@code filename} is what AT_EXECFN shows and
     * what a script's interpreter is given (execveat with a dirfd: /dev/fd/N/PATH, or /dev/fd/N for
     * AT_EMPTY_PATH); the name (comm) is its last component, or with {@code commFromDentry} (AT_EMPTY_PATH)
     * the name of the file finally loaded; {@code scriptInaccessible}: filename names a close-on-exec
     * descriptor, which the new program cannot open, so a script is ENOENT.
     */
    public record Naming(String filename, boolean commFromDentry, boolean scriptInaccessible) {}

    /** The new program's arguments and environment. */
    public record Args(List<String> argv, List<String> envp) {}

    /**
     * Where the arguments come from: execve reads them from the caller's memory only once the
     * file is found, checked and opened, as Linux's execve does (so a missing or forbidden file
     * answers ENOENT or EACCES even when argv is a bad pointer); a read that fails throws with
     * the errno (EFAULT, E2BIG).
     */
    @FunctionalInterface
    public interface ArgsSource {
        Args read() throws LoadException;
    }

    private Exec() {}

    public static Prepared prepare(Namespace ns, Namespace.Location cwd, String path, List<String> argv, List<String> envp,
                                   FrameAllocator frames, ElfLoader.AuxFacts facts) throws LoadException {
        return prepare(ns, cwd, path, () -> new Args(argv, envp), frames, facts);
    }

    public static Prepared prepare(Namespace ns, Namespace.Location cwd, String path, ArgsSource args,
                                   FrameAllocator frames, ElfLoader.AuxFacts facts) throws LoadException {
        return prepare(ns, cwd, cwd, path, false, args, frames, facts, 0, new Naming(path, false, false));
    }

    /**
     * execveat: {@code path} resolved against {@code base} (the interpreter of a script against the
     * working directory {@code cwd}), a last symlink refused with ELOOP when {@code noFollow}.
     */
    public static Prepared prepareAt(Namespace ns, Namespace.Location cwd, Namespace.Location base, String path,
                                     boolean noFollow, ArgsSource args, FrameAllocator frames,
                                     ElfLoader.AuxFacts facts, Naming naming) throws LoadException {
        return prepare(ns, cwd, base, path, noFollow, args, frames, facts, 0, naming);
    }

    /**
     * execveat(fd, "", AT_EMPTY_PATH) of an open file (fexecve): the file itself, however it was
     * reached and even if it has no name any more, checked as execve checks a path's file.
     * {@code exe} is its path (/proc/PID/exe), {@code dentry} its own name.
     */
    public static Prepared prepareOpen(Namespace ns, Namespace.Location cwd, Handle h, String exe, String dentry,
                                       ArgsSource args, FrameAllocator frames,
                                       ElfLoader.AuxFacts facts, Naming naming) throws LoadException {
        Handle.Stat st = h.stat();
        checkExecutable(st.isDirectory(), st.mode() & Handle.S_IFMT, st.mode(), st);
        Args a = args.read();
        MemorySegment image = h.mapping();
        if (image == null || image.byteSize() == 0) {
            throw new LoadException(LoadException.CANNOT_EXECUTE, "cannot execute binary file: Exec format error");
        }
        return load(ns, cwd, image, exe, dentry, exe, a.argv(), a.envp(), frames, facts, 0, naming);
    }

    /** execve's checks of the file: a regular file (a directory or anything else: EACCES) with x for the caller. */
    private static void checkExecutable(boolean directory, int type, int mode, Handle.Stat st) throws LoadException {
        if (directory) throw new LoadException(LoadException.CANNOT_EXECUTE, "Is a directory", Errno.EACCES);
        if (type != Handle.S_IFREG || (mode & 0111) == 0) {
            throw new LoadException(LoadException.CANNOT_EXECUTE, "Permission denied", Errno.EACCES);
        }
        if (st != null && io.helctic.kernel.context.Context.CURRENT.isBound()
                && !io.helctic.kernel.context.Context.current().process().credentials()
                .may(st.uid(), st.gid(), st.mode(), false, 1)) {
            // execve: x for the caller's filesystem ids (the first program is the host user's to run)
            throw new LoadException(LoadException.CANNOT_EXECUTE, "Permission denied", Errno.EACCES);
        }
    }

    private static Prepared prepare(Namespace ns, Namespace.Location cwd, Namespace.Location base, String path,
                                    boolean noFollow, ArgsSource args, FrameAllocator frames,
                                    ElfLoader.AuxFacts facts, int depth, Naming naming) throws LoadException {
        MemorySegment file;
        String exe;
        try (Namespace.Resolved res = resolve(ns, base, path, !noFollow)) {
            if (!res.exists()) throw new LoadException(LoadException.NOT_FOUND, "No such file or directory", Errno.ENOENT);
            if (res.type() == Handle.S_IFLNK) {
                throw new LoadException(LoadException.CANNOT_EXECUTE, "Too many levels of symbolic links", Errno.ELOOP);
            }
            io.helctic.kernel.vfs.Result<Handle.Stat> st = io.helctic.kernel.context.Context.CURRENT.isBound() ? res.stat() : null;
            checkExecutable(res.isDirectory(), res.type(), res.mode(), st == null || st.failed() ? null : st.value());
            file = map(res);
            exe = res.path();
        }
        Args a = args.read();
        return load(ns, cwd, file, exe, exe.substring(exe.lastIndexOf('/') + 1), path, a.argv(), a.envp(), frames, facts,
                depth, naming);
    }

    /** Loads a mapped file: an ELF image, or a script's interpreter (depth counts the interpreters so far). */
    private static Prepared load(Namespace ns, Namespace.Location cwd, MemorySegment file, String exe, String dentry,
                                 String path, List<String> argv, List<String> envp, FrameAllocator frames,
                                 ElfLoader.AuxFacts facts, int depth, Naming naming) throws LoadException {
        String execfn = naming.filename();
        switch (BinaryFormat.detect(file)) {
            case ELF -> {
                ElfFile elf = ElfFile.parse(file);
                if (elf.personality() == io.helctic.abi.PersonalityId.OPENBSD && elf.interpreter() != null)
                    throw new LoadException(LoadException.CANNOT_EXECUTE, "an OpenBSD program linked to OpenBSD's libc through "
                            + elf.interpreter() + ": not supported (OpenBSD's programs, Go's too, call its libc, which Helctic does not provide)");
                ElfFile interp = null;
                String interpPath = null;
                if (elf.interpreter() != null) {
                    Result<Namespace.Resolved> ir = ns.resolve("/", elf.interpreter(), true);
                    if (ir.failed() || !ir.value().exists()) {
                        if (!ir.failed()) ir.value().close();
                        throw new LoadException(LoadException.CANNOT_EXECUTE, "the interpreter " + elf.interpreter()
                                + " it asks for is missing", Errno.ENOENT);
                    }
                    try (Namespace.Resolved i = ir.value()) {
                        interpPath = i.path();
                        interp = ElfFile.parse(map(i));
                    }
                }
                AddressSpace space = new AddressSpace(frames);
                try {
                    ElfLoader.Image image = ElfLoader.load(elf, exe, interp, interpPath, space, argv, envp, execfn, facts);
                    String name = naming.commFromDentry() ? dentry : execfn.substring(execfn.lastIndexOf('/') + 1);
                    return new Prepared(space, image, exe, argv, name);
                } catch (LoadException | RuntimeException e) {
                    space.destroy();
                    throw e;
                }
            }
            case SCRIPT -> {
                if (depth >= MAX_INTERPRETERS) {
                    throw new LoadException(LoadException.CANNOT_EXECUTE, "too many levels of interpreters", Errno.ELOOP);
                }
                if (naming.scriptInaccessible()) {
                    throw new LoadException(LoadException.NOT_FOUND, "the script's descriptor closes on exec", Errno.ENOENT);
                }
                String[] interp = shebang(file);
                List<String> next = new ArrayList<>();
                next.add(interp[0]);
                if (interp[1] != null) next.add(interp[1]);
                next.add(depth == 0 ? execfn : path); // Linux's bprm->interp: the filename, then each interpreter
                next.addAll(argv.subList(Math.min(1, argv.size()), argv.size()));
                try {
                    return prepare(ns, cwd, cwd, interp[0], false, () -> new Args(next, envp), frames, facts, depth + 1, naming);
                } catch (LoadException e) {
                    if (e.errno() != Errno.ENOENT || depth > 0) throw e;
                    throw new LoadException(LoadException.CANNOT_EXECUTE,
                            interp[0] + ": bad interpreter: No such file or directory", Errno.ENOENT);
                }
            }
            case PE -> throw new LoadException(LoadException.CANNOT_EXECUTE, BinaryFormat.PE.title()
                    + ": recognised, but not supported: Windows programs need Windows's system DLLs (ntdll, kernel32), which Helctic does not provide");
            case MACH_O, MACH_O_UNIVERSAL -> throw new LoadException(LoadException.CANNOT_EXECUTE, BinaryFormat.detect(file).title()
                    + ": recognised, but not supported: Darwin programs need dyld and libSystem, which Helctic does not provide");
            case UNKNOWN -> throw new LoadException(LoadException.CANNOT_EXECUTE,
                    "cannot execute binary file: Exec format error");
        }
        throw new IllegalStateException("unreachable");
    }

    /**
     * The interpreter and its one optional argument from a "#!" line, split exactly as Linux's
     * binfmt_script does, quirks included: only the first {@value #SHEBANG_MAX} bytes count (the
     * last of them is never part of the line); the search for the newline stops at a NUL; with no
     * newline, a name that runs to the end of those bytes is refused (ENOEXEC) and trailing blanks
     * are kept; the name ends at a blank or a NUL; and name and argument are C strings. An empty
     * name opens the working directory in Linux, hence EACCES. Bytes are the guest's.
     */
    static String[] shebang(MemorySegment file) throws LoadException {
        byte[] buf = new byte[SHEBANG_MAX];
        int n = (int) Math.min(file.byteSize(), SHEBANG_MAX);
        FileBytes.copy(file, 0, buf, n);
        int bufEnd = SHEBANG_MAX - 1;
        int end = -1;
        for (int i = 0; i < SHEBANG_MAX && buf[i] != 0; i++) {
            if (buf[i] == '\n') {
                end = i;
                break;
            }
        }
        if (end < 0) {
            end = nextNonBlank(buf, 2, bufEnd);
            if (end < 0) throw noInterpreter(Errno.ENOEXEC);
            if (nextTerminator(buf, end, bufEnd) < 0) {
                throw new LoadException(LoadException.CANNOT_EXECUTE, "#! interpreter name is too long", Errno.ENOEXEC);
            }
            end = bufEnd;
        }
        while (blank(buf[end - 1])) end--;
        int name = nextNonBlank(buf, 2, end);
        if (name < 0 || name == end) throw noInterpreter(Errno.ENOEXEC);
        int sep = nextTerminator(buf, name, end);
        int arg = sep >= 0 && buf[sep] != 0 ? nextNonBlank(buf, sep, end) : -1;
        buf[end] = 0;
        if (sep >= 0) buf[sep] = 0;
        String interp = cString(buf, name);
        if (interp.isEmpty()) throw noInterpreter(Errno.EACCES);
        return new String[] {interp, arg >= 0 ? cString(buf, arg) : null};
    }

    private static LoadException noInterpreter(Errno errno) {
        return new LoadException(LoadException.CANNOT_EXECUTE, "#! names no interpreter", errno);
    }

    private static boolean blank(byte c) {
        return c == ' ' || c == '\t';
    }

    /** The first index in [from, last] that is not a blank, or -1. */
    private static int nextNonBlank(byte[] b, int from, int last) {
        for (int i = from; i <= last; i++) if (!blank(b[i])) return i;
        return -1;
    }

    /** The first index in [from, last] that is a blank or a NUL, or -1. */
    private static int nextTerminator(byte[] b, int from, int last) {
        for (int i = from; i <= last; i++) if (blank(b[i]) || b[i] == 0) return i;
        return -1;
    }

    private static String cString(byte[] b, int at) {
        int e = at;
        while (e < b.length && b[e] != 0) e++;
        return new String(b, at, e - at, StandardCharsets.ISO_8859_1);
    }

    private static Namespace.Resolved resolve(Namespace ns, Namespace.Location base, String path, boolean follow)
            throws LoadException {
        Result<Namespace.Resolved> r = ns.resolve(base, path, follow);
        if (r.failed()) throw fail(r.errno());
        return r.value();
    }

    /**
     * The file, mapped read-only: opened through its scheme on the resolved parent directory and
     * name (so what was checked is what is mapped), its mapping kept after the descriptor closes.
     */
    private static MemorySegment map(Namespace.Resolved res) throws LoadException {
        Result<Handle> h = res.scheme().open(res.dir(), res.name(), res.path(), O_RDONLY, 0);
        if (h.failed()) throw fail(h.errno());
        MemorySegment image;
        try {
            image = h.value().mapping();
        } finally {
            h.value().close();
        }
        if (image == null || image.byteSize() == 0) {
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
