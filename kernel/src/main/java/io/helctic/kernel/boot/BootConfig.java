package io.helctic.kernel.boot;

import io.helctic.abi.Personality;
import java.io.InputStream;
import java.io.PrintStream;
import java.nio.file.Path;
import java.util.List;

/**
 * What the kernel boots with: the first program and its arguments and environment,
 * the emulated RAM size, the console streams, and options.
 *
 * @param argv           the program's argument vector, argv[0] included
 * @param env            the environment as kernel strings (one char per host byte)
 * @param hostConsole    whether the streams are the host's own descriptors 0, 1 and 2
 *                       (fstat then reports what they really are)
 * @param strace         print every syscall to {@code stderr} as strace does
 * @param personality    the personality layer to use instead of the one ServiceLoader finds (tests)
 * @param root           the host directory the guest sees as "/" (the file: scheme)
 * @param cwd            the host directory the first process starts in (under root)
 * @param plantedBug     a planted bug (NONE except in the tests showing that their oracle catches it)
 * @param tmpfs          guest paths where a tmpfs is mounted besides /dev/shm (run --tmpfs)
 * @param subvol         when root is a btrfs image: the path in it of the subvolume to mount (null: its default)
 * @param readOnly       when root is a btrfs image: mount it read-only (run --read-only; every change EROFS)
 */
public record BootConfig(Path program, List<String> argv, List<String> env, long memoryBytes,
                         InputStream stdin, PrintStream stdout, PrintStream stderr, boolean hostConsole,
                         boolean strace, Personality personality, Path root, Path cwd,
                         PlantedBug plantedBug, io.helctic.kernel.net.Network.Policy network, List<String> tmpfs,
                         String subvol, boolean readOnly) {

    public static final long DEFAULT_MEMORY = 2L << 30;

    /** The bugs a test may plant to show that its oracle catches them. */
    public enum PlantedBug {
        NONE,
        /** The root's scheme opens existing files by host path string (the confinement attack suite's). */
        HOST_PATH_OPEN,
        /** File locks never conflict: every lock is granted, as when they were no-ops (the locks guest's). */
        LOCKS_NEVER_CONFLICT
    }

    public BootConfig {
        argv = List.copyOf(argv);
        env = List.copyOf(env);
        tmpfs = List.copyOf(tmpfs);
        if (argv.isEmpty()) throw new IllegalArgumentException("argv needs at least argv[0]");
    }

    /** The host's console, the default RAM, no tracing; the environment as the JVM decodes host strings. */
    public static BootConfig of(Path program, List<String> argv, List<String> env) {
        return new BootConfig(program, argv, env.stream().map(io.helctic.kernel.scheme.HostFs::kernelString).toList(), DEFAULT_MEMORY, System.in, System.out, System.err, true, false, null,
                Path.of("/"), Path.of(System.getProperty("user.dir")), PlantedBug.NONE,
                io.helctic.kernel.net.Network.Policy.HOST, List.of(), null, false);
    }

    public BootConfig withStrace(boolean on) {
        return new BootConfig(program, argv, env, memoryBytes, stdin, stdout, stderr, hostConsole, on, personality, root, cwd, plantedBug, network, tmpfs, subvol, readOnly);
    }

    public BootConfig withConsole(InputStream in, PrintStream out, PrintStream err) {
        return new BootConfig(program, argv, env, memoryBytes, in, out, err, false, strace, personality, root, cwd, plantedBug, network, tmpfs, subvol, readOnly);
    }

    public BootConfig withPersonality(Personality p) {
        return new BootConfig(program, argv, env, memoryBytes, stdin, stdout, stderr, hostConsole, strace, p, root, cwd, plantedBug, network, tmpfs, subvol, readOnly);
    }

    public BootConfig withRoot(Path dir) {
        return new BootConfig(program, argv, env, memoryBytes, stdin, stdout, stderr, hostConsole, strace, personality, dir, cwd, plantedBug, network, tmpfs, subvol, readOnly);
    }

    public BootConfig withCwd(Path dir) {
        return new BootConfig(program, argv, env, memoryBytes, stdin, stdout, stderr, hostConsole, strace, personality, root, dir, plantedBug, network, tmpfs, subvol, readOnly);
    }

    /** With a planted bug (see {@link PlantedBug}). */
    public BootConfig withPlantedBug(PlantedBug bug) {
        return new BootConfig(program, argv, env, memoryBytes, stdin, stdout, stderr, hostConsole, strace, personality, root, cwd, bug, network, tmpfs, subvol, readOnly);
    }

    /** With the guest's network policy (--net). */
    public BootConfig withNetwork(io.helctic.kernel.net.Network.Policy policy) {
        return new BootConfig(program, argv, env, memoryBytes, stdin, stdout, stderr, hostConsole, strace, personality, root, cwd, plantedBug, policy, tmpfs, subvol, readOnly);
    }

    /** With the environment as the host's bytes, exactly (no charset in between). */
    public BootConfig withEnvBytes(List<byte[]> entries) {
        List<String> kernel = entries.stream().map(b -> new String(b, java.nio.charset.StandardCharsets.ISO_8859_1)).toList();
        return new BootConfig(program, argv, kernel, memoryBytes, stdin, stdout, stderr, hostConsole, strace, personality, root, cwd, plantedBug, network, tmpfs, subvol, readOnly);
    }

    public BootConfig withMemory(long bytes) {
        return new BootConfig(program, argv, env, bytes, stdin, stdout, stderr, hostConsole, strace, personality, root, cwd, plantedBug, network, tmpfs, subvol, readOnly);
    }

    /** With tmpfs mounts at these guest paths (besides /dev/shm). */
    public BootConfig withTmpfs(List<String> points) {
        return new BootConfig(program, argv, env, memoryBytes, stdin, stdout, stderr, hostConsole, strace, personality, root, cwd, plantedBug, network, points, subvol, readOnly);
    }

    /** With the subvolume at {@code path} of a btrfs image root mounted instead of the default one. */
    public BootConfig withSubvol(String path) {
        return new BootConfig(program, argv, env, memoryBytes, stdin, stdout, stderr, hostConsole, strace, personality, root, cwd, plantedBug, network, tmpfs, path, readOnly);
    }

    /** With a btrfs image root mounted read-only (every change EROFS) instead of read-write. */
    public BootConfig withReadOnly(boolean on) {
        return new BootConfig(program, argv, env, memoryBytes, stdin, stdout, stderr, hostConsole, strace, personality, root, cwd, plantedBug, network, tmpfs, subvol, on);
    }
}
