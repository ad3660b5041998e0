// Decides once whether output is coloured, and hands renderers a palette, so rendering never reads global state.
import { Chalk, type ChalkInstance } from 'chalk';
import type { Status } from '../types.ts';

export interface ColorInputs {
  /** --no-color was given. */
  noColor: boolean;
  /** --color was given (the last of --color and --no-color on the command line wins; see cli.ts). */
  color?: boolean;
  env: Record<string, string | undefined>;
  /** Whether the stream the report goes to (stdout) is a terminal. */
  isTTY: boolean;
}

/**
 * Whether to colour the report. In order, the first that speaks decides: the flags (`--no-color` off, `--color`
 * on); `NO_COLOR` set to anything non-empty, off (no-color.org: a user's standing wish outranks a tool's default);
 * `FORCE_COLOR`, on even when piped unless it is "0" or "false" (off); `CLICOLOR_FORCE` other than "0", on
 * (bixense.com/clicolors); `TERM=dumb`, off; otherwise colour follows `isTTY`.
 */
export function decideColor({ noColor, color, env, isTTY }: ColorInputs): boolean {
  if (noColor) return false;
  if (color) return true;
  if (env.NO_COLOR !== undefined && env.NO_COLOR !== '') return false;
  const force = env.FORCE_COLOR;
  if (force !== undefined) return force !== '0' && force !== 'false';
  if (env.CLICOLOR_FORCE !== undefined && env.CLICOLOR_FORCE !== '0') return true;
  if (env.TERM === 'dumb') return false;
  return isTTY;
}

type Style = (text: string) => string;

/** The styles renderers use. With colour off every style returns its input unchanged. */
export interface Palette {
  readonly color: boolean;
  /** The colour of a verdict status. */
  status(status: Status, text: string): string;
  /** Working / answered. */
  good: Style;
  /** Failed. */
  bad: Style;
  /** Partly failed or slow. */
  warn: Style;
  /** Secondary detail: units, dashes, sources. */
  muted: Style;
  /** Section titles and the target's host. */
  strong: Style;
  /** Column heads. */
  head: Style;
}

/** One colour per status, consistent everywhere a status is shown. */
const STATUS_STYLE: Record<Status, (c: ChalkInstance) => ChalkInstance> = {
  up: (c) => c.green,
  degraded: (c) => c.yellow,
  'site-outage': (c) => c.red,
  'provider-outage': (c) => c.red,
  'local-network': (c) => c.magenta,
  inconclusive: (c) => c.cyan,
  fingerprinted: (c) => c.blue,
};

/**
 * A palette with an explicit chalk level (16 colours, or none), so output is the same whatever chalk's global
 * detection thinks of the current process.
 */
export function makePalette(color: boolean): Palette {
  const c = new Chalk({ level: color ? 1 : 0 });
  return {
    color,
    status: (status, text) => STATUS_STYLE[status](c).bold(text),
    good: (text) => c.green(text),
    bad: (text) => c.red(text),
    warn: (text) => c.yellow(text),
    muted: (text) => c.dim(text),
    strong: (text) => c.bold(text),
    head: (text) => c.dim(text),
  };
}
