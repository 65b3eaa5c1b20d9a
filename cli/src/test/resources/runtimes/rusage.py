# getrusage's ru_maxrss: the process's peak resident size (30 MB touched), and after a forked
# child touched 60 MB and was waited for, the children's. Prints what must be the same under
# Helctic as natively; the sizes themselves differ by the libraries' pages.
import os
import resource

x = bytearray(30_000_000)
for i in range(0, len(x), 4096):
    x[i] = 1
me = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss
pid = os.fork()
if pid == 0:
    y = bytearray(60_000_000)
    for i in range(0, len(y), 4096):
        y[i] = 1
    os._exit(0)
_, status, usage = os.wait4(pid, 0)
children = resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss
# (no upper bound on our own: Linux's ru_maxrss keeps the peak of the image before exec, which for a
# program a JVM spawned through vfork is the JVM's)
print('self', me > 30_000, 'child', 60_000 < usage.ru_maxrss < 300_000, 'children', children == usage.ru_maxrss)
