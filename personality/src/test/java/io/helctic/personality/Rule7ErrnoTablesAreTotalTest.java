package io.helctic.personality;

import static org.assertj.core.api.Assertions.assertThat;

import io.helctic.abi.Errno;
import io.helctic.personality.bsd.BsdOs;
import io.helctic.personality.darwin.DarwinAbi;
import io.helctic.personality.linux.LinuxAbi;
import io.helctic.personality.windows.NtStatus;
import io.helctic.personality.windows.WindowsErrno;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** DESIGN §1 rule 7: every personality's errno table has an entry for every kernel errno. */
class Rule7ErrnoTablesAreTotalTest {

    private static List<ErrnoTable> unixLike() {
        return List.of(BsdOs.FREEBSD.errno(), BsdOs.NETBSD.errno(), BsdOs.OPENBSD.errno(), DarwinAbi.errno());
    }

    @Test
    void everyUnixLikeTableIsTotalAndPositive() {
        for (ErrnoTable t : unixLike()) {
            for (Errno e : Errno.values()) {
                assertThat(t.entries()).as("%s %s", t.os(), e).containsKey(e);
                long v = t.translate(e);
                assertThat(v).as("%s %s", t.os(), e).isPositive();
                assertThat(t.name(v)).as("%s %s", t.os(), e).isNotNull();
            }
            assertThat(t.translate(Errno.ENOSYS)).isEqualTo(78);
            assertThat(t.translate(Errno.EAGAIN)).isEqualTo(35);
        }
    }

    @Test
    void distinctWhereTheOsHasDistinctValues() {
        for (ErrnoTable t : unixLike()) {
            Map<Long, Errno> seen = new HashMap<>();
            for (Errno e : Errno.values()) {
                if (!t.nativeNames().containsKey(e.name())) continue; // mapped to a closest relative
                if (e == Errno.EOPNOTSUPP && !t.name(t.translate(e)).equals("EOPNOTSUPP")) continue; // Darwin's override
                Errno before = seen.put(t.translate(e), e);
                assertThat(before).as("%s: %s and %s share %d", t.os(), before, e, t.translate(e)).isNull();
                assertThat(t.name(t.translate(e))).isEqualTo(e.name());
            }
        }
    }

    @Test
    void sameNamedErrnosKeepTheirName() {
        for (ErrnoTable t : unixLike()) {
            for (Errno e : Errno.values()) {
                if (t.nativeNames().containsKey(e.name()) && e != Errno.EOPNOTSUPP) {
                    assertThat(t.translate(e)).as("%s %s", t.os(), e).isEqualTo(t.nativeNames().get(e.name()));
                }
            }
        }
    }

    @Test
    void windowsTableIsTotalAndUsesFailureStatuses() {
        ErrnoTable t = WindowsErrno.TABLE;
        for (Errno e : Errno.values()) {
            assertThat(t.entries()).containsKey(e);
            long status = t.translate(e);
            assertThat(status).as("%s", e).isPositive().isLessThanOrEqualTo(0xFFFF_FFFFL);
            assertThat(status >>> 30).as("%s severity is warning or error", e).isGreaterThanOrEqualTo(2);
            assertThat(NtStatus.NAMES).containsKey(status);
        }
        assertThat(t.translate(Errno.ENOENT)).isEqualTo(0xC0000034L);
        assertThat(t.translate(Errno.EACCES)).isEqualTo(0xC0000022L);
        assertThat(t.translate(Errno.ENOMEM)).isEqualTo(0xC0000017L);
        assertThat(t.translate(Errno.EINVAL)).isEqualTo(0xC000000DL);
        assertThat(t.translate(Errno.ENOSYS)).isEqualTo(0xC0000002L);
    }

    @Test
    void linuxNeedsNoTranslationButEveryErrnoHasItsMessage() {
        for (Errno e : Errno.values()) {
            assertThat(LinuxAbi.strerror(e)).as("%s", e).isNotBlank();
        }
        assertThat(LinuxAbi.strerror(Errno.ENOSYS)).isEqualTo("Function not implemented");
    }
}
