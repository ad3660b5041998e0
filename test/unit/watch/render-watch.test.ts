// The watch's screen, appended lines, --ndjson events and summary, from plain checks with a frozen clock.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { makePalette } from '../../../src/render/palette.ts';
import { redraw, renderWatchEnd, renderWatchEvents, renderWatchLines, renderWatchScreen, renderWatchSummary, timelineText } from '../../../src/render/watch.ts';
import { newWatch, observeRound, type Check, type WatchEvent } from '../../../src/watch/timeline.ts';
import type { Status } from '../../../src/types.ts';

const view = { palette: makePalette(false), utcOffsetMin: 0 };
const T0 = Date.UTC(2025, 10, 18, 12, 1, 10);
const CODES: Record<Status, number> = { up: 0, degraded: 0, 'site-outage': 1, 'provider-outage': 2, 'local-network': 3, inconclusive: 5, fingerprinted: 0 };
const check = (target: string, at: number, status: Status, summary = `${status} summary`): Check => ({ target, at, status, exitCode: CODES[status], provider: 'cloudflare', summary });

test('the timeline reads as in the issue: times, statuses and how long it was down', () => {
  const state = newWatch(T0);
  observeRound(state, [check('x.com', T0, 'provider-outage')]);
  observeRound(state, [check('x.com', T0 + 2_565_000, 'up')]);
  assert.equal(timelineText(state.tracks.get('x.com')!, T0 + 2_565_000, view), '12:01:10 PROVIDER OUTAGE → 12:43:55 UP · down 42m45s');
});

test('a target down now says for how long so far; the local zone offset moves the clock', () => {
  const state = newWatch(T0);
  observeRound(state, [check('x.com', T0, 'up')]);
  observeRound(state, [check('x.com', T0 + 10_000, 'site-outage')]);
  assert.equal(timelineText(state.tracks.get('x.com')!, T0 + 70_000, { ...view, utcOffsetMin: 330 }), '17:31:10 UP → 17:31:20 SITE OUTAGE · down 1m00s so far');
});

test('the screen has the round, the next check, each verdict line and timeline, cut to the terminal width', () => {
  const state = newWatch(T0);
  observeRound(state, [check('x.com', T0, 'provider-outage'), check('chatgpt.com', T0, 'up', 'Served by Cloudflare')]);
  const screen = renderWatchScreen(state, { now: T0, everyMs: 30_000, nextAt: T0 + 30_000 }, view);
  assert.equal(
    screen,
    [
      'cdn-check watch · every 30s · round 1 · next check 12:01:40 · Ctrl-C to stop',
      'x.com  PROVIDER OUTAGE  provider-outage summary',
      '  12:01:10 PROVIDER OUTAGE · down 0ms so far',
      'chatgpt.com  UP  Served by Cloudflare',
      '  12:01:10 UP',
      '',
    ].join('\n'),
  );
  const narrow = renderWatchScreen(state, { now: T0, everyMs: 30_000, nextAt: null }, { ...view, width: 20 });
  for (const line of narrow.split('\n')) assert.ok([...line].length <= 20, line);
});

test('a redraw moves back over the previous screen and clears it; the first draw does not', () => {
  assert.equal(redraw(0, 'a\n'), 'a\n');
  assert.equal(redraw(5, 'a\n'), '\u001b[5A\r\u001b[J' + 'a\n');
});

