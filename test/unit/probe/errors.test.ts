// The error-code table: library and system spellings in, stable cdn-check codes out.
import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { edgeLabel, errorFrom, stableCode, stepError, type Step } from '../../../src/probe/errors.ts';

const err = (fields: Record<string, unknown>): Error => Object.assign(new Error('detail'), fields);

const table: [step: Step, thrown: unknown, code: string][] = [
  ['tcp', err({ code: 'ECONNREFUSED' }), 'ECONNREFUSED'],
  ['tcp', err({ code: 'EHOSTUNREACH' }), 'EHOSTUNREACH'],
  ['tcp', err({ code: 'ETIMEDOUT' }), 'CONNECT_TIMEOUT'],
  ['tcp', err({ code: 'EWHATEVER' }), 'CONNECT_FAILED'],
  ['tcp', 'a thrown string', 'CONNECT_FAILED'],
  ['tls', err({ code: 'ECONNRESET' }), 'ECONNRESET'],
  ['tls', err({ code: 'ERR_SSL_WRONG_VERSION_NUMBER' }), 'TLS_HANDSHAKE_FAILED'],
  ['tls', err({ code: 'ERR_SSL_SSLV3_ALERT_HANDSHAKE_FAILURE' }), 'TLS_HANDSHAKE_FAILED'],
  ['tls', err({ code: 'ERR_TLS_CERT_ALTNAME_INVALID' }), 'ERR_TLS_CERT_ALTNAME_INVALID'],
  ['tls', err({}), 'TLS_HANDSHAKE_FAILED'],
  ['http', err({ code: 'UND_ERR_HEADERS_TIMEOUT' }), 'HTTP_TIMEOUT'],
  ['http', err({ code: 'UND_ERR_BODY_TIMEOUT' }), 'BODY_TIMEOUT'],
  ['http', err({ code: 'UND_ERR_HEADERS_OVERFLOW' }), 'HEADERS_OVERFLOW'],
  ['http', err({ code: 'HPE_INVALID_CONSTANT' }), 'HTTP_PARSE_ERROR'],
  ['http', err({ name: 'HTTPParserError', code: undefined }), 'HTTP_PARSE_ERROR'],
  ['http', err({ code: 'UND_ERR_SOCKET', cause: err({ code: 'ECONNRESET' }) }), 'ECONNRESET'],
  ['http', err({ code: 'UND_ERR_SOCKET' }), 'ECONNRESET'],
  ['http', err({ code: 'EPIPE' }), 'ECONNRESET'],
  ['http', err({ code: 'SOMETHING_NEW' }), 'HTTP_FAILED'],
  ['http', null, 'HTTP_FAILED'],
];

describe('stableCode', () => {
  for (const [step, thrown, code] of table) {
    const label = thrown instanceof Error ? JSON.stringify({ code: (thrown as { code?: unknown }).code, name: thrown.name }) : JSON.stringify(thrown);
    it(`maps ${label} in the ${step} step to ${code}`, () => {
      assert.equal(stableCode(step, thrown), code);
    });
  }
});

describe('error values', () => {
  // Issue 15 §10: the wording said "(nothing listening) (connect …)", two brackets in a row; now a colon, then the detail.
  it('name the step, the edge and the wording, with the library detail in brackets', () => {
    assert.deepEqual(errorFrom('tcp', err({ code: 'ECONNREFUSED', message: 'connect ECONNREFUSED' }), '127.0.0.1:443'), {
      code: 'ECONNREFUSED',
      message: 'tcp 127.0.0.1:443: connection refused: nothing listening (connect ECONNREFUSED)',
    });
  });

  it('fall back to the code itself when there is no wording for it', () => {
    assert.equal(stepError('tls', 'CERT_REVOKED', 'x:1').message, 'tls x:1: CERT_REVOKED');
  });

  it('bracket IPv6 edges but not IPv4 ones', () => {
    assert.equal(edgeLabel('::1', 443), '[::1]:443');
    assert.equal(edgeLabel('127.0.0.1', 443), '127.0.0.1:443');
  });
});
