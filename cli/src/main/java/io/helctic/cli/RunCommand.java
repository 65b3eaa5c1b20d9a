package io.helctic.cli;

import io.helctic.guests.BundledGuests;
import io.helctic.kernel.boot.BootConfig;
import io.helctic.kernel.boot.Kernel;
import io.helctic.kernel.boot.RunStats;
import io.helctic.kernel.loader.LoadException;
import io.helctic.kernel.net.Network;
import java.io.File;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

/** {@code helctic run [--strace] [--stats] [--net=POLICY] [--root DIR|IMAGE [--subvol PATH] [--read-only]] [PROGRAM [ARGS...]]}. */
@Command(name = "run", mixinStandardHelpOptions = true,
         description = {"Runs PROGRAM (an x86-64 Linux, FreeBSD or native Helctic ELF) on the Helctic kernel.",
                        "Its stdin, stdout and stderr are the host's; its exit status is the command's",
                        "(128+N when signal N killed it). With no PROGRAM: on a terminal, the root's /bin/sh;",
                        "otherwise the bundled hello guest."})
final class RunCommand implements Callable<Integer> {

    @Option(names = "--strace", description = "Print every syscall to stderr as strace does.")
    boolean strace;

    @Option(names = "--stats", description = {"At exit, print to stderr: instructions executed, MIPS, block-cache and",
            "TLB hit rates, syscalls by name, time in the kernel and in guest code."})
    boolean stats;

    @Option(names = "--memory", paramLabel = "MIB", description = "Emulated RAM in MiB (default ${DEFAULT-VALUE}).",
            defaultValue = "2048")
    long memoryMib = 2048; // the same default when QuickRun parses the command line

    @Option(names = "--root", paramLabel = "DIR|IMAGE",
            description = {"The host directory the guest sees as / (default: the host's /), or a btrfs image",
                    "mounted as / (its default subvolume): read-write unless --read-only or the image file",
                    "is not writable. PROGRAM is then a path in it."})
    Path root;

    @Option(names = "--read-only",
            description = "With --root IMAGE: mount the image read-only (every change fails with EROFS; the file is not written).")
    boolean readOnly;

    @Option(names = "--subvol", paramLabel = "PATH",
            description = "With --root IMAGE: mount the subvolume at PATH in the image as / instead of its default one.")
    String subvol;

    @Option(names = "--tmpfs", paramLabel = "PATH",
            description = {"Mount an empty tmpfs (in the kernel's memory, mode 1777) at PATH, an absolute path",
                    "in the guest; may be given more than once. /dev/shm always has one."})
    List<String> tmpfs = new ArrayList<>();

    @Option(names = "--net", paramLabel = "POLICY",
            description = {"What the guest's internet sockets may reach (default ${DEFAULT-VALUE}): host (the host's",
                    "network, as a native program), loopback (only 127.0.0.0/8 and ::1; others ENETUNREACH, or",
                    "EADDRNOTAVAIL to bind), none (no internet sockets: EACCES; AF_UNIX still works)."},
            defaultValue = "host")
    String net = "host"; // the same default when QuickRun parses the command line

    @Option(names = "--bundled", paramLabel = "NAME",
            description = "Run a guest bundled in the jar instead of PROGRAM: ${COMPLETION-CANDIDATES}.",
            completionCandidates = BundledNames.class)
    String bundled;

    @Parameters(index = "0", arity = "0..1", paramLabel = "PROGRAM", description = "The program to run.")
    String program;

    @Parameters(index = "1..*", paramLabel = "ARGS", description = "Its arguments.")
    List<String> args = new ArrayList<>();

    static final class BundledNames extends ArrayList<String> {
        private static final long serialVersionUID = 1L;
        BundledNames() { super(BundledGuests.NAMES); }
    }

    @Override
    public Integer call() {
        try {
            return runGuest();
        } finally {
            if (extracted != null) removeExtracted(extracted);
        }
    }

