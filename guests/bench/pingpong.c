/* Event round trips: two threads ping-ponging through two eventfds, or two processes through
 * two pipes, each side waiting in epoll_wait before it reads (argv[2]: "threads" or "procs").
 * argv[1] round trips. Every message is checked. */
#define _GNU_SOURCE
#include <pthread.h>
#include <stdint.h>
#include <stdio.h>
#include <string.h>
#include <sys/epoll.h>
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
    int procs = argc > 2 && strcmp(argv[2], "procs") == 0;
    pid_t child = 0;
    pthread_t th;
    int to, from;
    if (procs) {
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
    printf("pingpong %s %ld round trips\n", procs ? "procs" : "threads", rounds);
    return 0;
}
