// Node's http and net modules over the loopback (issue 16): a server and a client in one process.
const http = require('http');
const net = require('net');
const server = http.createServer((req, res) => {
  let body = '';
  req.on('data', d => body += d);
  req.on('end', () => {
    res.setHeader('X-Test', 'yes');
    res.end(`${req.method} ${req.url} ${body.toUpperCase()}`);
  });
});
server.listen(0, '127.0.0.1', () => {
  const port = server.address().port;
  http.get({ host: '127.0.0.1', port, path: '/hello' }, res => {
    let data = '';
    res.on('data', d => data += d);
    res.on('end', () => {
      console.log('GET', res.statusCode, res.headers['x-test'], data);
      const req = http.request({ host: '127.0.0.1', port, path: '/post', method: 'POST' }, r => {
        let d2 = '';
        r.on('data', d => d2 += d);
        r.on('end', () => {
          console.log('POST', r.statusCode, d2);
          const echo = net.createServer(s => s.pipe(s)).listen(0, '127.0.0.1', () => {
            const c = net.connect(echo.address().port, '127.0.0.1', () => c.end('echoed through net'));
            let got = '';
            c.on('data', d => got += d);
            c.on('close', () => {
              console.log('net', got);
              const refused = net.connect(1, '127.0.0.1');
              refused.on('error', e => {
                console.log('refused', e.code);
                echo.close();
                server.close();
              });
            });
          });
        });
      });
      req.end('shout');
    });
  });
});
