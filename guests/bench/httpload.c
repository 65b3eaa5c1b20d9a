/* The native client of the HTTP benchmark: argv[1] the server's port on 127.0.0.1, argv[2] the
 * requests in all, argv[3] the connections (keep-alive, one request outstanding on each). Every
 * response is checked (status, Content-Length, body). Prints
 * "httpload N requests C connections S seconds R req/s", or why it failed (exit status 1). */
#define _GNU_SOURCE
#include <arpa/inet.h>
#include <netinet/in.h>
#include <netinet/tcp.h>
#include <poll.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/socket.h>
#include <time.h>
#include <unistd.h>

#define MAXC 64

static const char REQ[] = "GET / HTTP/1.1\r\nHost: 127.0.0.1\r\nUser-Agent: httpload\r\n\r\n";
static const char BODY[] = "hello, world\n";

static double now(void) {
    struct timespec t;
    clock_gettime(CLOCK_MONOTONIC, &t);
    return t.tv_sec + t.tv_nsec / 1e9;
}

/* A whole response at the start of b (len bytes): its length, 0 when incomplete, -1 when wrong. */
static int response(const char *b, int len) {
    const char *end = memmem(b, len, "\r\n\r\n", 4);
    if (end == NULL) return 0;
    if (strncmp(b, "HTTP/1.1 200 ", 13) != 0) return -1;
    const char *cl = memmem(b, end - b, "Content-Length: ", 16);
    if (cl == NULL) return -1;
    int body = atoi(cl + 16), head = (int) (end + 4 - b);
    if (len < head + body) return 0;
    if (body != (int) sizeof BODY - 1 || memcmp(end + 4, BODY, body) != 0) return -1;
    return head + body;
}

int main(int argc, char **argv) {
    if (argc < 4) {
        fprintf(stderr, "usage: httpload PORT REQUESTS CONNECTIONS\n");
        return 2;
    }
    int port = atoi(argv[1]), conns = atoi(argv[3]), one = 1;
    long total = atol(argv[2]), sent = 0, done = 0;
    if (conns < 1 || conns > MAXC || total < conns) {
        fprintf(stderr, "httpload: 1..%d connections, at least one request each\n", MAXC);
        return 2;
    }
    struct sockaddr_in a = {.sin_family = AF_INET, .sin_port = htons(port), .sin_addr.s_addr = htonl(INADDR_LOOPBACK)};
    struct pollfd p[MAXC];
    static char buf[MAXC][4096];
    int len[MAXC] = {0}, asked[MAXC] = {0};
    for (int i = 0; i < conns; i++) {
        p[i].fd = socket(AF_INET, SOCK_STREAM, 0);
        p[i].events = POLLIN;
        if (connect(p[i].fd, (struct sockaddr *) &a, sizeof a)) {
            perror("httpload: connect");
            return 1;
        }
        setsockopt(p[i].fd, IPPROTO_TCP, TCP_NODELAY, &one, sizeof one);
    }
    double t0 = now();
    for (int i = 0; i < conns; i++, sent++) {
        write(p[i].fd, REQ, sizeof REQ - 1);
        asked[i] = 1;
    }
    while (done < total) {
        if (poll(p, conns, 10000) <= 0) {
            fprintf(stderr, "httpload: no answer for 10 s after %ld responses\n", done);
            return 1;
        }
        for (int i = 0; i < conns; i++) {
            if (!(p[i].revents & (POLLIN | POLLHUP | POLLERR))) continue;
            ssize_t r = read(p[i].fd, buf[i] + len[i], sizeof buf[i] - len[i]);
            if (r == 0 && asked[i] == 0 && len[i] == 0) {
                /* The server exits once it has answered every request: a connection with nothing
                 * outstanding may end before the last response on another one is read. */
                p[i].fd = -1;
                continue;
            }
            if (r <= 0) {
                fprintf(stderr, "httpload: the server closed a connection after %ld responses\n", done);
                return 1;
            }
            len[i] += (int) r;
            int n;
            while ((n = response(buf[i], len[i])) != 0) {
                if (n < 0) {
                    fprintf(stderr, "httpload: a wrong response: %.60s\n", buf[i]);
                    return 1;
                }
                memmove(buf[i], buf[i] + n, len[i] - n);
                len[i] -= n;
                done++;
                asked[i]--;
                if (sent < total) {
                    write(p[i].fd, REQ, sizeof REQ - 1);
                    sent++;
                    asked[i]++;
                }
            }
        }
    }
    double s = now() - t0;
    printf("httpload %ld requests %d connections %.3f seconds %.0f req/s\n", total, conns, s, total / s);
    for (int i = 0; i < conns; i++)
        if (p[i].fd >= 0) close(p[i].fd);
    return 0;
}
