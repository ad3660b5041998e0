// Makes text that came from the network safe to print on a terminal: no escape sequences, no control or bidi characters.

/**
 * Escape sequences as a terminal would parse them, in 7-bit (ESC x) and 8-bit (C1) forms:
 * CSI (colours, cursor moves), OSC (titles, OSC 8 hyperlinks; ended by BEL or ST, or by the end of the text),
 * DCS / SOS / PM / APC strings (ended by ST), and the short two-character ESC sequences (ESC c, ESC 7, ESC ( B ...).
 */
const ESCAPE_SEQUENCE = new RegExp(
  [
    '(?:\\u001b\\[|\\u009b)[\\u0030-\\u003f]*[\\u0020-\\u002f]*[\\u0040-\\u007e]',
    '(?:\\u001b\\]|\\u009d)[^\\u0007\\u001b\\u009c]*(?:\\u0007|\\u001b\\\\|\\u009c)?',
    '(?:\\u001b[PX^_]|[\\u0090\\u0098\\u009e\\u009f])[^\\u001b\\u009c]*(?:\\u001b\\\\|\\u009c)?',
    '\\u001b[\\u0020-\\u002f]*[\\u0030-\\u007e]?',
  ].join('|'),
  'g',
);

/** Whitespace controls that would move the cursor (CR overwrites a line, LF and VT/FF start new ones). */
const LINE_BREAKS = /\r\n|[\r\n\v\f\u0085\u2028\u2029]/g;

/** C0 controls, DEL, C1 controls. */
// eslint-disable-next-line no-control-regex -- finding control characters is this module's job
const CONTROL = /[\u0000-\u001f\u007f-\u009f]/g;

/**
 * Characters that reorder or hide text: bidi embeddings/overrides/isolates (U+202A–U+202E, U+2066–U+2069),
 * marks (U+200E/U+200F, U+061C), zero-width characters (U+200B–U+200D, U+2060–U+2064, U+FEFF).
 */
const INVISIBLE = /[\u061c\u200b-\u200f\u202a-\u202e\u2060-\u2064\u2066-\u2069\ufeff]/g;

function strip(text: string): string {
  return text.replace(ESCAPE_SEQUENCE, '').replace(/\t/g, ' ').replace(CONTROL, '').replace(INVISIBLE, '');
}

/** Cuts to at most `maxLength` code points (never splitting a surrogate pair), the last one an ellipsis. */
function truncate(text: string, maxLength: number): string {
  if (text.length <= maxLength) return text;
  const points = Array.from(text);
  if (points.length <= maxLength) return text;
  return maxLength < 1 ? '' : `${points.slice(0, maxLength - 1).join('')}…`;
}

/**
 * One line of network text made printable: escape sequences (CSI, OSC incl. OSC 8 hyperlinks, DCS ...) are removed
 * whole; tab, CR, LF, VT, FF and Unicode line separators become a space, so `ok\rEVIL` shows both parts instead of one
 * overwriting the other; other C0/C1 controls, DEL, bidi overrides/isolates and zero-width characters are dropped.
 * The result is cut to `maxLength` code points with a trailing "…". Idempotent for the same `maxLength`.
 */
export function sanitize(text: string, maxLength = 512): string {
  return truncate(strip(text.replace(LINE_BREAKS, ' ')), maxLength);
}

/**
 * Like `sanitize` but keeps line structure, for bodies shown in verbose mode: CRLF, lone CR and the other line
 * breaks become "\n" (a lone CR would otherwise let a later line overwrite an earlier one).
 */
export function sanitizeMultiline(text: string, maxLength = 4096): string {
  const lines = text.replace(LINE_BREAKS, '\n').split('\n').map(strip);
  return truncate(lines.join('\n'), maxLength);
}
