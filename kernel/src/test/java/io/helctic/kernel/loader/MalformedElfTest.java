package io.helctic.kernel.loader;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.helctic.abi.PersonalityId;
import io.helctic.guests.BundledGuests;
import java.io.IOException;
import java.lang.foreign.MemorySegment;
import java.util.Arrays;
import java.util.Random;
import java.util.function.Consumer;
import org.junit.jupiter.api.Test;

/** Malformed files are refused with one clear line, never anything else. */
class MalformedElfTest {

    private static void refused(Consumer<TestElf> bend, String expected) {
        TestElf e = TestElf.valid();
        bend.accept(e);
        assertThatThrownBy(() -> ElfFile.parse(e.segment()))
            .isInstanceOf(LoadException.class)
            .hasMessageContaining(expected)
            .satisfies(t -> {
                assertThat(t.getMessage()).doesNotContain("\n");
                assertThat(((LoadException) t).status()).isEqualTo(126);
            });
    }

    @Test
    void theValidImageParses() throws LoadException {
        ElfFile f = ElfFile.parse(TestElf.valid().segment());
        assertThat(f.entry()).isEqualTo(0x401000);
        assertThat(f.personality()).isEqualTo(PersonalityId.LINUX);
        assertThat(f.interpreter()).isNull();
    }

    @Test
    void truncatedHeaders() {
        refused(e -> e.size = 40, "truncated ELF header");
        refused(e -> e.size = 64, "program headers at offset 64 run past the end");
        refused(e -> e.size = 64 + 56 + 20, "run past the end of the file");
    }

    @Test
    void headerFieldsOutOfRange() {
        refused(e -> e.ident[4] = 1, "32-bit ELF programs are not supported");
        refused(e -> e.ident[4] = 7, "bad EI_CLASS");
        refused(e -> e.ident[5] = 2, "big-endian");
        refused(e -> e.ident[6] = 9, "bad EI_VERSION");
        refused(e -> e.ident[7] = 97, "ELF OS ABI 97 is not supported");
        refused(e -> e.type = 1, "relocatable object");
        refused(e -> e.type = 4, "core dump");
        refused(e -> e.machine = 183, "AArch64 are not supported yet");
        refused(e -> e.phentsize = 32, "e_phentsize 32");
        refused(e -> e.phnumOverride = 0, "no program headers");
        refused(e -> e.phnumOverride = 0xffff, "program header table of");
        refused(e -> e.phoff = Long.MAX_VALUE - 10, "run past the end");
        refused(e -> e.phoff = -64, "run past the end");
    }

    @Test
    void overlappingSegments() {
        refused(e -> e.phdrs.set(1, new TestElf.Phdr(ElfFile.PT_LOAD, ElfFile.PF_R, 0x1080, 0x401080, 0x10, 0x10, 0x1000)),
                "PT_LOAD segments overlap at 0x401080");
    }

    @Test
    void absurdSizesAndOffsets() {
        refused(e -> e.phdrs.set(1, new TestElf.Phdr(ElfFile.PT_LOAD, 6, 0x1100, 0x402100, 0x100, 0x10, 0)), "p_filesz > p_memsz");
        refused(e -> e.phdrs.set(1, new TestElf.Phdr(ElfFile.PT_LOAD, 6, 0x1100, 0x402100, 1L << 40, 1L << 40, 0)), "runs past the end of the file");
        refused(e -> e.phdrs.set(1, new TestElf.Phdr(ElfFile.PT_LOAD, 6, 0x1100, 0x402100, 0x10, -1L, 0)), "absurd size");
        refused(e -> e.phdrs.set(1, new TestElf.Phdr(ElfFile.PT_LOAD, 6, 0x1100, 0x7fff_ffff_f100L, 0x10, 0x10000, 0)), "outside user space");
        refused(e -> e.phdrs.set(1, new TestElf.Phdr(ElfFile.PT_LOAD, 6, 0x1100, 0xffff_8000_0000_0000L, 0x10, 0x10, 0)), "outside user space");
        refused(e -> e.phdrs.set(1, new TestElf.Phdr(ElfFile.PT_LOAD, 6, 0x1100, 0x402200, 0x10, 0x10, 0)), "disagree modulo the page size");
        refused(e -> e.phdrs.set(1, new TestElf.Phdr(ElfFile.PT_INTERP, 4, 0x1ff0, 0, 0x100, 0x100, 1)), "bad PT_INTERP");
    }

