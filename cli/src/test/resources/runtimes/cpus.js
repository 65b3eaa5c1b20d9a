// os.cpus() reads /proc/stat (a cpuN line per CPU) and /proc/cpuinfo (model name): what a
// worker pool is sized by. Prints what must be the same under Helctic as natively.
const os = require('os');
const c = os.cpus();
console.log('cpus', c.length, c.length === os.availableParallelism(),
  c.every(x => typeof x.model === 'string' && x.model.length > 0 && typeof x.speed === 'number'),
  c.every(x => ['user', 'nice', 'sys', 'idle', 'irq'].every(k => Number.isInteger(x.times[k]) && x.times[k] >= 0)),
  os.uptime() > 0, os.loadavg().length);
