/* Start-up: the smallest glibc program that prints. */
#include <stdio.h>

int main(void) {
    puts("hello, world");
    return 0;
}
