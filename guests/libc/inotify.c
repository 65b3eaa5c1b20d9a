/*
 * inotify (issue 15, item 5), natively and under Helctic (compared byte for byte): the events a
 * process's own file operations cause on a watched directory and a watched file (create, open,
 * access, modify, close, attributes, moves with their shared cookie, delete, delete-self),
 * IN_ONESHOT, IN_MASK_ADD/IN_MASK_CREATE, IN_ONLYDIR, rm_watch and IN_IGNORED, reading (whole
 * records, EINVAL for a short buffer, EAGAIN), poll, epoll and FIONREAD, and the errors.
 * The first argument is a scratch directory.
 */
#define _GNU_SOURCE
#include <errno.h>
#include <fcntl.h>
#include <poll.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/epoll.h>
#include <sys/inotify.h>
#include <sys/ioctl.h>
#include <sys/stat.h>
#include <unistd.h>
#include "report.h"

static char dir[4096];

static const char *at(const char *name) {
    static char p[2][4200];
    static int k;
    k ^= 1;
    snprintf(p[k], sizeof p[k], "%s/%s", dir, name);
    return p[k];
}

static const char *names(uint32_t m) {
    static char b[256];
    static const struct { uint32_t bit; const char *name; } t[] = {
        {IN_ACCESS, "ACCESS"}, {IN_MODIFY, "MODIFY"}, {IN_ATTRIB, "ATTRIB"}, {IN_CLOSE_WRITE, "CLOSE_WRITE"},
        {IN_CLOSE_NOWRITE, "CLOSE_NOWRITE"}, {IN_OPEN, "OPEN"}, {IN_MOVED_FROM, "MOVED_FROM"},
        {IN_MOVED_TO, "MOVED_TO"}, {IN_CREATE, "CREATE"}, {IN_DELETE, "DELETE"}, {IN_DELETE_SELF, "DELETE_SELF"},
        {IN_MOVE_SELF, "MOVE_SELF"}, {IN_Q_OVERFLOW, "Q_OVERFLOW"}, {IN_IGNORED, "IGNORED"}, {IN_ISDIR, "ISDIR"},
    };
    b[0] = 0;
    for (size_t i = 0; i < sizeof t / sizeof t[0]; i++) {
        if (m & t[i].bit) {
            if (b[0]) strcat(b, "|");
            strcat(b, t[i].name);
        }
    }
    return b;
}

static uint32_t last_cookie;

/* Reads and prints every queued event (the descriptor is non-blocking). */
static void drain(int fd, const char *what) {
    char buf[4096] __attribute__((aligned(8)));
    printf("%s:\n", what);
    for (;;) {
        ssize_t n = read(fd, buf, sizeof buf);
        if (n <= 0) break;
        for (char *p = buf; p < buf + n;) {
            struct inotify_event *e = (struct inotify_event *) p;
            char cookie[32] = "";
            if (e->cookie) {
                snprintf(cookie, sizeof cookie, " cookie %s", e->cookie == last_cookie ? "same" : "new");
                last_cookie = e->cookie;
            }
            printf("  wd %d %s%s%s%s\n", e->wd, names(e->mask), cookie, e->len ? " name " : "", e->len ? e->name : "");
            p += sizeof *e + e->len;
        }
    }
}

