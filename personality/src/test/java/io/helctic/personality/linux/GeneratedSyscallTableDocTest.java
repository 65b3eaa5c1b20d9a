package io.helctic.personality.linux;

import static org.assertj.core.api.Assertions.assertThat;

import io.helctic.personality.RepoFiles;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;

/** The committed compatibility document is generated from the table. */
class GeneratedSyscallTableDocTest {

    @Test
    void committedDocumentEqualsAFreshGeneration() throws IOException {
        Path committed = RepoFiles.root().resolve(SyscallTableDoc.COMMITTED_PATH);
        String fresh = SyscallTableDoc.generate();
        if (Boolean.getBoolean("helctic.regenerate")) {
            Files.createDirectories(committed.getParent());
            Files.writeString(committed, fresh);
        }
        assertThat(committed).exists();
        assertThat(Files.readString(committed))
            .as("%s is stale: regenerate with ./mvnw -q -pl abi,personality install -Dhelctic.regenerate=true",
                SyscallTableDoc.COMMITTED_PATH)
            .isEqualTo(fresh);
    }

    @Test
    void oneRowPerNumberAndASummary() {
        String doc = SyscallTableDoc.generate();
        long rows = doc.lines().filter(l -> l.matches("\\| \\d+ \\|.*")).count();
        assertThat(rows).isEqualTo(X86_64Table.MAX + 1);
        assertThat(doc).contains("**Summary:** 472 numbers: ").contains("| 1 | `write` | fd, in2, size | FULL | op WRITE(a1, a2, a3) |");
    }
}