test('flapping shows as the status, with its pattern, on the screen and as a line', () => {
  const state = newWatch(T0);
  const seq: Status[] = ['provider-outage', 'up', 'provider-outage', 'up'];
  const events: WatchEvent[] = seq.flatMap((s, i) => observeRound(state, [check('x.com', T0 + i * 60_000, s)]));
  const screen = renderWatchScreen(state, { now: T0 + 180_000, everyMs: 60_000, nextAt: null }, view);
  assert.match(screen, /x\.com {2}FLAPPING \(PROVIDER OUTAGE → UP → PROVIDER OUTAGE → UP: 3 transitions within 15m00s\)/);
  const lines = renderWatchLines(events, view).trimEnd().split('\n');
  assert.equal(lines.length, 8, 'four checks, three transitions, one flapping');
  assert.equal(lines[2], '12:02:10 x.com  changed: PROVIDER OUTAGE → UP · down 1m00s');
  assert.match(lines.at(-1)!, /^12:04:10 x\.com {2}FLAPPING: PROVIDER OUTAGE → UP → PROVIDER OUTAGE → UP \(3 transitions within 15m00s/);
});

test('network text in a summary or host is sanitised on the screen and in lines', () => {
  const state = newWatch(T0);
  const events = observeRound(state, [check('x.com', T0, 'site-outage', 'HTTP 503 \u001b]0;pwned\u0007 \u001b[2J')]);
  for (const out of [renderWatchLines(events, view), renderWatchScreen(state, { now: T0, everyMs: 1000, nextAt: null }, view)]) {
    assert.ok(!out.includes('\u001b') && !out.includes('\u0007'), JSON.stringify(out));
  }
});

test('--ndjson: check, transition, flapping and end events, one JSON object a line, with ISO times', () => {
  const state = newWatch(T0);
  const seq: Status[] = ['provider-outage', 'up', 'provider-outage', 'up'];
  const events = seq.flatMap((s, i) => observeRound(state, [check('x.com', T0 + i * 1000, s)]));
  const objects = renderWatchEvents(events).trimEnd().split('\n').map((l) => JSON.parse(l) as Record<string, unknown>);
  assert.deepEqual(objects.map((o) => o.event), ['check', 'check', 'transition', 'check', 'transition', 'check', 'transition', 'flapping']);
  assert.deepEqual(objects[0], { schemaVersion: 1, event: 'check', at: '2025-11-18T12:01:10.000Z', round: 1, target: 'x.com', status: 'provider-outage', exitCode: 2, provider: 'cloudflare', summary: 'provider-outage summary' });
  assert.deepEqual(objects[2], { schemaVersion: 1, event: 'transition', at: '2025-11-18T12:01:11.000Z', target: 'x.com', from: 'provider-outage', to: 'up', downMs: 1000 });
  assert.deepEqual(objects[7], { schemaVersion: 1, event: 'flapping', at: '2025-11-18T12:01:13.000Z', target: 'x.com', flapping: true, transitions: 3, windowMs: 900_000, pattern: seq });
  const end = JSON.parse(renderWatchEnd(state, { reason: 'for', exitCode: 0 }, T0 + 5000)) as Record<string, unknown>;
  assert.deepEqual(end, {
    schemaVersion: 1, event: 'end', at: '2025-11-18T12:01:15.000Z', reason: 'for', exitCode: 0, rounds: 4, durationMs: 5000,
    targets: [{ target: 'x.com', status: 'up', exitCode: 0, flapping: true, transitions: 3, downMs: 2000 }],
  });
});

test('the summary says why the watch ended, its exit code and each target’s totals', () => {
  const state = newWatch(T0);
  observeRound(state, [check('x.com', T0, 'provider-outage')]);
  observeRound(state, [check('x.com', T0 + 2_565_000, 'up')]);
  const text = renderWatchSummary(state, { reason: 'until-up', exitCode: 0 }, T0 + 2_565_000, view);
  assert.equal(
    text,
    [
      'watch ended after 2 rounds (42m45s): every target is up · exit 0',
      'x.com  UP  up summary  · 1 transition · down 42m45s in all',
      '  12:01:10 PROVIDER OUTAGE → 12:43:55 UP · down 42m45s',
      '',
    ].join('\n'),
  );
});

test('every --ndjson event validates against the shipped schema/watch-event.schema.json', async () => {
  const { readFileSync } = await import('node:fs');
  const { Ajv } = await import('ajv');
  const schema = JSON.parse(readFileSync(new URL('../../../schema/watch-event.schema.json', import.meta.url), 'utf8')) as Record<string, unknown>;
  const validate = new Ajv({ allErrors: true, strict: true }).compile(schema);
  const state = newWatch(T0);
  const seq: Status[] = ['provider-outage', 'up', 'provider-outage', 'up'];
  const events = seq.flatMap((s, i) => observeRound(state, [check('x.com', T0 + i * 1000, s)]));
  events.push(...observeRound(state, [check('x.com', T0 + 2 * 900_000, 'up')])); // calmed down: flapping false
  const lines = `${renderWatchEvents(events)}${renderWatchEnd(state, { reason: 'interrupted', exitCode: 130 }, T0 + 2 * 900_000)}`.trimEnd().split('\n');
  assert.ok(lines.some((l) => l.includes('"flapping":false')));
  for (const line of lines) assert.ok(validate(JSON.parse(line)), `${line}\n${JSON.stringify(validate.errors)}`);
  // A field the schema does not know is an error here, so the schema cannot fall behind the events.
  const closed = new Ajv({ strict: true }).compile(JSON.parse(JSON.stringify(schema).replace(/"type":"object",/g, '"type":"object","additionalProperties":false,')) as Record<string, unknown>);
  for (const line of lines) assert.ok(closed(JSON.parse(line)), `${line}\n${JSON.stringify(closed.errors)}`);
  assert.equal(closed({ ...(JSON.parse(lines[0]!) as object), surprise: 1 }), false, 'the closed copy refuses an unknown field');
});
