/* execve calls whose arguments --strace must show as strace does (StraceOracleTest): argv and
 * envp arrays long and short, long strings, NULL arrays, an unreadable string and an unreadable
 * array, then one successful execve of argv[1] (a program that exits 0). */
#define _GNU_SOURCE
#include <stdio.h>
#include <string.h>
#include <sys/mman.h>
#include <sys/syscall.h>
#include <unistd.h>

static long raw_execve(const char *path, char *const argv[], char *const envp[]) {
    return syscall(SYS_execve, path, argv, envp);
}

int main(int argc, char **argv) {
    if (argc < 2) {
        fputs("usage: exectrace PROGRAM\n", stderr);
        return 2;
    }
    char *shortv[] = {"exectrace", "-c", "two words", "tab\there", NULL};
    char *env[] = {"A=1", "B=2", NULL};
    raw_execve("/nonexistent/short", shortv, env);

    static char *many[41];
    static char names[40][8];
    for (int i = 0; i < 40; i++) {
        snprintf(names[i], sizeof names[i], "arg%d", i);
        many[i] = names[i];
    }
    raw_execve("/nonexistent/many", many, environ);

    char *longv[] = {"an argument longer than thirty-two bytes, truncated", NULL};
    raw_execve("/nonexistent/long", longv, NULL);
    raw_execve("/nonexistent/null", NULL, env);

    /* an array running into a page that cannot be read, and a string pointer into it */
    char *page = mmap(NULL, 8192, PROT_READ | PROT_WRITE, MAP_PRIVATE | MAP_ANONYMOUS, -1, 0);
    if (page == MAP_FAILED) return 3;
    munmap(page + 4096, 4096);
    char **tail = (char **) (page + 4096 - 2 * sizeof(char *));
    tail[0] = "first";
    tail[1] = "second";
    raw_execve("/nonexistent/unterminated", tail, tail);
    char *bad[] = {"ok", page + 4096, NULL};
    raw_execve("/nonexistent/badstring", bad, env);
    raw_execve("/nonexistent/badarray", (char **) (page + 4096), (char **) (page + 4096));

    char *last[] = {argv[1], "final", NULL};
    raw_execve(argv[1], last, env);
    perror("execve");
    return 1;
}
