/* CRC-32 (IEEE, reflected, table-driven, byte at a time) over a buffer, several passes.
 * Checks the table against the standard check value first: crc("123456789") = cbf43926. */
#include <stdio.h>
#include "bench.h"

static uint32_t table[256];

static uint32_t crc32(uint32_t crc, const unsigned char *p, size_t n) {
    crc = ~crc;
    while (n--) crc = table[(crc ^ *p++) & 0xff] ^ (crc >> 8);
    return ~crc;
}

int main(int argc, char **argv) {
    long passes = bench_scale(argc, argv, 48);
    for (uint32_t i = 0; i < 256; i++) {
        uint32_t c = i;
        for (int k = 0; k < 8; k++) c = (c & 1) ? 0xedb88320u ^ (c >> 1) : c >> 1;
        table[i] = c;
    }
    if (crc32(0, (const unsigned char *) "123456789", 9) != 0xcbf43926u) {
        puts("crc: wrong check value");
        return 1;
    }
    size_t n = 1u << 20;
    unsigned char *buf = malloc(n);
    uint64_t s = 7;
    for (size_t i = 0; i < n; i++) buf[i] = (unsigned char) bench_rand(&s);
    uint32_t crc = 0;
    for (long p = 0; p < passes; p++) crc = crc32(crc, buf, n);
    printf("crc %08x\n", crc);
    free(buf);
    return 0;
}