int main(int argc, char **argv) {
    setvbuf(stdout, NULL, _IONBF, 0);
    snprintf(dir, sizeof dir, "%s", argc > 1 ? argv[1] : ".");
    int in = inotify_init1(IN_NONBLOCK | IN_CLOEXEC);
    printf("init1: %d FD_CLOEXEC %d\n", in >= 0, fcntl(in, F_GETFD));
    printf("init1 bad flags: %s\n", res(inotify_init1(1)));
    char buf[64];
    printf("read empty: %s\n", res(read(in, buf, sizeof buf)));
    int wd = inotify_add_watch(in, dir, IN_ALL_EVENTS);
    printf("watch the directory: %d\n", wd);
    printf("the same again: %d\n", inotify_add_watch(in, dir, IN_ALL_EVENTS) == wd);

    int fd = open(at("f"), O_WRONLY | O_CREAT, 0644);
    if (write(fd, "abc", 3) != 3 || write(fd, "def", 3) != 3) return 2;
    close(fd);
    drain(in, "create, two writes, close");
    fd = open(at("f"), O_RDONLY);
    if (read(fd, buf, sizeof buf) < 0) return 2;
    close(fd);
    drain(in, "open, read, close");
    chmod(at("f"), 0600);
    truncate(at("f"), 1);
    drain(in, "chmod, truncate");

    int fw = inotify_add_watch(in, at("f"), IN_ALL_EVENTS);
    printf("watch the file: %d\n", fw);
    rename(at("f"), at("g"));
    drain(in, "rename");
    mkdir(at("sub"), 0755);
    rmdir(at("sub"));
    drain(in, "mkdir, rmdir");
    symlink("g", at("link"));
    link(at("g"), at("hard"));
    drain(in, "symlink, link");
    unlink(at("link"));
    unlink(at("hard"));
    unlink(at("g"));
    drain(in, "unlink the symlink, then both names of the file");

    printf("== oneshot, mask add and create, onlydir\n");
    fd = open(at("o"), O_WRONLY | O_CREAT, 0644);
    close(fd);
    drain(in, "made o");
    int ow = inotify_add_watch(in, at("o"), IN_MODIFY | IN_ONESHOT);
    fd = open(at("o"), O_WRONLY);
    if (write(fd, "1", 1) != 1 || write(fd, "12", 2) != 2) return 2;
    close(fd);
    drain(in, "two writes to a one-shot watch");
    printf("it is gone: %s\n", res(inotify_rm_watch(in, ow)));
    ow = inotify_add_watch(in, at("o"), IN_ATTRIB);
    printf("IN_MASK_CREATE on a watched inode: %s\n", res(inotify_add_watch(in, at("o"), IN_MODIFY | IN_MASK_CREATE)));
    printf("IN_MASK_ADD: %d\n", inotify_add_watch(in, at("o"), IN_MODIFY | IN_MASK_ADD) == ow);
    fd = open(at("o"), O_WRONLY);
    if (write(fd, "x", 1) != 1) return 2;
    close(fd);
    chmod(at("o"), 0600);
    drain(in, "write and chmod (ATTRIB | MODIFY now)");
    printf("rm_watch: %s\n", res(inotify_rm_watch(in, ow)));
    drain(in, "after rm_watch");
    printf("rm_watch again: %s\n", res(inotify_rm_watch(in, ow)));
    printf("IN_ONLYDIR on a file: %s\n", res(inotify_add_watch(in, at("o"), IN_MODIFY | IN_ONLYDIR)));
    printf("missing path: %s\n", res(inotify_add_watch(in, at("missing"), IN_MODIFY)));
    printf("mask 0: %s\n", res(inotify_add_watch(in, at("o"), 0)));
    printf("MASK_ADD with MASK_CREATE: %s\n", res(inotify_add_watch(in, at("o"), IN_MODIFY | IN_MASK_ADD | IN_MASK_CREATE)));
    printf("not an inotify descriptor: %s\n", res(inotify_add_watch(0, at("o"), IN_MODIFY)));
    printf("bad descriptor: %s, rm: %s\n", res(inotify_add_watch(99, at("o"), IN_MODIFY)), res(inotify_rm_watch(99, 1)));
    unlink(at("o"));
    drain(in, "unlink o");

    printf("== reading, poll, epoll\n");
    fd = open(at("p"), O_WRONLY | O_CREAT, 0644);
    close(fd);
    struct pollfd q = {.fd = in, .events = POLLIN};
    int pn = poll(&q, 1, 0);
    printf("poll: %d revents 0x%x\n", pn, q.revents);
    int avail = 0;
    ioctl(in, FIONREAD, &avail);
    printf("FIONREAD: %d\n", avail);
    printf("read into 8 bytes: %s\n", res(read(in, buf, 8)));
    int ep = epoll_create1(0);
    struct epoll_event e = {.events = EPOLLIN, .data.u64 = 7};
    epoll_ctl(ep, EPOLL_CTL_ADD, in, &e);
    e.data.u64 = 0;
    int en = epoll_wait(ep, &e, 1, 0);
    printf("epoll: %d data %llu\n", en, (unsigned long long) e.data.u64);
    drain(in, "made p");
    en = epoll_wait(ep, &e, 1, 0);
    printf("epoll after reading: %d\n", en);
    unlink(at("p"));
    close(ep);
    printf("rm the directory watch: %s\n", res(inotify_rm_watch(in, wd)));
    drain(in, "the end");
    close(in);
    printf("done\n");
    return 0;
}
