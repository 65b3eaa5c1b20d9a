# Minor page faults: touching 30 MB takes about a fault a page (ru_minflt and /proc/self/stat's
# minflt), a forked child's 8 MB about as many again, given by wait4 and RUSAGE_CHILDREN.
# Prints what must be the same under Helctic as natively.
import os
import resource

r0 = resource.getrusage(resource.RUSAGE_SELF).ru_minflt
x = bytearray(30_000_000)
for i in range(0, len(x), 4096):
    x[i] = 1
r1 = resource.getrusage(resource.RUSAGE_SELF).ru_minflt
pid = os.fork()
if pid == 0:
    y = bytearray(8_000_000)
    for i in range(0, len(y), 4096):
        y[i] = 1
    os._exit(0)
_, status, usage = os.wait4(pid, 0)
children = resource.getrusage(resource.RUSAGE_CHILDREN).ru_minflt
stat = int(open('/proc/self/stat').read().split()[9])
print('self', 7000 < r1 - r0 < 9000, 'child', 1900 < usage.ru_minflt < 6000, 'children', children >= usage.ru_minflt,
      'stat', stat >= r1)
