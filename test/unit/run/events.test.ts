// The run's event stream: listeners hear every event in the order emitted, with the run's clock; a host's
// stages are stamped with the host; and the trouble gate opens on exactly a target's first signs of trouble.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { createEventStream, hostEmitter, showsTrouble, type RunEvent } from '../../../src/run/events.ts';
import { progressText, timelineLine } from '../../../src/render/timeline.ts';
import type { Observation } from '../../../src/types.ts';
import { dnsFail, dnsOk, fingerprint, probeHttp } from '../verdict/fixtures.ts';

function observation(health: 'up' | 'down'): Observation {
  const down = health === 'down';
  return { health, layer: down ? 'dns' : null, code: down ? 'SERVFAIL' : null, owner: null, ownerRole: null, piece: null, detail: '', notes: [] };
}

const log = (message: string): RunEvent => ({ type: 'log', stage: 'run', message });

test('listeners hear every event in the order emitted, stamped with the run clock at emission', () => {
  let clock = 0;
  const stream = createEventStream(() => clock);
  const heard: string[] = [];
  stream.on((event, at) => heard.push(`a ${event.type === 'log' ? event.message : event.type} @${at}`));
  stream.on((event, at) => heard.push(`b ${event.type === 'log' ? event.message : event.type} @${at}`));
  stream.emit(log('one'));
  clock = 12;
  stream.emit(log('two'));
  assert.deepEqual(heard, ['a one @0', 'b one @0', 'a two @12', 'b two @12']);
});

test('an event emitted by a listener reaches every listener before the next listener hears the first', () => {
  const stream = createEventStream(() => 0);
  const heard: string[] = [];
  stream.on((event) => heard.push(`first hears ${(event as { message: string }).message}`));
  stream.on((event) => {
    if ((event as { message: string }).message === 'cause') stream.emit(log('effect'));
  });
  stream.on((event) => heard.push(`last hears ${(event as { message: string }).message}`));
  stream.emit(log('cause'));
  assert.deepEqual(heard, ['first hears cause', 'first hears effect', 'last hears effect', 'last hears cause']);
});

test('a listener that removes itself while hearing an event hears no later one; the others go on', () => {
  const stream = createEventStream(() => 0);
  let once = 0;
  let all = 0;
  const off = stream.on(() => {
    once++;
    off();
  });
  stream.on(() => all++);
  stream.emit(log('1'));
  stream.emit(log('2'));
  assert.equal(once, 1);
  assert.equal(all, 2);
});

test('the same function subscribed twice hears twice, and each subscription is removed on its own', () => {
  const stream = createEventStream(() => 0);
  let n = 0;
  const listener = (): void => {
    n++;
  };
  const off1 = stream.on(listener);
  stream.on(listener);
  stream.emit(log('x'));
  off1();
  stream.emit(log('y'));
  assert.equal(n, 3);
});

test("a host's stages emit bare events: the run hears them with the host and its kind, before the host reacts", () => {
  const heard: string[] = [];
  const emit = hostEmitter(
    (event) => heard.push(`run: ${event.type} ${event.type === 'log' ? '' : `${event.host} ${event.kind}`}`),
    'paytm.com',
    'canary',
    (event) => heard.push(`host reacts to ${event.type}`),
  );
  emit({ type: 'addresses', addresses: ['127.0.0.1'] });
  assert.deepEqual(heard, ['run: addresses paytm.com canary', 'host reacts to addresses']);
});

test("the trouble gate opens on a target's trouble, failed DNS or down verdict, never on a peer's or on good news", () => {
  const failedDns = dnsFail('a.example', { cnames: ['e1.a.akamaiedge.net'], code: 'SERVFAIL' });
  const goodDns = dnsOk('a.example', { addresses: ['127.0.0.1'] });
  const fp = fingerprint({ cdn: 'akamai' });
  const cases: [RunEvent, boolean][] = [
    [{ type: 'trouble', from: 'dns', host: 'a.example', kind: 'target' }, true],
    [{ type: 'trouble', from: 'edge', host: 'a.example', kind: 'target' }, true],
    [{ type: 'trouble', from: 'dns', host: 'c.example', kind: 'canary' }, false],
    [{ type: 'trouble', from: 'edge', host: 'c.example', kind: 'control' }, false],
    [{ type: 'dns-fingerprint', fingerprint: fp, dns: failedDns, host: 'a.example', kind: 'target' }, true],
    [{ type: 'dns-fingerprint', fingerprint: fp, dns: goodDns, host: 'a.example', kind: 'target' }, false],
    [{ type: 'observed', observation: observation('down'), ms: 5, host: 'a.example', kind: 'target' }, true],
    [{ type: 'observed', observation: observation('down'), ms: 5, host: 'c.example', kind: 'canary' }, false],
    [{ type: 'observed', observation: observation('up'), ms: 5, host: 'a.example', kind: 'target' }, false],
    [{ type: 'probe', probe: probeHttp('127.0.0.1', 503, { totalMs: 12 }), host: 'a.example', kind: 'target' }, false], // the pipeline tells trouble after it
    [{ type: 'resolving', host: 'a.example', kind: 'target' }, false],
    [log('anything'), false],
  ];
  for (const [event, expected] of cases) assert.equal(showsTrouble(event), expected, JSON.stringify(event).slice(0, 120));
});

test('the --debug line and the spinner text are readings of one event; network text is sanitised', () => {
  const hostile: RunEvent = { type: 'resolving', host: 'evil\u001b[2J.example', kind: 'target' };
  assert.equal(timelineLine(hostile, 7.4), '[+    7ms] dns: resolving evil.example\n');
  assert.equal(progressText({ type: 'resolving', host: 'a.example', kind: 'target' }), 'resolving a.example');
  const observed: RunEvent = { type: 'observed', observation: observation('down'), ms: 31, host: 'a.example', kind: 'control' };
  assert.equal(progressText(observed), 'a.example: down at dns (SERVFAIL)');
  assert.equal(timelineLine(observed, 1234), '[+ 1234ms] verdict: a.example: down at dns (SERVFAIL) (control, 31ms)\n');
  // Detail for --debug only: a probe's outcome, the set-up lines.
  assert.equal(progressText({ type: 'probe', probe: probeHttp('127.0.0.1', 503, { totalMs: 12 }), host: 'a.example', kind: 'target' }), null);
  assert.equal(progressText(log('resolvers 127.0.0.1:53')), null);
  assert.equal(timelineLine({ type: 'probe', probe: probeHttp('127.0.0.1', 503, { totalMs: 12 }), host: 'a.example', kind: 'target' }, 0), '[+    0ms] probe: a.example: 127.0.0.1 port 443: HTTP 503 in 12ms\n');
});
