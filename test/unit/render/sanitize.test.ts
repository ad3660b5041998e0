// Network text is made safe for a terminal: escape sequences, controls and bidi tricks never survive.
import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { sanitize, sanitizeMultiline } from '../../../src/render/sanitize.ts';
import { UNSAFE } from './unsafe.ts';

describe('sanitize', () => {
  const cases: [string, string, string][] = [
    ['plain text unchanged', 'e1234.a.akamaiedge.net', 'e1234.a.akamaiedge.net'],
    ['unicode letters unchanged', 'উদাহরণ.বাংলা — ok', 'উদাহরণ.বাংলা — ok'],
    ['CSI colour and clear-screen removed whole', '\u001b[2J\u001b[31mred\u001b[0m', 'red'],
    ['CSI with private parameters removed', 'a\u001b[?25lb', 'ab'],
    ['OSC 8 hyperlink reduced to its visible text', '\u001b]8;;https://evil.example/\u001b\\click\u001b]8;;\u001b\\', 'click'],
    ['OSC title ended by BEL removed', 'x\u001b]0;pwned\u0007y', 'xy'],
    ['unterminated OSC removed to the end', 'x\u001b]0;pwned', 'x'],
    ['DCS string removed', 'a\u001bPq#0;2;0;0;0\u001b\\b', 'ab'],
    ['8-bit CSI removed', '\u009b31mC1', 'C1'],
    ['two-character ESC sequences removed', 'a\u001bcb\u001b7c\u001b(Bd', 'abcd'],
    ['a lone ESC at the end removed', 'abc\u001b', 'abc'],
    ['BEL removed', 'ding\u0007dong', 'dingdong'],
    ['CR becomes a space so an overwrite shows both parts', 'legit.example\rEVIL', 'legit.example EVIL'],
    ['CRLF and LF become one space each', 'a\r\nb\nc', 'a b c'],
    ['tab becomes a space', 'a\tb', 'a b'],
    ['NUL, DEL and backspace removed', 'a\u0000b\u007fc\u0008d', 'abcd'],
    ['bidi override and isolates removed', 'abc\u202edcba\u2066x\u2069', 'abcdcbax'],
    ['LRE/RLE/PDF and marks removed', '\u202aa\u202bb\u202cc\u200ed\u200f', 'abcd'],
    ['zero-width characters and BOM removed', 'pay\u200btm\u200d.com\ufeff', 'paytm.com'],
    ['Unicode line separators become spaces', 'a\u2028b\u2029c', 'a b c'],
  ];
  for (const [what, input, expected] of cases) {
    it(`${what}`, () => {
      const out = sanitize(input);
      assert.equal(out, expected);
      assert.doesNotMatch(out, UNSAFE);
    });
  }

  it('cuts overlong text to the limit with an ellipsis', () => {
    const out = sanitize('x'.repeat(5000));
    assert.equal(Array.from(out).length, 512);
    assert.ok(out.endsWith('x…'));
    assert.equal(sanitize('abcdef', 4), 'abc…');
  });

  it('leaves text at exactly the limit alone', () => {
    assert.equal(sanitize('abcd', 4), 'abcd');
  });

  it('counts the limit after removing escapes, and never splits a surrogate pair', () => {
    assert.equal(sanitize(`\u001b[31m${'a'.repeat(4)}\u001b[0m`, 4), 'aaaa');
    assert.equal(sanitize('😀😀😀', 2), '😀…');
  });

  it('is idempotent for the same limit', () => {
    const once = sanitize(`\u001b]8;;x\u001b\\${'y'.repeat(900)}\r`, 100);
    assert.equal(sanitize(once, 100), once);
  });
});

describe('sanitizeMultiline', () => {
  it('keeps line breaks as LF and turns CRLF and lone CR into LF', () => {
    assert.equal(sanitizeMultiline('one\r\ntwo\rthree\nfour'), 'one\ntwo\nthree\nfour');
  });

  it('still removes escapes, controls and bidi on every line', () => {
    const out = sanitizeMultiline('\u001b[31mred\u001b[0m\n\u001b]8;;u\u0007link\u001b]8;;\u0007\n\u202eabc\u0007');
    assert.equal(out, 'red\nlink\nabc');
    assert.doesNotMatch(out.replace(/\n/g, ''), UNSAFE);
  });

  it('cuts long bodies with an ellipsis', () => {
    assert.equal(sanitizeMultiline('ab\ncd\nef', 5), 'ab\nc…');
  });
});
