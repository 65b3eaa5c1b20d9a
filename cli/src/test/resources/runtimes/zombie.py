# A zombie's /proc files: stat and statm still there, status says Z (zombie) and, its memory
# gone, has no Vm lines. Prints what must be the same under Helctic as natively.
import os
import time

pid = os.fork()
if pid == 0:
    os._exit(0)
time.sleep(0.5)
for f in ('statm', 'stat', 'status'):
    t = open('/proc/%d/%s' % (pid, f)).read()
    if f == 'status':
        print(f, [l for l in t.splitlines() if l.startswith(('State', 'VmRSS', 'VmSize'))])
    else:
        print(f, len(t.split()), t.split()[2] if f == 'stat' else '')
os.waitpid(pid, 0)
print('reaped')