    @Test
    void entryAndSegmentsMustMakeAProgram() {
        refused(e -> e.entry = 0x402100, "entry point 0x402100 is not in an executable segment");
        refused(e -> { e.phdrs.clear(); e.phdrs.add(new TestElf.Phdr(ElfFile.PT_NOTE, 4, 0x1000, 0, 0, 0, 4)); },
                "no loadable segment");
    }

    @Test
    void formatsAreRecognisedByMagic() {
        assertThat(BinaryFormat.detect(MemorySegment.ofArray("MZ\u0090\0".getBytes()))).isEqualTo(BinaryFormat.PE);
        assertThat(BinaryFormat.detect(MemorySegment.ofArray(new byte[] {(byte) 0xcf, (byte) 0xfa, (byte) 0xed, (byte) 0xfe})))
            .isEqualTo(BinaryFormat.MACH_O);
        assertThat(BinaryFormat.detect(MemorySegment.ofArray(new byte[] {(byte) 0xca, (byte) 0xfe, (byte) 0xba, (byte) 0xbe, 0, 0, 0, 2})))
            .isEqualTo(BinaryFormat.MACH_O_UNIVERSAL);
        assertThat(BinaryFormat.detect(MemorySegment.ofArray(new byte[] {(byte) 0xca, (byte) 0xfe, (byte) 0xba, (byte) 0xbe, 0, 0, 0, 65})))
            .isEqualTo(BinaryFormat.UNKNOWN); // a Java class file
        assertThat(BinaryFormat.detect(MemorySegment.ofArray("#!/bin/sh\n".getBytes()))).isEqualTo(BinaryFormat.SCRIPT);
        assertThat(BinaryFormat.detect(MemorySegment.ofArray("hello".getBytes()))).isEqualTo(BinaryFormat.UNKNOWN);
        assertThat(BinaryFormat.detect(MemorySegment.ofArray(new byte[0]))).isEqualTo(BinaryFormat.UNKNOWN);
    }

    @Test
    void personalitiesComeFromOsAbiAndNotes() throws Exception {
        assertThat(ElfFile.parse(guest("native-hello")).personality()).isEqualTo(PersonalityId.KERNEL);
        assertThat(ElfFile.parse(guest("freebsd-hello")).personality()).isEqualTo(PersonalityId.FREEBSD);
        assertThat(ElfFile.parse(guest("hello")).personality()).isEqualTo(PersonalityId.LINUX);
        assertThat(ElfFile.parse(guest("hello-pie")).isPie()).isTrue();
        TestElf e = TestElf.valid();
        e.ident[7] = 2;
        assertThat(ElfFile.parse(e.segment()).personality()).isEqualTo(PersonalityId.NETBSD);
        e.ident[7] = 12;
        assertThat(ElfFile.parse(e.segment()).personality()).isEqualTo(PersonalityId.OPENBSD);
    }

    /** Every prefix of every real guest: refused with LoadException or accepted, nothing else. */
    @Test
    void everyTruncationOfRealGuestsIsHandled() throws Exception {
        for (String name : BundledGuests.NAMES) {
            byte[] all = bytes(name);
            for (int n = 0; n < all.length; n += (n < 4096 ? 1 : 61)) {
                parseOrRefuse(Arrays.copyOf(all, n));
            }
        }
    }

    /** Random byte mutations of real guests (fixed seed): same rule. */
    @Test
    void mutatedGuestsAreHandled() throws Exception {
        Random rnd = new Random(0x5eed);
        for (String name : BundledGuests.NAMES) {
            byte[] orig = bytes(name);
            for (int round = 0; round < 3000; round++) {
                byte[] m = orig.clone();
                int edits = 1 + rnd.nextInt(8);
                for (int i = 0; i < edits; i++) {
                    int at = rnd.nextInt(Math.min(m.length, round % 2 == 0 ? 64 + 56 * 8 : m.length));
                    m[at] = (byte) rnd.nextInt(256);
                }
                parseOrRefuse(m);
            }
        }
    }

    private static void parseOrRefuse(byte[] b) {
        try {
            ElfFile.parse(MemorySegment.ofArray(b));
        } catch (LoadException e) {
            assertThat(e.getMessage()).isNotBlank().doesNotContain("\n");
        }
    }

    private static byte[] bytes(String name) throws IOException {
        try (var in = BundledGuests.open(name)) {
            return in.readAllBytes();
        }
    }

    private static MemorySegment guest(String name) throws IOException {
        return MemorySegment.ofArray(bytes(name));
    }
}
