package io.helctic.personality.docs;

import io.helctic.abi.HeaderGenerator;
import io.helctic.abi.KernelOp;
import io.helctic.abi.Wiring;
import io.helctic.personality.Handler;
import io.helctic.personality.Support;
import io.helctic.personality.bsd.BsdCall;
import io.helctic.personality.bsd.BsdOs;
import io.helctic.personality.bsd.FreeBsdCalls;
import io.helctic.personality.darwin.DarwinAbi;
import io.helctic.personality.linux.ArgKind;
import io.helctic.personality.linux.SyscallEntry;
import io.helctic.personality.linux.X86_64Table;
import io.helctic.personality.windows.NtServices;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Function;
import java.util.stream.Collectors;

/**
 * The generated syscall documents ({@code docs/syscalls/}), one per personality: every number of
 * its table with its support level, how the personality translates it and the kernel method
 * behind each op it reaches — so the document is the one hop from a syscall to its code. The
 * kernel's side comes from outside this module (the personality layer never sees the kernel):
 * {@link #render} takes it as a function from slot to method name.
 */
public final class SyscallDocs {
    private SyscallDocs() {}

    /** Where the documents live, relative to the repository root. */
    public static final String DIRECTORY = "docs/syscalls";

    /** Every personality's table. */
    public static List<SyscallTable> tables() {
        return List.of(linux(), bsd(BsdOs.FREEBSD, "freebsd", freebsdShims()), bsd(BsdOs.NETBSD, "netbsd", netbsdShims()),
                       bsd(BsdOs.OPENBSD, "openbsd", Map.of()), darwin(), windows(), nativeAbi());
    }

    // ---- Linux -----------------------------------------------------------------------------

    /** The shim methods of the Linux table, by syscall name (read from its bytecode, in declaration order). */
    public static Map<String, Wiring.Ref> linuxShims() {
        return pair(X86_64Table.class, "implementations", X86_64Table.shimsInDeclarationOrder());
    }

    /** The shim methods of the FreeBSD calls, by number. */
    public static Map<Integer, Wiring.Ref> freebsdShims() {
        return pair(FreeBsdCalls.class, "calls", FreeBsdCalls.shimsInDeclarationOrder());
    }

    /** The shim methods of the NetBSD calls, by number. */
    public static Map<Integer, Wiring.Ref> netbsdShims() {
        return pair(io.helctic.personality.bsd.NetBsdCalls.class, "calls", io.helctic.personality.bsd.NetBsdCalls.shimsInDeclarationOrder());
    }

    /** The method references {@code method} makes, paired in order with the entries that run a shim. */
    private static <K> Map<K, Wiring.Ref> pair(Class<?> table, String method, List<K> shims) {
        List<Wiring.Ref> refs = Wiring.scan(table, method);
        if (refs.size() != shims.size()) {
            throw new IllegalStateException(table.getSimpleName() + "." + method + " makes " + refs.size()
                    + " method references for " + shims.size() + " shims: name every shim by a method reference, and nothing else");
        }
        Map<K, Wiring.Ref> m = new LinkedHashMap<>();
        Iterator<Wiring.Ref> r = refs.iterator();
        for (K k : shims) m.put(k, r.next());
        return m;
    }

    static SyscallTable linux() {
        Map<String, Wiring.Ref> shims = linuxShims();
        List<SyscallTable.Row> rows = new ArrayList<>();
        int unassigned = 0;
        for (SyscallEntry e : X86_64Table.entries()) {
            if (!e.assigned()) unassigned++;
            String args = e.args().stream().map(ArgKind::token).collect(Collectors.joining(", "));
            rows.add(row(Integer.toString(e.number()), e.assigned() ? "`" + e.name() + "`" : "—", args, e.support(),
                         e.handler(), shims.get(e.name()), e.note()));
        }
        String intro = "Every number of the 64-bit x86-64 Linux syscall table from 0 to " + X86_64Table.MAX
                + " (rseq_slice_yield, the newest in mainline); " + unassigned + " of them are numbers Linux leaves "
                + "unassigned. Those, the x32-only numbers 512–547 and UNIMPLEMENTED entries answer `-ENOSYS`.";
        return new SyscallTable("linux-x86_64.md", "Linux x86-64 syscalls in Helctic", intro, rows);
    }

