// When a run builds a trust store of its own instead of using Node's default one (which already holds the
// bundled roots and the NODE_EXTRA_CA_CERTS the process started with).
import assert from 'node:assert/strict';
import { test } from 'node:test';
import { needsOwnTrust } from '../../../src/run/run.ts';

const started = process.env.NODE_EXTRA_CA_CERTS;

test('--ca-file always needs a store of its own (passing ca replaces the defaults)', () => {
  assert.equal(needsOwnTrust('/tmp/ca.pem', {}), true);
  assert.equal(needsOwnTrust('/tmp/ca.pem', { NODE_EXTRA_CA_CERTS: started }), true);
});

test("Node's own store serves a run with no --ca-file and the environment the process started with", () => {
  assert.equal(needsOwnTrust(null, {}), false);
  assert.equal(needsOwnTrust(null, { NODE_EXTRA_CA_CERTS: '' }), false);
  assert.equal(needsOwnTrust(null, { NODE_EXTRA_CA_CERTS: started }), false);
});

test('an environment naming other extra certificates than the process started with needs a store of its own', () => {
  assert.equal(needsOwnTrust(null, { NODE_EXTRA_CA_CERTS: `${started ?? ''}/not-what-node-read.pem` }), true);
});
