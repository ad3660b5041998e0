// Response headers named like object keys (`__proto__`, `constructor`) are data like any other: the probe keeps
// them and --json writes them (a plain `{}` silently dropped `__proto__`).
import { after, before, test } from 'node:test';
import assert from 'node:assert/strict';
import { createServer, type Server } from 'node:net';
import { probeAddresses } from '../../src/probe/probe-all.ts';
import { createLimiter } from '../../src/probe/limit.ts';
import { headerMap } from '../../src/probe/http.ts';
import { renderJson } from '../../src/render/json.ts';

let server: Server;
let port = 0;
before(async () => {
  // A raw HTTP/1.1 answer: Node's own HTTP server has opinions about header names, a hostile edge does not.
  server = createServer((socket) => {
    socket.once('data', () => {
      socket.end('HTTP/1.1 200 OK\r\n__proto__: polluted\r\nconstructor: yes\r\nhasOwnProperty: 1\r\nContent-Length: 2\r\nConnection: close\r\n\r\nok');
    });
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  port = (server.address() as { port: number }).port;
});
after(() => server.close());

test('a probe keeps __proto__, constructor and hasOwnProperty headers, and the JSON report carries them', async () => {
  const { probes } = await probeAddresses(['127.0.0.1'], {
    host: 'keys.test', path: '/', scheme: 'http', port, timeoutMs: 5000, insecure: false, limit: createLimiter(1),
  });
  const headers = probes[0]?.http?.headers;
  assert.ok(headers, JSON.stringify(probes[0]));
  assert.equal(Object.getOwnPropertyDescriptor(headers, '__proto__')?.value, 'polluted');
  assert.equal(headers.constructor, 'yes');
  assert.equal(headers.hasownproperty ?? headers.hasOwnProperty, '1');
  const json = JSON.parse(renderJson({ headers } as never)) as { headers: Record<string, unknown> };
  assert.equal(Object.getOwnPropertyDescriptor(json.headers, '__proto__')?.value, 'polluted');
  assert.equal(json.headers.constructor, 'yes');
});

test('headerMap keeps a __proto__ header as an own key and never changes a prototype', () => {
  const map = headerMap(JSON.parse('{"__proto__":"x","server":"edge"}') as Record<string, string>);
  assert.deepEqual(Object.keys(map).sort(), ['__proto__', 'server']);
  assert.equal(Object.getPrototypeOf(map), null);
  assert.equal(({} as Record<string, unknown>).x, undefined);
});