    private static SyscallTable.Row row(String number, String name, String args, Support support, Handler h,
                                        Wiring.Ref shim, String note) {
        return switch (h) {
            case Handler.Direct d -> new SyscallTable.Row(number, name, args, support, "`" + d.render() + "`",
                                                          List.of(d.op()), note);
            case Handler.Translated t -> {
                if (shim == null) throw new IllegalStateException(name + ": a shim without a method reference");
                List<KernelOp> ops = new ArrayList<>(Wiring.opsReachable(SyscallDocs.class, shim, "io/helctic/personality/"));
                yield new SyscallTable.Row(number, name, args, support, "`" + shim.javaName() + "`: " + t.summary(), ops, note);
            }
            case Handler.NotImplemented n -> new SyscallTable.Row(number, name, args, support, "", List.of(), note);
        };
    }

    // ---- BSDs and Darwin -------------------------------------------------------------------

    static SyscallTable bsd(BsdOs os, String file, Map<Integer, Wiring.Ref> shims) {
        List<SyscallTable.Row> rows = new ArrayList<>();
        for (BsdCall c : os.calls().values()) rows.add(bsdRow(Integer.toString(c.number()), c, shims.get(c.number())));
        String intro = "The " + os.name() + " personality knows the calls below by number; every other number, like "
                + "every UNIMPLEMENTED call, answers ENOSYS (" + os.errno().translate(io.helctic.abi.Errno.ENOSYS)
                + ") with the carry flag set. Results follow the BSD convention: carry clear and the value in rax "
                + "(a second value in rdx where the call has one), or carry set and " + os.name() + "'s errno.";
        return new SyscallTable(file + "-x86_64.md", os.name() + " x86-64 syscalls in Helctic", intro, rows);
    }

    private static SyscallTable.Row bsdRow(String number, BsdCall c, Wiring.Ref shim) {
        String args = c.args().stream().map(a -> a.name().toLowerCase(java.util.Locale.ROOT)).collect(Collectors.joining(", "));
        SyscallTable.Row r = row(number, "`" + c.name() + "`", args, c.support(), c.handler(), shim, c.note());
        if (c.second() == null) return r;
        List<KernelOp> ops = new ArrayList<>(r.ops());
        if (c.second().op() != null) ops.add(c.second().op());
        String second = c.second().op() != null ? "`" + c.second().op().name() + "()`" : Long.toString(c.second().constant());
        return new SyscallTable.Row(r.number(), r.name(), r.args(), r.support(),
                r.translation() + "; rdx: " + second + " (" + c.second().summary() + ")", ops, r.note());
    }

    static SyscallTable darwin() {
        List<SyscallTable.Row> rows = new ArrayList<>();
        for (BsdCall c : DarwinAbi.unixCalls().values()) {
            rows.add(bsdRow("0x" + Long.toHexString(DarwinAbi.UNIX | c.number()), c, null));
        }
        String intro = "Darwin numbers a Unix (BSD) call n as 0x2000000 | n; Mach traps (class 1), machine-dependent "
                + "calls (class 3), every other class and every number not below answer ENOSYS (78) with the carry "
                + "flag set, as do UNIMPLEMENTED calls. Mach-O images are recognised and refused by the loader, so no "
                + "Darwin program runs yet.";
        return new SyscallTable("darwin-x86_64.md", "Darwin x86-64 syscalls in Helctic", intro, rows);
    }

    // ---- Windows and native ----------------------------------------------------------------

