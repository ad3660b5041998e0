// What must never reach a terminal from a renderer, shared by the render tests.

/** C0 (any, LF included: callers drop line breaks first when they allow them), DEL, C1, bidi and zero-width controls. */
// eslint-disable-next-line no-control-regex -- control characters are what this pattern finds
export const UNSAFE = /[\u0000-\u001f\u007f-\u009f\u061c\u200b-\u200f\u2028-\u202e\u2060-\u2064\u2066-\u2069\ufeff]/;

/** Removes the SGR colour sequences a palette adds, and line breaks, so what is left can be checked against UNSAFE. */
export function withoutPaletteAndLines(text: string): string {
  // eslint-disable-next-line no-control-regex -- SGR sequences are exactly what is being removed
  return text.replace(/\u001b\[[0-9;]*m/g, '').replace(/\n/g, '');
}
