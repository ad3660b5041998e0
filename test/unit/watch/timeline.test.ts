// A watch's memory from plain checks: transitions, time down, flapping within its window, and when to stop.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { FLAP_WINDOW_MS, KEPT_TRANSITIONS, newWatch, observeRound, shouldStop, type Check, type WatchEvent } from '../../../src/watch/timeline.ts';
import type { Status } from '../../../src/types.ts';

const CODES: Record<Status, number> = { up: 0, degraded: 0, 'site-outage': 1, 'provider-outage': 2, 'local-network': 3, inconclusive: 5, fingerprinted: 0 };
const check = (target: string, at: number, status: Status): Check => ({ target, at, status, exitCode: CODES[status], provider: null, summary: status });
const kinds = (events: WatchEvent[]) => events.map((e) => e.kind);

test('the first check is no transition; a changed status is one, and a return to up says how long it was down', () => {
  const state = newWatch(0);
  assert.deepEqual(kinds(observeRound(state, [check('a', 0, 'provider-outage')])), ['check']);
  assert.deepEqual(kinds(observeRound(state, [check('a', 1000, 'provider-outage')])), ['check']);
  const events = observeRound(state, [check('a', 2_565_000, 'up')]);
  assert.deepEqual(kinds(events), ['check', 'transition']);
  const t = events[1];
  assert.ok(t?.kind === 'transition');
  assert.deepEqual(t.transition, { target: 'a', at: 2_565_000, from: 'provider-outage', to: 'up', downMs: 2_565_000 });
  assert.equal(state.tracks.get('a')?.downMs, 2_565_000);
});

test('a change between two bad statuses is a transition that keeps the spell down going', () => {
  const state = newWatch(0);
  observeRound(state, [check('a', 0, 'up')]);
  observeRound(state, [check('a', 1000, 'provider-outage')]);
  const events = observeRound(state, [check('a', 2000, 'site-outage')]);
  assert.ok(events[1]?.kind === 'transition' && events[1].transition.downMs === null);
  assert.equal(state.tracks.get('a')?.downSince, 1000);
});

test('three transitions within the window are flapping, named with the pattern; fewer are not', () => {
  const state = newWatch(0);
  const seq: Status[] = ['provider-outage', 'up', 'provider-outage', 'up'];
  const all = seq.flatMap((status, i) => observeRound(state, [check('x.com', i * 60_000, status)]));
  assert.deepEqual(kinds(all), ['check', 'check', 'transition', 'check', 'transition', 'check', 'transition', 'flapping']);
  const f = all.at(-1);
  assert.ok(f?.kind === 'flapping');
  assert.deepEqual(f.flapping, { target: 'x.com', at: 180_000, transitions: 3, windowMs: FLAP_WINDOW_MS, pattern: seq });
  // Flapping is announced once, not every round it lasts.
  assert.deepEqual(kinds(observeRound(state, [check('x.com', 200_000, 'up')])), ['check']);
});

test('transitions spread wider than the window are not flapping, and flapping ends when they age out', () => {
  const slow = newWatch(0);
  const spread = FLAP_WINDOW_MS / 2 + 1;
  const events = (['up', 'site-outage', 'up', 'site-outage'] as Status[]).flatMap((s, i) => observeRound(slow, [check('a', i * spread, s)]));
  assert.ok(!events.some((e) => e.kind === 'flapping'));

  const fast = newWatch(0);
  (['up', 'site-outage', 'up', 'site-outage'] as Status[]).forEach((s, i) => observeRound(fast, [check('a', i * 1000, s)]));
  assert.ok(fast.tracks.get('a')?.flapping);
  assert.deepEqual(kinds(observeRound(fast, [check('a', 3000 + FLAP_WINDOW_MS, 'site-outage')])), ['check', 'steady']);
  assert.equal(fast.tracks.get('a')?.flapping, null);
});

test('a long flapping watch keeps a bounded number of transitions and counts the rest', () => {
  const state = newWatch(0);
  for (let i = 0; i < 1000; i++) observeRound(state, [check('a', i * 1000, i % 2 ? 'up' : 'provider-outage')]);
  const track = state.tracks.get('a')!;
  assert.equal(track.transitions.length, KEPT_TRANSITIONS);
  assert.equal(track.transitionCount, 999);
  assert.equal(state.rounds, 1000);
});

test('when to stop: --until up, --until change, --until down and --for, as a table', () => {
  const cases: { name: string; rounds: [string, Status][][]; until: 'up' | 'change' | 'down' | null; forMs?: number; elapsed?: number; stop: { reason: string; exitCode: number } | null }[] = [
    { name: 'until up: every target up', until: 'up', rounds: [[['a', 'provider-outage'], ['b', 'up']], [['a', 'up'], ['b', 'degraded']]], stop: { reason: 'until-up', exitCode: 0 } },
    { name: 'until up: one target still down', until: 'up', rounds: [[['a', 'up'], ['b', 'site-outage']]], stop: null },
    { name: 'until up: up at the first check', until: 'up', rounds: [[['a', 'up']]], stop: { reason: 'until-up', exitCode: 0 } },
    { name: 'until change: first check is no change', until: 'change', rounds: [[['a', 'up']]], stop: null },
    { name: 'until change: the new verdict’s code', until: 'change', rounds: [[['a', 'up'], ['b', 'up']], [['a', 'provider-outage'], ['b', 'up']]], stop: { reason: 'until-change', exitCode: 2 } },
    { name: 'until change: a change to up exits 0 whatever the other target says', until: 'change', rounds: [[['a', 'site-outage'], ['b', 'local-network']], [['a', 'up'], ['b', 'local-network']]], stop: { reason: 'until-change', exitCode: 0 } },
    { name: 'until down: any target down', until: 'down', rounds: [[['a', 'up'], ['b', 'inconclusive']]], stop: { reason: 'until-down', exitCode: 5 } },
    { name: 'until down: all up', until: 'down', rounds: [[['a', 'up'], ['b', 'degraded']]], stop: null },
    { name: 'for: not yet', until: null, forMs: 1000, elapsed: 999, rounds: [[['a', 'site-outage']]], stop: null },
    { name: 'for: the last verdicts’ code', until: null, forMs: 1000, elapsed: 1000, rounds: [[['a', 'site-outage'], ['b', 'provider-outage']]], stop: { reason: 'for', exitCode: 2 } },
    { name: 'until wins over for in the same round', until: 'up', forMs: 10, elapsed: 50, rounds: [[['a', 'up']]], stop: { reason: 'until-up', exitCode: 0 } },
    { name: 'neither: watch on', until: null, rounds: [[['a', 'site-outage']], [['a', 'up']]], stop: null },
  ];
  for (const c of cases) {
    const state = newWatch(0);
    let events: WatchEvent[] = [];
    c.rounds.forEach((round, i) => (events = observeRound(state, round.map(([t, s]) => check(t, i * 1000, s)))));
    assert.deepEqual(shouldStop(state, events, { until: c.until, forMs: c.forMs ?? null }, c.elapsed ?? 0), c.stop, c.name);
  }
});
