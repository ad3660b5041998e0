// Every provider the tool can name as a CDN or a DNS host has built-in canaries in that role, or is listed in
// NO_CANARIES with the reason; three or more each, or a reason for fewer.
import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { PROVIDERS } from '../../../src/fingerprint/providers.ts';
import { EDGE_KINDS } from '../../../src/fingerprint/match.ts';
import { BUILTIN_CANARIES, NO_CANARIES } from '../../../src/verdict/canary-hosts.ts';
import type { Role } from '../../../src/types.ts';
import { canariesFor } from '../../../src/verdict/canaries.ts';

/** The roles a provider can be named in: cdn (it serves content), dns (it hosts zones). Steering-only services have none. */
function rolesOf(id: string): Role[] {
  const p = PROVIDERS.find((x) => x.id === id);
  if (!p) return [];
  return [...(p.kinds.some((k) => EDGE_KINDS.has(k)) ? (['cdn'] as const) : []), ...(p.ns.length > 0 ? (['dns'] as const) : [])];
}

describe('canary coverage', () => {
  for (const p of PROVIDERS) {
    for (const role of rolesOf(p.id)) {
      const sets = BUILTIN_CANARIES.filter((c) => c.provider === p.id && c.role === role);
      const none = NO_CANARIES[p.id]?.[role];
      it(`${p.id} in the ${role} role has canaries or says why not, never both`, () => {
        assert.notEqual(sets.length > 0, none !== undefined, sets.length > 0 ? `${p.id} ${role}: canaries and a NO_CANARIES reason` : `${p.id} ${role}: neither canaries nor a reason`);
        if (none !== undefined) assert.ok(none.length >= 20, `${p.id} ${role}: a reason, not a placeholder`);
      });
      if (sets.length > 0) {
        it(`${p.id} in the ${role} role has at least three canaries, or says why fewer`, () => {
          const hosts = sets.flatMap((c) => c.hosts);
          if (hosts.length < 3) assert.ok(sets.some((c) => c.fewer && c.fewer.length >= 20), `${p.id} ${role}: ${hosts.length} canaries and no reason`);
          else assert.ok(sets.every((c) => c.fewer === undefined), `${p.id} ${role}: a reason for fewer than three next to ${hosts.length}`);
          assert.deepEqual(canariesFor(p.id, role, { builtin: true, extra: [] }), [...new Set(hosts)]);
        });
      }
    }
  }

  it('lists canaries and reasons only for known providers in roles they have', () => {
    for (const c of BUILTIN_CANARIES) assert.ok(rolesOf(c.provider).includes(c.role), `${c.provider} ${c.role}`);
    for (const [id, reasons] of Object.entries(NO_CANARIES)) {
      for (const role of Object.keys(reasons)) assert.ok(rolesOf(id).includes(role as Role), `${id} ${role}`);
    }
  });

  it('asks no canaries of a steering-only service (it is never named as a CDN or DNS host)', () => {
    assert.deepEqual(rolesOf('azure-traffic-manager'), []);
    assert.equal(NO_CANARIES['azure-traffic-manager'], undefined);
    assert.deepEqual(BUILTIN_CANARIES.filter((c) => c.provider === 'azure-traffic-manager'), []);
  });

  it('holds each host once per provider and role, lower case', () => {
    for (const c of BUILTIN_CANARIES) {
      assert.equal(new Set(c.hosts).size, c.hosts.length, `${c.provider} ${c.role}`);
      for (const host of c.hosts) assert.equal(host, host.toLowerCase(), host);
    }
  });
});
