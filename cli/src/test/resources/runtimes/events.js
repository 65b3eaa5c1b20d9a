// Node.js's event loop under Helctic (issue 15): timers, immediates, promises, fs promises, crypto.
const fs = require('fs/promises');
const os = require('os');
const path = require('path');
const crypto = require('crypto');

(async () => {
  const order = [];
  process.nextTick(() => order.push('tick'));
  setImmediate(() => order.push('immediate'));
  await Promise.resolve().then(() => order.push('promise'));
  await new Promise((r) => setImmediate(r));
  console.log('order', order.join(','));

  const dir = await fs.mkdtemp(path.join(os.tmpdir(), 'helctic-node-'));
  const file = path.join(dir, 'f.txt');
  await fs.writeFile(file, 'line one\nline two\n');
  await fs.appendFile(file, 'line three\n');
  const text = await fs.readFile(file, 'utf8');
  const stat = await fs.stat(file);
  console.log('fs', text.split('\n').length - 1, 'lines', stat.size, 'bytes', (await fs.readdir(dir)).join(','));
  await fs.rm(dir, { recursive: true });

  console.log('sha256', crypto.createHash('sha256').update(text).digest('hex').slice(0, 16));

  let n = 0;
  await new Promise((done) => {
    const t = setInterval(() => {
      if (++n === 5) {
        clearInterval(t);
        done();
      }
    }, 3);
  });
  const results = await Promise.all([1, 2, 3].map((i) => new Promise((r) => setTimeout(() => r(i * i), 15 - i * 4))));
  console.log('intervals', n, 'timeouts', results.join(','));
})();
