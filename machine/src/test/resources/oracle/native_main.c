#include <stdio.h>
unsigned long workload(void);
int main(void) { printf("%lu\n", workload()); return 0; }
