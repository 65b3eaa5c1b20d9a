/* Event round trips: two threads ping-ponging through two eventfds, or two processes through
 * two pipes, a socketpair or a loopback TCP connection, each side waiting in epoll_wait before it
 * reads (argv[2]: "threads", "procs", "unix" or "tcp"). argv[1] round trips. Every message is
 * checked. */
#define _GNU_SOURCE
#include <pthread.h>
#include <stdint.h>
#include <stdio.h>
#include <string.h>
#include <netinet/in.h>
#include <netinet/tcp.h>
#include <sys/epoll.h>
#include <sys/socket.h>
#include <sys/eventfd.h>
#include <sys/wait.h>
#include <unistd.h>
#include "bench.h"

static long rounds;

/* Waits in epoll for fd, then reads one 8-byte message; returns it (or -1). */
static int64_t take(int ep, int fd) {
    struct epoll_event e;
    if (epoll_wait(ep, &e, 1, -1) != 1) return -1;
    int64_t v;
    if (read(fd, &v, 8) != 8) return -1;
    return v;
}

static int watcher(int fd) {
    int ep = epoll_create1(0);
    struct epoll_event e = {.events = EPOLLIN, .data.fd = fd};
    epoll_ctl(ep, EPOLL_CTL_ADD, fd, &e);
    return ep;
}

/* The side that answers: reads n from `in`, writes n + 1 to `out`. */
static int echo(int in, int out) {
    int ep = watcher(in);
    for (long i = 0; i < rounds; i++) {
        int64_t v = take(ep, in);
        if (v < 0) return 1;
        v++;
        if (write(out, &v, 8) != 8) return 1;
    }
    return 0;
}

static int fds[4];

static void *thread_echo(void *arg) {
    (void) arg;
    return (void *) (intptr_t) echo(fds[0], fds[1]);
}

int main(int argc, char **argv) {
    rounds = bench_scale(argc, argv, 100000);
    const char *mode = argc > 2 ? argv[2] : "threads";
    int unix_ = strcmp(mode, "unix") == 0, tcp = strcmp(mode, "tcp") == 0;
    int procs = strcmp(mode, "procs") == 0 || unix_ || tcp;
    pid_t child = 0;
    pthread_t th;
    int to, from;
    if (unix_ || tcp) {
        int sv[2];
        if (unix_) {
            if (socketpair(AF_UNIX, SOCK_STREAM, 0, sv)) return 1;
        } else {
            int l = socket(AF_INET, SOCK_STREAM, 0), one = 1;
            struct sockaddr_in a = {.sin_family = AF_INET, .sin_addr.s_addr = htonl(INADDR_LOOPBACK)};
            socklen_t al = sizeof a;
            if (l < 0 || bind(l, (struct sockaddr *) &a, sizeof a) || listen(l, 1)
                || getsockname(l, (struct sockaddr *) &a, &al)) return 1;
            sv[0] = socket(AF_INET, SOCK_STREAM, 0);
            if (connect(sv[0], (struct sockaddr *) &a, sizeof a)) return 1;
            sv[1] = accept(l, NULL, NULL);
            close(l);
            setsockopt(sv[0], IPPROTO_TCP, TCP_NODELAY, &one, sizeof one);
            setsockopt(sv[1], IPPROTO_TCP, TCP_NODELAY, &one, sizeof one);
        }
        child = fork();
        if (child == 0) {
            close(sv[0]);
            _exit(echo(sv[1], sv[1]));
        }
        close(sv[1]);
        to = from = sv[0];
    } else if (procs) {
        int a[2], b[2];
        if (pipe(a) || pipe(b)) return 1;
        child = fork();
        if (child == 0) _exit(echo(a[0], b[1]));
        to = a[1];
        from = b[0];
    } else {
        fds[0] = eventfd(0, 0);
        fds[1] = eventfd(0, 0);
        pthread_create(&th, NULL, thread_echo, NULL);
        to = fds[0];
        from = fds[1];
    }
    int ep = watcher(from);
    for (long i = 0; i < rounds; i++) {
        int64_t v = 2 * i + 1;
        if (write(to, &v, 8) != 8) return 1;
        /* an eventfd adds what is written to a counter 0: the answer is exactly v + 1 either way */
        if (take(ep, from) != v + 1) {
            printf("pingpong: wrong answer at round %ld\n", i);
            return 1;
        }
    }
    int status = 0;
    if (procs) {
        waitpid(child, &status, 0);
    } else {
        void *r;
        pthread_join(th, &r);
        status = (int) (intptr_t) r;
    }
    if (status != 0) return 1;
    printf("pingpong %s %ld round trips\n", mode, rounds);
    return 0;
}
