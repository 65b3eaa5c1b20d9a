package io.helctic.personality.bsd;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import org.junit.jupiter.api.Test;

/** The BSDs' struct termios from and to the kernel's, checked against the values of both systems' headers. */
class BsdTermiosTest {

    /** A Linux terminal as `stty sane` leaves it at 38400 baud (the values of Linux's asm-generic/termbits.h). */
    private static byte[] sane() {
        ByteBuffer k = ByteBuffer.allocate(BsdTermios.KERNEL_SIZE).order(ByteOrder.LITTLE_ENDIAN);
        k.putInt(0, 0400 | 02000 | 020000 | 040000);      // ICRNL IXON IMAXBEL IUTF8
        k.putInt(4, 01 | 04);                              // OPOST ONLCR
        k.putInt(8, 060 | 0200 | 017);                     // CS8 CREAD B38400
        k.putInt(12, 01 | 02 | 010 | 020 | 040 | 01000 | 04000 | 0100000); // ISIG ICANON ECHO ECHOE ECHOK ECHOCTL ECHOKE IEXTEN
        byte[] cc = {3, 28, 127, 21, 4, 0, 1, 0, 17, 19, 26, 0, 18, 15, 23, 22, 0};
        for (int i = 0; i < cc.length; i++) k.put(17 + i, cc[i]);
        return k.array();
    }

    @Test
    void aSaneLinuxTerminalReadsAsFreeBsdsHeadersSpellIt() {
        ByteBuffer b = ByteBuffer.wrap(BsdTermios.toBsd(sane())).order(ByteOrder.LITTLE_ENDIAN);
        assertThat(b.getInt(0)).as("ICRNL|IXON|IMAXBEL (IUTF8 dropped)").isEqualTo(0x100 | 0x200 | 0x2000);
        assertThat(b.getInt(4)).as("OPOST|ONLCR").isEqualTo(0x1 | 0x2);
        assertThat(b.getInt(8)).as("CS8|CREAD").isEqualTo(0x300 | 0x800);
        assertThat(b.getInt(12)).as("ECHOKE|ECHOE|ECHOK|ECHO|ECHOCTL|ISIG|ICANON|IEXTEN")
                .isEqualTo(0x1 | 0x2 | 0x4 | 0x8 | 0x40 | 0x80 | 0x100 | 0x400);
        assertThat(b.get(16 + 8)).as("VINTR").isEqualTo((byte) 3);
        assertThat(b.get(16 + 0)).as("VEOF").isEqualTo((byte) 4);
        assertThat(b.get(16 + 3)).as("VERASE").isEqualTo((byte) 127);
        assertThat(b.get(16 + 1)).as("VEOL disabled: _POSIX_VDISABLE").isEqualTo((byte) 0xff);
        assertThat(b.get(16 + 16)).as("VMIN").isEqualTo((byte) 1);
        assertThat(b.get(16 + 17)).as("VTIME stays 0").isEqualTo((byte) 0);
        assertThat(b.getInt(36)).isEqualTo(38400);
        assertThat(b.getInt(40)).isEqualTo(38400);
    }

    @Test
    void rawModeSetOnTheBsdSideReachesTheKernelAsCfmakerawWould() {
        byte[] bsd = BsdTermios.toBsd(sane());
        ByteBuffer b = ByteBuffer.wrap(bsd).order(ByteOrder.LITTLE_ENDIAN);
        b.putInt(0, b.getInt(0) & ~(0x100 | 0x200));       // -ICRNL -IXON
        b.putInt(12, b.getInt(12) & ~(0x8 | 0x100 | 0x80)); // -ECHO -ICANON -ISIG
        b.putInt(36, 115200).putInt(40, 115200);
        ByteBuffer k = ByteBuffer.wrap(BsdTermios.toKernel(bsd)).order(ByteOrder.LITTLE_ENDIAN);
        assertThat(k.getInt(0)).isEqualTo(020000);
        assertThat(k.getInt(12) & (01 | 02 | 010)).isZero();
        assertThat(k.getInt(12) & 0100000).as("IEXTEN kept").isNotZero();
        assertThat(k.getInt(8)).as("CS8|CREAD|B115200").isEqualTo(060 | 0200 | 010002);
        assertThat(k.get(17 + 11)).as("VEOL back to Linux's disabled 0").isZero();
        assertThat(k.get(17)).as("VINTR").isEqualTo((byte) 3);
    }

    @Test
    void aSpeedLinuxCannotCodeIsRefused() {
        byte[] bsd = BsdTermios.toBsd(sane());
        ByteBuffer.wrap(bsd).order(ByteOrder.LITTLE_ENDIAN).putInt(40, 12345);
        assertThat(BsdTermios.toKernel(bsd)).isNull();
    }

    @Test
    void everyFlagBothSidesKnowSurvivesTheRoundTrip() {
        byte[] k = sane();
        ByteBuffer in = ByteBuffer.wrap(k).order(ByteOrder.LITTLE_ENDIAN);
        in.putInt(0, in.getInt(0) & ~040000); // IUTF8 has no BSD bit
        assertThat(BsdTermios.toKernel(BsdTermios.toBsd(k))).isEqualTo(k);
    }
}
