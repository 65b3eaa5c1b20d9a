package io.helctic.btrfs;

import static org.assertj.core.api.Assertions.assertThat;

import com.code_intelligence.jazzer.api.FuzzedDataProvider;
import com.code_intelligence.jazzer.junit.FuzzTest;
import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/**
 * Fuzzes the whole reader with damaged images. The fuzzer's bytes do not form an image: they
 * choose ({@link ImageMutator}) a variant of a small valid image ({@link FuzzBaseImage}: as
 * made, with one file's extent compressed, or with a snapshot), which tree blocks to damage
 * and how — header fields, item keys, item offsets and sizes, child pointers, fields inside
 * items by type, bytes inside items, slices spliced from other blocks, a whole block
 * transplanted, the superblock's fields and sys_chunk_array, a truncated file — and whether to
 * rewrite the checksum of each damaged block (mostly yes, so the damage gets past checksum
 * verification; sometimes no). The image is then opened through the public API and walked:
 * subvolumes, every directory listing and lookup, inodes, names, xattrs, every file read
 * whole, symlinks read and followed.
 *
 * <p>The only acceptable failure is a {@link BtrfsException} whose message names what is wrong
 * and where. Anything else — an unchecked exception or error, a hang, an error that slipped past
 * the explicit checks into {@code Btrfs.guard}'s safety net ("malformed metadata: ..."), or one
 * that does not say where — is a finding.
 *
 * <p>Without {@code JAZZER_FUZZ} this is a regression test over the inputs in
 * {@code src/test/resources/io/helctic/btrfs/BtrfsFuzzTestInputs/mutatedImage}; the empty input
 * walks the undamaged image, which must give no error but those it was made with (a dangling
 * symlink, a symlink loop), as must each undamaged variant. A campaign (see
 * docs/ARCHITECTURE.md):
 * {@code JAZZER_FUZZ=1 ./mvnw -B -pl btrfs test -Dtest='BtrfsFuzzTest#mutatedImage' -Djazzer.max_duration=3m}.
 */
class BtrfsFuzzTest {
    /** Per file, bytes read through the stream; larger (sparse) files are read this far. */
    private static final int READ_CAP = 1 << 20;
    /** Inodes visited per image, so that a damaged directory graph cannot make the walk itself long. */
    private static final int VISIT_CAP = 500;
    /** A message must say where: an address, an offset, a tree, an inode, a chunk, a directory. */
    private static final Pattern WHERE = Pattern.compile(
            "logical|offset|inode|tree|superblock|chunk|device|directory|sys_chunk_array|image");
    private static final String[] PATHS = {"hello.txt", "/link", "link-abs/f/leaf", "/link-dir/leaf", "d/e/f/../f/leaf",
        "loop-a", "dangling", "many/entry-59", "hard", "nope/x", "hello.txt/x"};

    @FuzzTest(maxDuration = "3m")
    @Timeout(value = 10, threadMode = Timeout.ThreadMode.SEPARATE_THREAD)
    void mutatedImage(FuzzedDataProvider data) throws Exception {
        ImageMutator m = ImageMutator.get();
        ImageMutator.Damage d = m.damage(data);
        Walk w = new Walk();
        try {
            m.write(d);
            walk(m.file, w);
        } finally {
            m.restore(d);
        }
        if (d.rounds == 0) undamaged(w);
    }

    /** An undamaged image: only the errors it was made to have, and the walk really covered it. */
    private static void undamaged(Walk w) {
        assertThat(w.errors).as("errors on the undamaged image")
                .allMatch(e -> e.matches("/?(snap/)?(loop-[ab]|dangling|nope/x|hello\\.txt/x): .*"));
        assertThat(w.inodes).isGreaterThan(80);
        assertThat(w.bytes).isGreaterThan(50_000);
    }

    /** The variants are what the kernel would have written: each file reads back as it was, the walk finds nothing wrong. */
    @Test
    void variantsReadBack() throws Exception {
        ImageMutator m = ImageMutator.get();
        assertThat(m.variants()).isGreaterThan(1);
        for (int i = 0; i < m.variants(); i++) {
            ImageMutator.Damage d = m.variant(i);
            try {
                m.write(d);
                try (Btrfs fs = Btrfs.open(m.file)) {
                    assertThat(fs.readAll(fs.resolve("inline-2000", true))).isEqualTo(FuzzBaseImage.text(2000, 2));
                    assertThat(fs.readAll(fs.resolve("five-k", true))).isEqualTo(FuzzBaseImage.text(5000, 3));
                    assertThat(fs.readAll(fs.resolve("forty-k", true))).isEqualTo(FuzzBaseImage.text(40_000, 4));
                    assertThat(fs.warnings()).isEmpty();
                    if (i == m.variants() - 1) { // the snapshot
                        assertThat(fs.subvolumes()).singleElement().satisfies(s -> {
                            assertThat(s.id()).isEqualTo(256);
                            assertThat(s.path()).isEqualTo("snap");
                        });
                        assertThat(fs.readAll(fs.resolve("snap/d/e/f/leaf", true))).asString().isEqualTo("deep\n");
                    }
                }
                Walk w = new Walk();
                walk(m.file, w);
                undamaged(w);
            } finally {
                m.restore(d);
            }
        }
    }

