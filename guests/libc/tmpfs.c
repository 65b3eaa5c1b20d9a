/* tmpfs as Linux's shmem shows it (issue 17): a directory made under argv[1] (a tmpfs: /dev/shm
 * natively and under Helctic) is filled, listed, renamed in every way rename allows and refuses,
 * linked, truncated, fallocated, mapped and given xattrs; what each call answers and what stat
 * says (no inode numbers or times, except times the program set) is printed, then it is removed. */
#define _GNU_SOURCE
#include <dirent.h>
#include <errno.h>
#include <fcntl.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/mman.h>
#include <sys/stat.h>
#include <sys/sysmacros.h>
#include <sys/statfs.h>
#include <sys/xattr.h>
#include <unistd.h>
#include "report.h"

/* One call, its result printed after it (never two in one printf: their order would be the compiler's). */
#define T(label, call) printf("%s: %s\n", label, res(call))

static void st(const char *p) {
    struct stat s;
    if (lstat(p, &s) < 0) {
        printf("%s: %s\n", p, strerrorname_np(errno));
        return;
    }
    printf("%s: mode %o links %ld size %ld blocks %ld uid %d gid %d blksize %ld\n", p, s.st_mode, (long) s.st_nlink,
           (long) s.st_size, (long) s.st_blocks, s.st_uid, s.st_gid, (long) s.st_blksize);
}

static void ls(const char *p) {
    DIR *d = opendir(p);
    if (!d) {
        printf("ls %s: %s\n", p, strerrorname_np(errno));
        return;
    }
    printf("ls %s:", p);
    struct dirent *e;
    while ((e = readdir(d)) != NULL) printf(" %s(%d)", e->d_name, e->d_type);
    printf("\n");
    closedir(d);
}

static void put(const char *p, const char *text) {
    int fd = open(p, O_WRONLY | O_CREAT | O_TRUNC, 0644);
    if (write(fd, text, strlen(text)) < 0) perror("write");
    close(fd);
}

static void show(const char *p) {
    char b[64] = {0};
    int fd = open(p, O_RDONLY);
    long n = read(fd, b, sizeof b - 1);
    printf("%s holds %ld: %s\n", p, n, b);
    close(fd);
}