    static SyscallTable windows() {
        List<SyscallTable.Row> rows = new ArrayList<>();
        for (int n = 0; n < NtServices.WIN10_22H2.size(); n++) {
            rows.add(new SyscallTable.Row("0x" + Integer.toHexString(n), "`" + NtServices.WIN10_22H2.get(n) + "`", "",
                                          Support.UNIMPLEMENTED, "", List.of(), "STATUS_NOT_IMPLEMENTED"));
        }
        String intro = "The NT system services of Windows 10 22H2 x64 (build 19045), ntoskrnl's long-stable range "
                + "0x00–0x55. A known service answers STATUS_NOT_IMPLEMENTED, any other number (the win32k table "
                + "included) STATUS_INVALID_SYSTEM_SERVICE. PE images are recognised and refused by the loader.";
        return new SyscallTable("windows-x86_64.md", "Windows NT x86-64 system services in Helctic", intro, rows);
    }

    static SyscallTable nativeAbi() {
        List<SyscallTable.Row> rows = new ArrayList<>();
        for (KernelOp op : KernelOp.values()) {
            boolean reserved = op.reserved();
            rows.add(new SyscallTable.Row(Integer.toString(op.slot()), "`" + op.cName() + "`", String.join(", ", op.params()),
                    reserved ? Support.UNIMPLEMENTED : Support.FULL, reserved ? "" : "pass-through",
                    reserved ? List.of() : List.of(op), reserved ? "reserved slot" : op.note()));
        }
        String intro = "Helctic's own ABI (DESIGN §1 rule 5): the syscall number is the kernel op's slot and the "
                + "arguments pass through, so this is the kernel's table itself. `include/helctic/personality.h` "
                + "declares the same slots for C.";
        return new SyscallTable("native.md", "Helctic's native syscalls (the kernel's op table)", intro, rows);
    }

    // ---- rendering -------------------------------------------------------------------------

    /**
     * The document for a table. {@code kernel} names the kernel method implementing a slot
     * ({@code PathOps.openat}), or answers null for a slot the kernel leaves unimplemented.
     */
    public static String render(SyscallTable t, Function<KernelOp, String> kernel) {
        Map<Support, Integer> counts = t.counts();
        StringBuilder s = new StringBuilder();
        s.append("# ").append(t.title()).append("\n\n");
        s.append("<!-- GENERATED by io.helctic.personality.docs.SyscallDocs from the personality's table and the kernel's\n");
        s.append("     declared table (KernelTable). Do not edit: regenerate with ")
         .append(HeaderGenerator.REGENERATE).append(" -->\n\n");
        s.append(t.intro()).append("\n\n");
        s.append("FULL carries the OS's semantics; PARTIAL lacks what its note says; the translation column is what the\n");
        s.append("personality does (the op it calls, with its arguments, or the shim method that translates), and the\n");
        s.append("kernel column names the Java method behind each op it reaches (the kernel's declared table,\n");
        s.append("`KernelTable` in the kernel module's syscall package, pairs each slot with that method).\n\n");
        s.append("**Summary:** ").append(t.rows().size()).append(" numbers: ")
         .append(counts.get(Support.FULL)).append(" FULL, ")
         .append(counts.get(Support.PARTIAL)).append(" PARTIAL, ")
         .append(counts.get(Support.UNIMPLEMENTED)).append(" UNIMPLEMENTED.\n\n");
        s.append("| nr | name | arguments | support | translation | kernel | note |\n");
        s.append("|---:|---|---|---|---|---|---|\n");
        for (SyscallTable.Row r : t.rows()) {
            s.append("| ").append(r.number())
             .append(" | ").append(r.name())
             .append(" | ").append(r.args())
             .append(" | ").append(r.support())
             .append(" | ").append(cell(r.translation()))
             .append(" | ").append(cell(kernelCell(r, kernel)))
             .append(" | ").append(cell(r.note()))
             .append(" |\n");
        }
        return s.toString();
    }

    private static String kernelCell(SyscallTable.Row r, Function<KernelOp, String> kernel) {
        boolean one = r.ops().size() == 1;
        StringBuilder s = new StringBuilder();
        for (KernelOp op : r.ops()) {
            if (!s.isEmpty()) s.append(", ");
            String m = kernel.apply(op);
            if (!one) s.append(op.name()).append(": ");
            s.append(m == null ? "unimplemented (-ENOSYS)" : "`" + m + "`");
        }
        return s.toString();
    }

    private static String cell(String text) {
        return text.replace("|", "\\|");
    }
}
