// HTTP/2's error codes and node:http2's error spellings, as stable cdn-check codes: never the library's own names.
import assert from 'node:assert/strict';
import { constants } from 'node:http2';
import { describe, it } from 'node:test';
import { h2ErrorCode, stableCode } from '../../../src/probe/errors.ts';

describe('h2ErrorCode', () => {
  const table: [code: number, stable: string][] = [
    [constants.NGHTTP2_NO_ERROR, 'ECONNRESET'],
    [constants.NGHTTP2_PROTOCOL_ERROR, 'HTTP_PARSE_ERROR'],
    [constants.NGHTTP2_INTERNAL_ERROR, 'HTTP_FAILED'],
    [constants.NGHTTP2_FLOW_CONTROL_ERROR, 'HTTP_PARSE_ERROR'],
    [constants.NGHTTP2_SETTINGS_TIMEOUT, 'HTTP_FAILED'],
    [constants.NGHTTP2_STREAM_CLOSED, 'HTTP_PARSE_ERROR'],
    [constants.NGHTTP2_FRAME_SIZE_ERROR, 'HTTP_PARSE_ERROR'],
    [constants.NGHTTP2_REFUSED_STREAM, 'ECONNRESET'],
    [constants.NGHTTP2_CANCEL, 'ECONNRESET'],
    [constants.NGHTTP2_COMPRESSION_ERROR, 'HTTP_PARSE_ERROR'],
    [constants.NGHTTP2_CONNECT_ERROR, 'HTTP_FAILED'],
    [constants.NGHTTP2_ENHANCE_YOUR_CALM, 'HTTP_FAILED'],
    [constants.NGHTTP2_INADEQUATE_SECURITY, 'HTTP_FAILED'],
    [constants.NGHTTP2_HTTP_1_1_REQUIRED, 'HTTP_FAILED'],
    [0xff, 'HTTP_FAILED'],
  ];
  for (const [code, stable] of table) {
    it(`maps HTTP/2 error code ${code} to ${stable}`, () => assert.equal(h2ErrorCode(code), stable));
  }
});

describe('stableCode for node:http2 errors', () => {
  const err = (code: string): Error => Object.assign(new Error('detail'), { code });
  const table: [library: string, stable: string][] = [
    ['ERR_HTTP2_ERROR', 'HTTP_PARSE_ERROR'],
    ['ERR_HTTP2_TOO_MANY_INVALID_FRAMES', 'HTTP_PARSE_ERROR'],
    ['ERR_HTTP2_GOAWAY_SESSION', 'ECONNRESET'],
    ['ERR_HTTP2_STREAM_CANCEL', 'ECONNRESET'],
    ['ERR_HTTP2_INVALID_SESSION', 'ECONNRESET'],
    ['ERR_HTTP2_INVALID_STREAM', 'ECONNRESET'],
    ['ERR_HTTP2_SOMETHING_NEW', 'HTTP_FAILED'],
  ];
  for (const [library, stable] of table) {
    it(`maps ${library} in the http step to ${stable}`, () => assert.equal(stableCode('http', err(library)), stable));
  }
});
