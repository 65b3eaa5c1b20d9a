/* An HTTP/1.1 server for the requests-per-second benchmark: one thread, epoll, non-blocking
 * sockets, keep-alive and pipelining, the same small response to every request. It listens on
 * 127.0.0.1 (an ephemeral port, printed first: "httpd port N"), serves argv[1] requests in all,
 * then prints "httpd served N requests" and exits. A request that is not a GET ends its
 * connection with a 400. */
#define _GNU_SOURCE
#include <arpa/inet.h>
#include <errno.h>
#include <netinet/in.h>
#include <netinet/tcp.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/epoll.h>
#include <sys/socket.h>
#include <unistd.h>
#include "bench.h"

#define MAXFD 1024
#define BUF 8192

static const char OK[] = "HTTP/1.1 200 OK\r\nContent-Type: text/plain\r\nContent-Length: 13\r\n\r\nhello, world\n";
static const char BAD[] = "HTTP/1.1 400 Bad Request\r\nContent-Length: 0\r\nConnection: close\r\n\r\n";

static char *bufs[MAXFD];
static int lens[MAXFD];

static void drop(int ep, int fd) {
    epoll_ctl(ep, EPOLL_CTL_DEL, fd, NULL);
    close(fd);
    free(bufs[fd]);
    bufs[fd] = NULL;
    lens[fd] = 0;
}

/* Answers every whole request in fd's buffer: how many, or -1 when the connection must end. */
static long answer(int fd) {
    long n = 0;
    char *b = bufs[fd];
    while (1) {
        char *end = memmem(b, lens[fd], "\r\n\r\n", 4);
        if (end == NULL) break;
        int used = (int) (end + 4 - b);
        int ok = lens[fd] >= 4 && memcmp(b, "GET ", 4) == 0;
        const char *r = ok ? OK : BAD;
        size_t rl = ok ? sizeof OK - 1 : sizeof BAD - 1;
        if (write(fd, r, rl) != (ssize_t) rl) return -1; /* a small answer into an empty buffer */
        memmove(b, b + used, lens[fd] - used);
        lens[fd] -= used;
        if (!ok) return -1;
        n++;
    }
    if (lens[fd] == BUF) return -1; /* a request larger than the buffer */
    return n;
}

int main(int argc, char **argv) {
    long total = bench_scale(argc, argv, 20000), served = 0;
    int lst = socket(AF_INET, SOCK_STREAM | SOCK_NONBLOCK, 0), one = 1;
    struct sockaddr_in a = {.sin_family = AF_INET, .sin_addr.s_addr = htonl(INADDR_LOOPBACK)};
    socklen_t al = sizeof a;
    setsockopt(lst, SOL_SOCKET, SO_REUSEADDR, &one, sizeof one);
    if (lst < 0 || bind(lst, (struct sockaddr *) &a, sizeof a) || listen(lst, 128)
        || getsockname(lst, (struct sockaddr *) &a, &al)) {
        perror("httpd: listen");
        return 1;
    }
    printf("httpd port %d\n", ntohs(a.sin_port));
    fflush(stdout);
    int ep = epoll_create1(0);
    struct epoll_event e = {.events = EPOLLIN, .data.fd = lst};
    epoll_ctl(ep, EPOLL_CTL_ADD, lst, &e);
    struct epoll_event evs[64];
    while (served < total) {
        int k = epoll_wait(ep, evs, 64, -1);
        if (k < 0) {
            if (errno == EINTR) continue;
            perror("httpd: epoll_wait");
            return 1;
        }
        for (int i = 0; i < k; i++) {
            int fd = evs[i].data.fd;
            if (fd == lst) {
                int c;
                while ((c = accept4(lst, NULL, NULL, SOCK_NONBLOCK)) >= 0) {
                    if (c >= MAXFD) {
                        close(c);
                        continue;
                    }
                    setsockopt(c, IPPROTO_TCP, TCP_NODELAY, &one, sizeof one);
                    bufs[c] = malloc(BUF);
                    lens[c] = 0;
                    struct epoll_event ce = {.events = EPOLLIN | EPOLLRDHUP, .data.fd = c};
                    epoll_ctl(ep, EPOLL_CTL_ADD, c, &ce);
                }
                continue;
            }
            ssize_t r = read(fd, bufs[fd] + lens[fd], BUF - lens[fd]);
            if (r <= 0) {
                if (r < 0 && errno == EAGAIN) continue;
                drop(ep, fd);
                continue;
            }
            lens[fd] += (int) r;
            long n = answer(fd);
            if (n < 0) {
                drop(ep, fd);
                continue;
            }
            served += n;
        }
    }
    printf("httpd served %ld requests\n", served);
    return 0;
}
