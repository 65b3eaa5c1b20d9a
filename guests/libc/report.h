/* What the differential guests share: a call's result as the text they print. */
#ifndef HELCTIC_REPORT_H
#define HELCTIC_REPORT_H
#include <errno.h>
#include <stdio.h>
#include <string.h>

/* A result as text: the number, or errno's name when it is negative. Eight rotating buffers, so
 * one printf may show several. */
static inline const char *res(long r) {
    static char b[8][64];
    static int k;
    k = (k + 1) % 8;
    if (r >= 0) snprintf(b[k], sizeof b[k], "%ld", r);
    else snprintf(b[k], sizeof b[k], "%s", strerrorname_np(errno));
    return b[k];
}
#endif
