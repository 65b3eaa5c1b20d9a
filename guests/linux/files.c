/* files: the file syscalls, checked against native Linux in a scratch directory (argv[1]).
 * Prints only what does not depend on the machine: results, errnos, sizes, modes, names. */
#include "linux_rt.h"

#define SYS_close 3
#define SYS_fstat 5
#define SYS_lseek 8
#define SYS_pipe 22
#define SYS_getcwd 79
#define SYS_chdir 80
#define SYS_rename 82
#define SYS_mkdir 83
#define SYS_rmdir 84
#define SYS_link 86
#define SYS_unlink 87
#define SYS_symlink 88
#define SYS_readlink 89
#define SYS_chmod 90
#define SYS_umask 95
#define SYS_getdents64 217
#define SYS_openat 257
#define SYS_newfstatat 262
#define SYS_ftruncate 77
#define SYS_faccessat 269
#define SYS_access 21
#define SYS_dup2 33

#define AT_FDCWD (-100)
#define O_RDONLY 0
#define O_WRONLY 1
#define O_RDWR 2
#define O_CREAT 0100
#define O_EXCL 0200
#define O_TRUNC 01000
#define O_APPEND 02000
#define O_DIRECTORY 0200000
#define O_NOFOLLOW 0400000

struct kstat {
    u64 dev, ino, nlink;
    unsigned mode, uid, gid, pad;
    u64 rdev;
    i64 size, blksize, blocks;
    i64 times[6];
    i64 reserved[3];
};

static void show(const char *what, i64 r) {
    put_str(what);
    put_str(" = ");
    put_dec(r);
    put_str("\n");
}

static i64 openat(const char *p, int flags, int mode) { return sys6(SYS_openat, AT_FDCWD, (i64) p, flags, mode, 0, 0); }

static void stat_line(const char *p, int nofollow) {
    struct kstat st;
    i64 r = sys6(SYS_newfstatat, AT_FDCWD, (i64) p, (i64) &st, nofollow ? 0x100 : 0, 0, 0);
    put_str("stat ");
    put_str(p);
    if (r < 0) { put_str(" = "); put_dec(r); put_str("\n"); return; }
    put_str(": mode=0");
    char b[24], *q = b + 23;
    unsigned m = st.mode;
    *q = 0;
    do { *--q = (char) ('0' + (m & 7)); m >>= 3; } while (m);
    put_str(q);
    put_str(" size=");
    put_dec(st.size);
    put_str(" nlink=");
    put_dec((i64) st.nlink);
    put_str("\n");
}

static void list(const char *dir) {
    /* prints the entries sorted, so the host's readdir order does not matter */
    char buf[4096];
    char names[64][64];
    int n = 0;
    i64 fd = openat(dir, O_RDONLY | O_DIRECTORY, 0);
    if (fd < 0) { show("open dir", fd); return; }
    for (;;) {
        i64 got = sys3(SYS_getdents64, fd, (i64) buf, sizeof buf);
        if (got <= 0) break;
        for (i64 off = 0; off < got;) {
            unsigned short reclen = *(unsigned short *) (buf + off + 16);
            const char *name = buf + off + 19;
            if (n < 64) {
                int i = 0;
                while (name[i] && i < 63) { names[n][i] = name[i]; i++; }
                names[n][i] = 0;
                n++;
            }
            off += reclen;
        }
    }
    sys3(SYS_close, fd, 0, 0);
    for (int i = 1; i < n; i++) {
        for (int j = i; j > 0; j--) {
            const char *a = names[j - 1], *b = names[j];
            int k = 0;
            while (a[k] && a[k] == b[k]) k++;
            if ((unsigned char) a[k] <= (unsigned char) b[k]) break;
            char t[64];
            for (int x = 0; x < 64; x++) { t[x] = names[j][x]; names[j][x] = names[j - 1][x]; names[j - 1][x] = t[x]; }
        }
    }
    put_str("ls:");
    for (int i = 0; i < n; i++) { put_str(" "); put_str(names[i]); }
    put_str("\n");
}

