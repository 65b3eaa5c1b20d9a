const { execFile, spawn, execSync } = require('child_process');
execFile('/bin/echo', ['from', 'a', 'child'], (err, out) => {
  console.log('execFile', err, JSON.stringify(out));
  const p = spawn('/bin/cat');
  let got = '';
  p.stdout.on('data', d => got += d);
  p.on('close', code => {
    console.log('spawn cat', code, JSON.stringify(got));
    console.log('execSync', JSON.stringify(execSync('echo sync; exit 0', { encoding: 'utf8' })));
    const q = spawn('/bin/sh', ['-c', 'exit 7']);
    q.on('exit', (code, sig) => console.log('exit', code, sig));
  });
  p.stdin.end('piped through cat\n');
});