    private int runGuest() {
        String shown;
        Path path;
        if (program == null && bundled == null && System.console() != null
                && Files.isExecutable((root != null ? root : Path.of("/")).resolve("bin/sh"))) {
            // On a terminal with no PROGRAM: an interactive shell from the root filesystem.
            program = "/bin/sh";
        }
        if (program == null || bundled != null) {
            String name = bundled != null ? bundled : BundledGuests.DEFAULT;
            if (!BundledGuests.exists(name)) {
                System.err.println("helctic: no bundled guest named " + name + " (have: " + String.join(", ", BundledGuests.NAMES) + ")");
                return 2;
            }
            if (program != null) args.addFirst(program);
            path = extract(name);
            extracted = path;
            shown = name;
        } else if (root != null) {
            boolean image = Files.isRegularFile(root);
            if (!Files.isDirectory(root) && !(image && io.helctic.btrfs.Btrfs.looksLikeImage(root))) {
                System.err.println("helctic: --root " + root + ": " + (image ? "not a btrfs image" : "not a directory"));
                return 2;
            }
            shown = program;
            path = image ? resolveInImage(root, subvol, program) : resolveIn(root, program);
            if (path == null) {
                System.err.println("helctic: " + program + ": command not found");
                return LoadException.NOT_FOUND;
            }
        } else {
            shown = program;
            path = resolve(program);
            if (path == null) {
                System.err.println("helctic: " + program + ": command not found");
                return LoadException.NOT_FOUND;
            }
        }
        if (memoryMib < 16 || memoryMib > 1 << 20) {
            System.err.println("helctic: --memory must be between 16 and 1048576 MiB");
            return 2;
        }
        Network.Policy policy = switch (net) {
            case "host" -> Network.Policy.HOST;
            case "loopback" -> Network.Policy.LOOPBACK;
            case "none" -> Network.Policy.NONE;
            default -> null;
        };
        if (policy == null) {
            System.err.println("helctic: --net must be host, loopback or none");
            return 2;
        }
        for (String t : tmpfs) {
            if (!t.startsWith("/") || t.equals("/") || t.contains("\0")) {
                System.err.println("helctic: --tmpfs " + t + ": give an absolute path in the guest other than /");
                return 2;
            }
        }
        List<String> argv = new ArrayList<>();
        argv.add(shown);
        argv.addAll(args);
        // the personality layer made here, not found by the kernel's ServiceLoader: its provider
        // lookup scans the module layer, ~1.5 ms of a cold JVM's start-up
        BootConfig config = withEnvironment(BootConfig.of(path, argv, environment())).withStrace(strace)
                .withPersonality(new io.helctic.personality.Dispatcher())
                .withMemory(memoryMib << 20).withNetwork(policy)
                .withTmpfs(tmpfs.stream().map(t -> t.replaceAll("/+", "/").replaceAll("(.)/$", "$1")).toList());
        if (root != null && program != null && bundled == null) {
            Path r = root.toAbsolutePath().normalize();
            config = config.withRoot(r).withCwd(Files.isDirectory(r) ? r : Path.of("/"));
        }
        if (subvol != null) {
            if (root == null || !Files.isRegularFile(root)) {
                System.err.println("helctic: --subvol needs --root IMAGE (a btrfs image)");
                return 2;
            }
            config = config.withSubvol(subvol);
        }
        if (readOnly) {
            if (root == null || !Files.isRegularFile(root)) {
                System.err.println("helctic: --read-only needs --root IMAGE (a btrfs image)");
                return 2;
            }
            config = config.withReadOnly(true);
        }
        // Read once as constants by the kernel and the MMU (their classes are not loaded yet).
        if (stats) System.setProperty("helctic.stats", "true");
        try {
            int status = Kernel.run(config);
            if (stats) RunStats.print(System.err);
            return status;
        } catch (LoadException e) {
            System.err.println("helctic: " + shown + ": " + e.getMessage());
            return e.status();
        }
    }

    /** The bundled guest's temporary copy, when one was made. */
    private Path extracted;

    /** Deletes the bundled guest's temporary copy and its directory (Main halts the JVM: no exit hooks). */
    private static void removeExtracted(Path p) {
        try {
            Files.deleteIfExists(p);
            if (p.getParent() != null) Files.deleteIfExists(p.getParent());
        } catch (IOException e) {
            // left in the temporary directory
        }
    }

    /** A shell's lookup: a name with a slash is a path, otherwise it is searched in PATH. */
    static Path resolve(String program) {
        if (program.contains("/")) return Path.of(program);
        String pathVar = System.getenv().getOrDefault("PATH", "/usr/local/bin:/usr/bin:/bin");
        for (String dir : pathVar.split(File.pathSeparator)) {
            Path p = Path.of(dir.isEmpty() ? "." : dir, program);
            if (Files.isRegularFile(p) && Files.isExecutable(p)) return p;
        }
        return null;
    }