int main(int argc, char **argv) {
    setvbuf(stdout, NULL, _IOLBF, 0);
    if (argc < 2) return 2;
    umask(022);
    printf("mkdir: %s\n", res(mkdir(argv[1], 0755)));
    if (chdir(argv[1]) < 0) return 1;
    struct statfs sf;
    statfs(".", &sf);
    printf("statfs: type %lx bsize %ld namelen %ld frsize %ld\n", (long) sf.f_type, (long) sf.f_bsize,
           (long) sf.f_namelen, (long) sf.f_frsize);

    printf("== creating\n");
    st(".");
    printf("O_EXCL new: %s\n", res(open("a", O_WRONLY | O_CREAT | O_EXCL, 0600)));
    printf("O_EXCL again: %s\n", res(open("a", O_WRONLY | O_CREAT | O_EXCL, 0600)));
    put("b", "bee\n");
    T("mkdir d", mkdir("d", 0750));
    T("mkdir d/e", mkdir("d/e", 0777));
    T("mkdir d again", mkdir("d", 0700));
    printf("symlink: %s, readlink: ", res(symlink("b", "s")));
    char t[64] = {0};
    printf("%s %s\n", res(readlink("s", t, sizeof t)), t);
    T("mkfifo", mkfifo("f", 0640));
    T("mknod sock", mknod("k", S_IFSOCK | 0600, 0));
    T("mknod chr 1:3", mknod("c", S_IFCHR | 0666, makedev(1, 3)));
    T("mknod chr 99:1", mknod("c2", S_IFCHR | 0600, makedev(99, 1)));
    T("mknod dir", mknod("dd", S_IFDIR | 0600, 0));
    char longname[300];
    memset(longname, 'n', 256);
    longname[256] = 0;
    printf("name of 256: %s\n", res(open(longname, O_WRONLY | O_CREAT, 0600)));
    longname[255] = 0;
    T("name of 255", open(longname, O_WRONLY | O_CREAT, 0600));
    st(".");
    st("a");
    st("b");
    st("d");
    st("d/e");
    st("s");
    st("f");
    st("k");
    ls(".");

    printf("== opening\n");
    int fd;
    T("dir for writing", open("d", O_WRONLY));
    T("dir O_TRUNC", open("d", O_RDONLY | O_TRUNC));
    printf("file O_DIRECTORY: %s, symlink O_NOFOLLOW: %s\n", res(open("b", O_RDONLY | O_DIRECTORY)),
           res(open("s", O_RDONLY | O_NOFOLLOW)));
    printf("fifo writer, no reader: %s\n", res(open("f", O_WRONLY | O_NONBLOCK)));
    int rd = open("f", O_RDONLY | O_NONBLOCK), wr = open("f", O_WRONLY | O_NONBLOCK);
    printf("fifo reader %d writer %d\n", rd >= 0, wr >= 0);
    T("fifo write", write(wr, "x", 1));
    char c;
    printf("fifo read %s\n", res(read(rd, &c, 1)));
    close(rd);
    close(wr);
    T("socket file", open("k", O_RDONLY));
    fd = open("c", O_RDWR);
    T("device 1:3 write", write(fd, "gone", 4));
    T("device 1:3 read", read(fd, t, 4));
    close(fd);
    T("device 99:1", open("c2", O_RDONLY));

    printf("== links\n");
    T("link b h", link("b", "h"));
    T("link onto existing", link("b", "a"));
    T("link of a dir", link("d", "dl"));
    st("b");
    T("unlink h", unlink("h"));
    T("unlink d", unlink("d"));
    T("rmdir b", rmdir("b"));
    T("rmdir d", rmdir("d"));
    T("rmdir .", rmdir("."));
    st("b");

    printf("== renames\n");
    put("x", "ex\n");
    put("y", "why\n");
    mkdir("m", 0755);
    mkdir("n", 0755);
    put("n/inside", "in\n");
    printf("file over file: %s\n", res(rename("x", "y")));
    show("y");
    printf("x after: %s\n", res(access("x", F_OK)));
    T("dir over file", rename("m", "y"));
    T("file over dir", rename("y", "m"));
    T("dir over full dir", rename("m", "n"));
    T("dir over empty dir", rename("m", "d/e"));
    st("d");
    T("dir into its child", rename("d", "d/e/z"));
    T("dir onto itself", rename("d", "d"));
    link("y", "y2");
    printf("two links of one file: %s\n", res(rename("y", "y2")));
    T("y", access("y", F_OK));
    T("y2", access("y2", F_OK));
    T("NOREPLACE onto existing", renameat2(AT_FDCWD, "y", AT_FDCWD, "n", RENAME_NOREPLACE));
    T("NOREPLACE onto new", renameat2(AT_FDCWD, "y", AT_FDCWD, "y3", RENAME_NOREPLACE));
    mkdir("m", 0711);
    T("EXCHANGE file and dir", renameat2(AT_FDCWD, "y3", AT_FDCWD, "m", RENAME_EXCHANGE));
    st("m");
    st("y3");
    T("EXCHANGE with missing", renameat2(AT_FDCWD, "y3", AT_FDCWD, "nope", RENAME_EXCHANGE));
    T("both flags", renameat2(AT_FDCWD, "y3", AT_FDCWD, "m", RENAME_EXCHANGE | RENAME_NOREPLACE));
    T("EXCHANGE across levels", renameat2(AT_FDCWD, "y3", AT_FDCWD, "d/e/inside", RENAME_EXCHANGE));
    T("EXCHANGE a dir into itself", renameat2(AT_FDCWD, "d", AT_FDCWD, "d/e/inside", RENAME_EXCHANGE));
    st(".");
    st("d/e");
    printf("to another filesystem: %s\n", res(rename("y2", "/proc/y2")));
    ls(".");
    ls("d/e");

    printf("== sizes\n");
    fd = open("big", O_RDWR | O_CREAT | O_APPEND, 0600);
    T("append", write(fd, "12345", 5));
    T("append", write(fd, "678", 3));
    printf("lseek cur %s\n", res(lseek(fd, 0, SEEK_CUR)));
    st("big");
    printf("ftruncate 1 MiB: %s\n", res(ftruncate(fd, 1 << 20)));
    st("big");
    T("SEEK_DATA 0", lseek(fd, 0, SEEK_DATA));
    T("SEEK_HOLE 0", lseek(fd, 0, SEEK_HOLE));
    T("SEEK_DATA 8192", lseek(fd, 8192, SEEK_DATA));
    T("SEEK_HOLE past the end", lseek(fd, 2 << 20, SEEK_HOLE));
    printf("fallocate 64 KiB at 128 KiB: %s\n", res(fallocate(fd, 0, 128 << 10, 64 << 10)));
    st("big");
    printf("fallocate KEEP_SIZE past end: %s\n", res(fallocate(fd, FALLOC_FL_KEEP_SIZE, 1 << 20, 8192)));
    st("big");
    T("SEEK_DATA 100000", lseek(fd, 100000, SEEK_DATA));
    T("SEEK_HOLE 140000", lseek(fd, 140000, SEEK_HOLE));
    T("punch 60 KiB at 130 KiB", fallocate(fd, FALLOC_FL_PUNCH_HOLE | FALLOC_FL_KEEP_SIZE, 130 << 10, 60 << 10));
    T("punch without KEEP_SIZE", fallocate(fd, FALLOC_FL_PUNCH_HOLE, 0, 4096));
    T("collapse", fallocate(fd, FALLOC_FL_COLLAPSE_RANGE, 0, 4096));
    st("big");
    printf("truncate to 3: %s\n", res(truncate("big", 3)));
    st("big");
    printf("truncate a dir: %s\n", res(truncate("d", 0)));
    close(fd);

    printf("== shared mapping\n");
    fd = open("mapped", O_RDWR | O_CREAT, 0600);
    ftruncate(fd, 8192);
    char *m = mmap(NULL, 8192, PROT_READ | PROT_WRITE, MAP_SHARED, fd, 0);
    memcpy(m + 4096, "through the mapping", 19);
    char b[32] = {0};
    printf("pread %s: %s\n", res(pread(fd, b, 19, 4096)), b);
    pwrite(fd, "by write", 8, 0);
    printf("mapping sees: %.8s\n", m);
    munmap(m, 8192);
    st("mapped");
    printf("unlinked while open: %s\n", res(unlink("mapped")));
    memset(b, 0, sizeof b);
    printf("read still %s: %s\n", res(pread(fd, b, 8, 0)), b);
    struct stat s;
    fstat(fd, &s);
    printf("links %ld\n", (long) s.st_nlink);
    close(fd);

    printf("== attributes\n");
    T("chmod", chmod("b", 04711));
    T("chown", chown("b", 12, 34));
    T("lchown of a symlink", lchown("s", 5, 6));
    st("b");
    st("s");
    struct timespec ts[2] = {{1000000000, 123456789}, {1234567890, 987654321}};
    printf("utimensat: %s\n", res(utimensat(AT_FDCWD, "b", ts, 0)));
    stat("b", &s);
    printf("atime %ld.%09ld mtime %ld.%09ld\n", (long) s.st_atim.tv_sec, s.st_atim.tv_nsec, (long) s.st_mtim.tv_sec,
           s.st_mtim.tv_nsec);
    T("setxattr", setxattr("b", "user.k", "v1", 2, 0));
    T("XATTR_CREATE again", setxattr("b", "user.k", "v2", 2, XATTR_CREATE));
    T("XATTR_REPLACE missing", setxattr("b", "user.q", "v", 1, XATTR_REPLACE));
    setxattr("b", "user.j", "jj", 2, 0);
    char xl[64] = {0};
    long n = listxattr("b", xl, sizeof xl);
    printf("listxattr %ld:", n);
    for (long i = 0; i < n; i += strlen(xl + i) + 1) printf(" %s", xl + i);
    printf("\n");
    memset(t, 0, sizeof t);
    T("getxattr", getxattr("b", "user.k", t, sizeof t));
    printf("value %s\n", t);
    T("getxattr missing", getxattr("b", "user.z", t, sizeof t));
    T("removexattr", removexattr("b", "user.k"));
    T("removexattr again", removexattr("b", "user.k"));

    printf("== statx\n");
    for (int i = 0; i < 2; i++) {
        const char *name = i ? "d" : "b";
        struct statx sx;
        T("statx", statx(AT_FDCWD, name, 0, STATX_BASIC_STATS | STATX_BTIME, &sx));
        printf("%s: mask %x btime %s attributes_mask %llx\n", name, sx.stx_mask,
               (sx.stx_mask & STATX_BTIME) && sx.stx_btime.tv_sec > 1000000000 ? "set" : "none",
               (unsigned long long) sx.stx_attributes_mask);
        T("statx without times", statx(AT_FDCWD, name, 0, STATX_INO, &sx));
        printf("%s: mask %x\n", name, sx.stx_mask);
    }

    printf("== one read of a megabyte\n");
    {
        static char mb[1 << 20];
        int w = open("whole", O_RDWR | O_CREAT | O_TRUNC, 0600);
        T("write 300000", write(w, mb, 300000));
        T("read it back in one call", pread(w, mb, sizeof mb, 0));
        lseek(w, 0, SEEK_SET);
        T("read(2) in one call", read(w, mb, sizeof mb));
        close(w);
        unlink("whole");
        int z = open("/dev/zero", O_RDONLY);
        T("read /dev/zero", read(z, mb, sizeof mb));
        close(z);
        int x = open("/proc/self/exe", O_RDONLY);
        struct stat xs;
        fstat(x, &xs);
        long got = read(x, mb, sizeof mb);
        printf("read of the program itself: %s\n", got == (xs.st_size < (1 << 20) ? xs.st_size : 1 << 20) ? "all asked" : "short");
        close(x);
    }

    printf("== directory read while it changes\n");
    DIR *d = opendir("d");
    put("d/late", "l");
    rewinddir(d);
    struct dirent *e;
    printf("after rewind:");
    while ((e = readdir(d)) != NULL) printf(" %s", e->d_name);
    printf("\n");
    closedir(d);

    printf("== cleaning up\n");
    const char *files[] = {"a", "b", "s", "f", "k", "c", "c2", "big", "y2", "y3", "n/inside", "d/late", "x", "y", longname, NULL};
    for (int i = 0; files[i]; i++) unlink(files[i]);
    T("rmdir d/e/inside", rmdir("d/e/inside"));
    T("rmdir d/e", rmdir("d/e"));
    T("rmdir d", rmdir("d"));
    T("rmdir m", rmdir("m"));
    T("unlink m", unlink("m"));
    T("rmdir y3", rmdir("y3"));
    rmdir("n");
    ls(".");
    chdir("/");
    printf("rmdir the directory: %s\n", res(rmdir(argv[1])));
    return 0;
}
