package io.helctic.cli;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Every process gets a vDSO (AT_SYSINFO_EHDR, "[vdso]" in /proc/self/maps) that survives fork
 * and is mapped again by execve, and host programs — dynamically linked and static glibc —
 * use it: sched_getcpu() goes through __vdso_getcpu, whose stub makes the real getcpu (the host
 * CPU the thread runs on), as the time functions' stubs make theirs.
 */
class VdsoEndToEndTest {
    @TempDir Path tmp;

    private static final String PROGRAM = """
#define _GNU_SOURCE
#include <elf.h>
#include <sched.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/auxv.h>
#include <sys/time.h>
#include <sys/wait.h>
#include <time.h>
#include <unistd.h>

static unsigned long vdso_in_maps(void) {
    FILE *f = fopen("/proc/self/maps", "r");
    char line[512];
    unsigned long start = 0, end = 0, found = 0;
    while (f && fgets(line, sizeof line, f)) {
        if (strstr(line, "[vdso]") && sscanf(line, "%lx-%lx", &start, &end) == 2) found = start;
    }
    if (f) fclose(f);
    return found;
}

static int check(const char *who) {
    unsigned long base = getauxval(AT_SYSINFO_EHDR);
    if (base == 0) { printf("%s: no AT_SYSINFO_EHDR\\n", who); return 1; }
    if (vdso_in_maps() != base) { printf("%s: [vdso] not in maps at %lx\\n", who, base); return 1; }
    if (memcmp((void *) base, ELFMAG, SELFMAG) != 0) { printf("%s: no ELF image\\n", who); return 1; }
    struct timespec a, b;
    struct timeval tv;
    time_t t0 = time(NULL);
    for (int i = 0; i < 200; i++) {
        if (clock_gettime(CLOCK_MONOTONIC, &a) || clock_gettime(CLOCK_MONOTONIC, &b)) { printf("%s: clock_gettime failed\\n", who); return 1; }
        if (b.tv_sec < a.tv_sec || (b.tv_sec == a.tv_sec && b.tv_nsec < a.tv_nsec)) { printf("%s: time went back\\n", who); return 1; }
        if (gettimeofday(&tv, NULL)) { printf("%s: gettimeofday failed\\n", who); return 1; }
        if (tv.tv_sec < t0 || tv.tv_sec > t0 + 5) { printf("%s: gettimeofday %ld vs time %ld\\n", who, (long) tv.tv_sec, (long) t0); return 1; }
    }
    struct timespec res;
    if (clock_getres(CLOCK_MONOTONIC, &res) || res.tv_sec != 0 || res.tv_nsec <= 0) { printf("%s: clock_getres\\n", who); return 1; }
    int cpu = sched_getcpu();
    printf("%s: vdso ok, cpu %s, time %ld\\n", who, cpu >= 0 ? "ok" : "bad", (long) time(NULL));
    fflush(stdout);
    return cpu < 0;
}

int main(int argc, char **argv) {
    if (argc > 1) return check("after execve");
    if (check("parent")) return 1;
    fflush(stdout);
    pid_t pid = fork();
    if (pid == 0) _exit(check("forked child"));
    int st;
    waitpid(pid, &st, 0);
    if (!WIFEXITED(st) || WEXITSTATUS(st) != 0) return 2;
    fflush(stdout);
    execl(argv[0], argv[0], "again", (char *) NULL);
    return 3;
}
""";

    private Path compile(String name, String... flags) throws Exception {
        Path src = tmp.resolve("vdso.c");
        Files.writeString(src, PROGRAM);
        Path exe = tmp.resolve(name);
        List<String> cmd = new ArrayList<>(List.of("gcc", "-O2", "-o", exe.toString(), src.toString()));
        cmd.addAll(List.of(flags));
        Process gcc = new ProcessBuilder(cmd).redirectErrorStream(true).start();
        String out = new String(gcc.getInputStream().readAllBytes());
        assertThat(gcc.waitFor()).as(out).isZero();
        return exe;
    }

    private static boolean gcc() {
        return Files.isExecutable(Path.of("/usr/bin/gcc"));
    }

    private static void usesTheVdso(Path exe) {
        long before = System.currentTimeMillis() / 1000;
        CommandLineTest.Result r = CommandLineTest.helctic("run", "--strace", exe.toString());
        long after = System.currentTimeMillis() / 1000;
        assertThat(r.status()).as(r.out() + r.err()).isZero();
        List<String> lines = r.out().lines().toList();
        assertThat(lines).hasSize(3);
        String[] who = {"parent", "forked child", "after execve"};
        for (int i = 0; i < 3; i++) {
            assertThat(lines.get(i)).startsWith(who[i] + ": vdso ok, cpu ok, time ");
            long t = Long.parseLong(lines.get(i).substring(lines.get(i).lastIndexOf(' ') + 1));
            assertThat(t).isBetween(before - 1, after + 1);
        }
        // sched_getcpu came through __vdso_getcpu, and every stub makes the real call, which the trace shows.
        assertThat(r.err()).contains("getcpu(").contains("clock_gettime(CLOCK_MONOTONIC, ").contains("gettimeofday(")
            .contains("clock_getres(");
    }

    @Test
    void aDynamicallyLinkedProgramUsesIt() throws Exception {
        assumeTrue(gcc(), "gcc is not installed");
        usesTheVdso(compile("vdso-dynamic"));
    }

    @Test
    void aStaticGlibcProgramUsesIt() throws Exception {
        assumeTrue(gcc(), "gcc is not installed");
        usesTheVdso(compile("vdso-static", "-static"));
    }

    @Test
    void dateTellsTheTime() {
        assumeTrue(Files.isExecutable(Path.of("/bin/date")), "no /bin/date");
        long before = System.currentTimeMillis() / 1000;
        CommandLineTest.Result r = CommandLineTest.helctic("run", "/bin/date", "+%s");
        long after = System.currentTimeMillis() / 1000;
        assertThat(r.status()).as(r.err()).isZero();
        assertThat(Long.parseLong(r.out().strip())).isBetween(before - 1, after + 1);
    }
}
