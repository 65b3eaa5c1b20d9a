package io.helctic.personality.docs;

import io.helctic.abi.KernelOp;
import io.helctic.personality.Support;
import java.util.EnumMap;
import java.util.List;
import java.util.Map;

/**
 * One personality's syscall table as its generated document shows it: where the document goes,
 * its title and introduction, and one row per number.
 */
public record SyscallTable(String file, String title, String intro, List<Row> rows) {

    /**
     * One number: its name and arguments, its support level, how the personality translates it
     * ({@code translation}: the op it calls, or the shim method that does), the kernel slots it can
     * reach ({@code ops}; the document names the kernel method behind each) and a note.
     */
    public record Row(String number, String name, String args, Support support, String translation, List<KernelOp> ops,
                      String note) {
        public Row {
            ops = List.copyOf(ops);
        }
    }

    public SyscallTable {
        rows = List.copyOf(rows);
    }

    /** How many rows have each support level. */
    public Map<Support, Integer> counts() {
        Map<Support, Integer> m = new EnumMap<>(Support.class);
        for (Support s : Support.values()) m.put(s, 0);
        for (Row r : rows) m.merge(r.support(), 1, Integer::sum);
        return m;
    }
}