    /** What one walk saw. */
    static final class Walk {
        final Set<Node> seen = new HashSet<>();
        final List<String> errors = new ArrayList<>();
        int inodes;
        long bytes;
    }

    interface Call<T> { T call() throws Exception; }

    /**
     * Runs one library call: its answer, or null after a clean error. A clean error is a
     * BtrfsException (for stream reads, an IOException carrying one) whose message says what
     * and where; everything else propagates as a finding.
     */
    static <T> T attempt(Walk w, String what, Call<T> c) throws Exception {
        try {
            return c.call();
        } catch (BtrfsException e) {
            clean(e, what);
            w.errors.add(e.getMessage());
            return null;
        } catch (IOException e) {
            if (!(e.getCause() instanceof BtrfsException be)) throw e;
            clean(be, what);
            w.errors.add(be.getMessage());
            return null;
        }
    }

    private static void clean(BtrfsException e, String what) {
        String m = e.getMessage();
        if (m == null || m.isBlank()) throw new AssertionError(what + ": BtrfsException without a message", e);
        if (m.startsWith("malformed metadata")) throw new AssertionError(what + ": slipped past the explicit checks: " + m, e);
        if (!WHERE.matcher(m).find() && !m.startsWith(what + ": "))
            throw new AssertionError(what + ": error does not say where: " + m, e);
    }

    static void walk(Path file, Walk w) throws Exception {
        Btrfs fs = attempt(w, "open", () -> Btrfs.open(file));
        if (fs == null) return;
        try (fs) {
            Superblock sb = fs.superblock();
            sb.incompatFeatures();
            sb.compatRoFeatures();
            fs.warnings();
            fs.chunkSummary();
            fs.hasUnreplayedLog();
            fs.defaultSubvolume();
            Node root = attempt(w, "root", fs::root);
            if (root != null) visit(fs, root, "", w);
            List<Subvolume> subs = attempt(w, "subvolumes", fs::subvolumes);
            if (subs != null)
                for (Subvolume s : subs) {
                    Node r = attempt(w, "subvolume " + s.id(), () -> fs.subvolumeRoot(s.id()));
                    if (r != null) visit(fs, r, s.path(), w);
                }
            for (String p : PATHS) {
                attempt(w, p, () -> fs.resolve(p, true));
                attempt(w, p, () -> fs.resolve(p, false));
            }
        }
    }

    private static void visit(Btrfs fs, Node node, String path, Walk w) throws Exception {
        if (!w.seen.add(node) || w.seen.size() > VISIT_CAP) return;
        String at = path.isEmpty() ? "/" : path;
        Inode i = attempt(w, at, () -> fs.inode(node));
        attempt(w, at, () -> fs.xattrs(node));
        attempt(w, at, () -> fs.links(node));
        if (i == null) return;
        w.inodes++;
        switch (i.type()) {
            case DIRECTORY -> {
                List<DirEntry> entries = attempt(w, at, () -> fs.list(node));
                if (entries == null) return;
                for (DirEntry e : entries) {
                    attempt(w, at, () -> fs.lookup(node, e.name()));
                    visit(fs, e.node(), path + "/" + e.name(), w);
                }
            }
            case REGULAR -> {
                attempt(w, at, () -> {
                    try (InputStream in = fs.open(node)) {
                        byte[] buf = new byte[64 << 10];
                        long total = 0;
                        for (int n; total < READ_CAP && (n = in.read(buf)) > 0; ) total += n;
                        w.bytes += total;
                    }
                    return null;
                });
                if (i.size() <= READ_CAP) attempt(w, at, () -> fs.readAll(node));
            }
            case SYMLINK -> {
                attempt(w, at, () -> fs.readlink(node));
                if (!path.isEmpty()) attempt(w, path, () -> fs.resolve(path, true));
            }
            default -> {
                i.major();
                i.minor();
            }
        }
    }
}