int guest_main(int argc, char **argv, char **envp) {
    (void) envp;
    if (argc < 2) { put_str("usage: files SCRATCH_DIR\n"); return 2; }
    show("umask(022)", sys3(SYS_umask, 022, 0, 0));
    show("chdir", sys3(SYS_chdir, (i64) argv[1], 0, 0));
    char cwd[512];
    i64 n = sys3(SYS_getcwd, (i64) cwd, sizeof cwd, 0);
    show("getcwd length > 1", n > 1);
    show("getcwd tiny buffer", sys3(SYS_getcwd, (i64) cwd, 1, 0));

    i64 fd = openat("a.txt", O_CREAT | O_EXCL | O_RDWR, 0640);
    show("create a.txt", fd >= 0);
    show("create again with O_EXCL", openat("a.txt", O_CREAT | O_EXCL | O_RDWR, 0640));
    show("write", sys3(SYS_write, fd, (i64) "hello, files\n", 13));
    show("lseek to 7", sys3(SYS_lseek, fd, 7, 0));
    char buf[64];
    i64 r = sys3(SYS_read, fd, (i64) buf, sizeof buf);
    show("read rest", r);
    if (r > 0) { buf[r] = 0; put_str(buf); }
    show("lseek end", sys3(SYS_lseek, fd, 0, 2));
    show("lseek negative", sys3(SYS_lseek, fd, -100, 0));
    struct kstat st;
    show("fstat", sys3(SYS_fstat, fd, (i64) &st, 0));
    show("fstat size", st.size);
    show("ftruncate 5", sys3(SYS_ftruncate, fd, 5, 0));
    show("close", sys3(SYS_close, fd, 0, 0));
    show("close again", sys3(SYS_close, fd, 0, 0));
    stat_line("a.txt", 0);

    fd = openat("a.txt", O_WRONLY | O_APPEND, 0);
    show("append", sys3(SYS_write, fd, (i64) "+tail", 5));
    sys3(SYS_close, fd, 0, 0);
    fd = openat("a.txt", O_RDONLY, 0);
    r = sys3(SYS_read, fd, (i64) buf, sizeof buf);
    show("read after append", r);
    if (r > 0) { buf[r] = '\n'; sys3(SYS_write, 1, (i64) buf, r + 1); }
    show("write to O_RDONLY", sys3(SYS_write, fd, (i64) "x", 1));
    sys3(SYS_close, fd, 0, 0);

    show("mkdir d", sys3(SYS_mkdir, (i64) "d", 0755, 0));
    show("mkdir d again", sys3(SYS_mkdir, (i64) "d", 0755, 0));
    stat_line("d", 0);
    show("open dir for writing", openat("d", O_WRONLY, 0));
    show("O_DIRECTORY on a file", openat("a.txt", O_RDONLY | O_DIRECTORY, 0));
    show("rename a.txt d/b.txt", sys3(SYS_rename, (i64) "a.txt", (i64) "d/b.txt", 0));
    show("open missing", openat("a.txt", O_RDONLY, 0));
    show("link", sys3(SYS_link, (i64) "d/b.txt", (i64) "d/c.txt", 0));
    stat_line("d/c.txt", 0);
    show("symlink", sys3(SYS_symlink, (i64) "b.txt", (i64) "d/s", 0));
    n = sys3(SYS_readlink, (i64) "d/s", (i64) buf, sizeof buf);
    show("readlink", n);
    if (n > 0) { buf[n] = '\n'; sys3(SYS_write, 1, (i64) buf, n + 1); }
    show("readlink of a file", sys3(SYS_readlink, (i64) "d/b.txt", (i64) buf, sizeof buf));
    stat_line("d/s", 1);
    stat_line("d/s", 0);
    show("O_NOFOLLOW on a link", openat("d/s", O_RDONLY | O_NOFOLLOW, 0));
    show("symlink loop", sys3(SYS_symlink, (i64) "loop", (i64) "d/loop", 0));
    show("open loop", openat("d/loop", O_RDONLY, 0));
    show("path through a file", openat("d/b.txt/x", O_RDONLY, 0));
    show("chmod 0600", sys3(SYS_chmod, (i64) "d/b.txt", 0600, 0));
    stat_line("d/b.txt", 0);
    show("access F_OK", sys3(SYS_access, (i64) "d/b.txt", 0, 0));
    show("access missing", sys3(SYS_access, (i64) "d/nope", 0, 0));
    list("d");
    show("rmdir non-empty", sys3(SYS_rmdir, (i64) "d", 0, 0));
    show("unlink a dir", sys3(SYS_unlink, (i64) "d", 0, 0));
    show("rmdir a file", sys3(SYS_rmdir, (i64) "d/b.txt", 0, 0));
    show("unlink b", sys3(SYS_unlink, (i64) "d/b.txt", 0, 0));
    show("unlink c", sys3(SYS_unlink, (i64) "d/c.txt", 0, 0));
    show("unlink s", sys3(SYS_unlink, (i64) "d/s", 0, 0));
    show("unlink loop", sys3(SYS_unlink, (i64) "d/loop", 0, 0));
    list("d");
    show("rmdir d", sys3(SYS_rmdir, (i64) "d", 0, 0));

    int p[2];
    show("pipe", sys3(SYS_pipe, (i64) p, 0, 0));
    show("pipe write", sys3(SYS_write, p[1], (i64) "through a pipe\n", 15));
    show("close write end", sys3(SYS_close, p[1], 0, 0));
    r = sys3(SYS_read, p[0], (i64) buf, sizeof buf);
    show("pipe read", r);
    if (r > 0) sys3(SYS_write, 1, (i64) buf, r);
    show("pipe read at EOF", sys3(SYS_read, p[0], (i64) buf, sizeof buf));
    show("lseek on a pipe", sys3(SYS_lseek, p[0], 0, 0));
    sys3(SYS_close, p[0], 0, 0);
    show("dup2 to 9", sys3(SYS_dup2, 1, 9, 0));
    sys3(SYS_write, 9, (i64) "via fd 9\n", 9);

    fd = openat("/dev/null", O_RDWR, 0);
    show("read /dev/null", sys3(SYS_read, fd, (i64) buf, sizeof buf));
    show("write /dev/null", sys3(SYS_write, fd, (i64) buf, 10));
    sys3(SYS_close, fd, 0, 0);
    fd = openat("/dev/zero", O_RDONLY, 0);
    buf[0] = 1;
    show("read /dev/zero", sys3(SYS_read, fd, (i64) buf, 8));
    show("zero byte", buf[0]);
    sys3(SYS_close, fd, 0, 0);
    n = sys3(SYS_readlink, (i64) "/proc/self/exe", (i64) buf, sizeof buf);
    show("readlink /proc/self/exe > 0", n > 0);
    show("open /proc/self/cmdline", (fd = openat("/proc/self/cmdline", O_RDONLY, 0)) >= 0);
    r = sys3(SYS_read, fd, (i64) buf, sizeof buf);
    show("cmdline has argv[1]", r > 0);
    sys3(SYS_close, fd, 0, 0);
    stat_line("/", 0);
    show("dotdot above root", openat("/../../..", O_RDONLY | O_DIRECTORY, 0) >= 0);
    show("pipe again", sys3(SYS_pipe, (i64) p, 0, 0));
    sys3(SYS_close, p[0], 0, 0);
    put_str("writing to a pipe nobody reads: SIGPIPE\n");
    sys3(SYS_write, p[1], (i64) "x", 1);
    put_str("still alive?\n");
    return 0;
}
