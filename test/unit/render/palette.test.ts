// Colour is decided once from flags, environment and TTY; the palette never depends on chalk's global state.
/* eslint-disable no-control-regex -- these tests look for escape sequences on purpose */
import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { decideColor, makePalette } from '../../../src/render/palette.ts';
import { statusLabel } from '../../../src/render/labels.ts';
import type { Status } from '../../../src/types.ts';

describe('decideColor', () => {
  const cases: [string, boolean, Record<string, string | undefined>, boolean, boolean][] = [
    ['a terminal with nothing set is coloured', false, {}, true, true],
    ['a pipe with nothing set is plain', false, {}, false, false],
    ['NO_COLOR=1 turns colour off on a terminal', false, { NO_COLOR: '1' }, true, false],
    ['an empty NO_COLOR is ignored', false, { NO_COLOR: '' }, true, true],
    ['FORCE_COLOR=1 turns colour on in a pipe', false, { FORCE_COLOR: '1' }, false, true],
    ['an empty FORCE_COLOR forces colour too', false, { FORCE_COLOR: '' }, false, true],
    ['FORCE_COLOR=0 turns colour off on a terminal', false, { FORCE_COLOR: '0' }, true, false],
    ['FORCE_COLOR=false turns colour off on a terminal', false, { FORCE_COLOR: 'false' }, true, false],
    // Issue 15 §10: FORCE_COLOR used to beat NO_COLOR; the user's NO_COLOR now wins over both force variables.
    ['NO_COLOR wins over FORCE_COLOR', false, { FORCE_COLOR: '1', NO_COLOR: '1' }, false, false],
    ['NO_COLOR wins over CLICOLOR_FORCE', false, { CLICOLOR_FORCE: '1', NO_COLOR: '1' }, true, false],
    ['CLICOLOR_FORCE=1 turns colour on in a pipe', false, { CLICOLOR_FORCE: '1' }, false, true],
    ['CLICOLOR_FORCE=0 changes nothing', false, { CLICOLOR_FORCE: '0' }, false, false],
    ['--no-color wins over FORCE_COLOR', true, { FORCE_COLOR: '3' }, true, false],
    ['--no-color turns a terminal plain', true, {}, true, false],
    ['TERM=dumb is plain', false, { TERM: 'dumb' }, true, false],
    ['TERM=dumb yields to FORCE_COLOR', false, { TERM: 'dumb', FORCE_COLOR: '1' }, false, true],
  ];
  for (const [what, noColor, env, isTTY, expected] of cases) {
    it(what, () => assert.equal(decideColor({ noColor, env, isTTY }), expected));
  }
  it('--color wins over NO_COLOR and a pipe; --no-color over every force variable', () => {
    assert.equal(decideColor({ noColor: false, color: true, env: { NO_COLOR: '1' }, isTTY: false }), true);
    assert.equal(decideColor({ noColor: true, env: { FORCE_COLOR: '1', CLICOLOR_FORCE: '1' }, isTTY: true }), false);
  });
});

describe('makePalette', () => {
  const STATUSES: Status[] = ['up', 'degraded', 'site-outage', 'provider-outage', 'local-network', 'inconclusive'];

  it('returns text unchanged when colour is off, whatever chalk detects globally', () => {
    const plain = makePalette(false);
    for (const status of STATUSES) assert.equal(plain.status(status, 'X'), 'X');
    for (const style of [plain.good, plain.bad, plain.warn, plain.muted, plain.strong, plain.head]) assert.equal(style('X'), 'X');
  });

  it('colours each status with its own consistent colour when on (16-colour codes)', () => {
    const c = makePalette(true);
    const fg = (status: Status) => /\u001b\[(3\d)m/.exec(c.status(status, 'X'))?.[1];
    assert.deepEqual(STATUSES.map(fg), ['32', '33', '31', '31', '35', '36']);
    assert.match(c.status('up', 'UP'), /\u001b\[1m/);
    assert.equal(c.good('ok'), '\u001b[32mok\u001b[39m');
  });
});

describe('statusLabel', () => {
  it('labels every status in upper case, readable without colour', () => {
    assert.deepEqual(
      ['up', 'degraded', 'site-outage', 'provider-outage', 'local-network', 'inconclusive'].map((s) => statusLabel(s as Status)),
      ['UP', 'DEGRADED', 'SITE OUTAGE', 'PROVIDER OUTAGE', 'LOCAL NETWORK', 'INCONCLUSIVE'],
    );
  });

  it('still returns something readable for a status it does not know (data from a newer report)', () => {
    assert.equal(statusLabel('brand-new' as Status), 'BRAND-NEW');
  });
});