    /** PROGRAM inside a guest root: a path as given, or a bare name searched in PATH under the root. */
    static Path resolveIn(Path root, String program) {
        if (program.contains("/")) return Path.of(program.startsWith("/") ? program : "/" + program);
        String pathVar = System.getenv().getOrDefault("PATH", "/usr/local/bin:/usr/bin:/bin");
        for (String dir : pathVar.split(File.pathSeparator)) {
            if (!dir.startsWith("/")) continue;
            Path guest = Path.of(dir, program);
            Path host = root.resolve(dir.substring(1)).resolve(program);
            if (Files.isRegularFile(host) || Files.isSymbolicLink(host)) return guest;
        }
        return null;
    }

    /** PROGRAM inside a btrfs image (its subvolume {@code subvol}, or the default): a path as given, or a bare name searched in PATH there. */
    static Path resolveInImage(Path image, String subvol, String program) {
        if (program.contains("/")) return Path.of(program.startsWith("/") ? program : "/" + program);
        String pathVar = System.getenv().getOrDefault("PATH", "/usr/local/bin:/usr/bin:/bin");
        try (io.helctic.btrfs.Btrfs fs = io.helctic.btrfs.Btrfs.open(image)) {
            for (String dir : pathVar.split(File.pathSeparator)) {
                if (!dir.startsWith("/")) continue;
                try {
                    fs.resolve((subvol == null ? "" : subvol + "/") + dir + "/" + program, false);
                    return Path.of(dir, program);
                } catch (io.helctic.btrfs.BtrfsException e) {
                    // not there
                }
            }
        } catch (io.helctic.btrfs.BtrfsException e) {
            return Path.of("/" + program); // the kernel's mount says what is wrong with the image
        }
        return null;
    }

    /**
     * The guest's environment: exactly what the launcher was given, byte for byte and in its
     * order, when it passed that on (HELCTIC_ENVIRON, see scripts/environ.sh); else the JVM's
     * own, in no particular order.
     */
    private static BootConfig withEnvironment(BootConfig config) {
        byte[] given = System.getenv("HELCTIC_ENVIRON") == null ? null : launcherEnviron();
        return given == null ? config : config.withEnvBytes(decodeEnviron(given));
    }

    /** The JVM's environment, in no particular order. */
    private static List<String> environment() {
        List<String> env = new ArrayList<>();
        for (Map.Entry<String, String> e : System.getenv().entrySet()) env.add(e.getKey() + "=" + e.getValue());
        return env;
    }

    /** HELCTIC_ENVIRON's value as the host's bytes (read from /proc/self/environ), or null. */
    private static byte[] launcherEnviron() {
        byte[] all;
        try (java.io.InputStream in = Files.newInputStream(Path.of("/proc/self/environ"))) {
            all = in.readAllBytes(); // as a stream: the file's size is 0
        } catch (java.io.IOException | RuntimeException e) {
            return null;
        }
        byte[] key = "HELCTIC_ENVIRON=".getBytes(java.nio.charset.StandardCharsets.US_ASCII);
        for (int start = 0, i = 0; i <= all.length; i++) {
            if (i < all.length && all[i] != 0) continue;
            if (i - start >= key.length && java.util.Arrays.equals(all, start, start + key.length, key, 0, key.length)) {
                return java.util.Arrays.copyOfRange(all, start + key.length, i);
            }
            start = i + 1;
        }
        return null;
    }

    /** The entries scripts/environ.sh encoded: one per line, {@code \\} and {@code \n} escaped. */
    static List<byte[]> decodeEnviron(byte[] value) {
        List<byte[]> out = new ArrayList<>();
        java.io.ByteArrayOutputStream entry = new java.io.ByteArrayOutputStream();
        for (int i = 0; i < value.length; i++) {
            byte b = value[i];
            if (b == '\\' && i + 1 < value.length) {
                byte next = value[++i];
                entry.write(next == 'n' ? '\n' : next);
            } else if (b == '\n') {
                out.add(entry.toByteArray());
                entry.reset();
            } else {
                entry.write(b);
            }
        }
        return out;
    }

    private static Path extract(String name) {
        try {
            return BundledGuests.extract(name, Files.createTempDirectory("helctic-guest"));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
