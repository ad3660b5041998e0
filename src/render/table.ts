// Borderless, aligned tables (cli-table3) for the text report; sanitises every cell and fits a width when given one.
import Table from 'cli-table3';
import type { Palette } from './palette.ts';
import { sanitize } from './sanitize.ts';

type Style = (text: string) => string;

export interface Column {
  head: string;
  align?: 'left' | 'right';
  /** The column that gives up width (its cells are cut with "…") when the table is wider than the screen. */
  flex?: boolean;
  /** Which end a flexible cell loses: DNS names keep their right end, where the zone (and the provider) is. */
  cut?: 'end' | 'start';
}

/** A cell: plain text, or text with a palette style applied after fitting. Lines split on "\n". */
export type Cell = string | { text: string; style?: Style };

export interface TableOptions {
  palette: Palette;
  /** Screen width in columns; no fitting when undefined. */
  width?: number;
  /** Spaces before each row. */
  indent?: number;
}

const GAP = 2;
/** A flexible column is never cut below this many columns. */
const MIN_FLEX = 12;

const BORDERLESS = {
  top: '', 'top-mid': '', 'top-left': '', 'top-right': '',
  bottom: '', 'bottom-mid': '', 'bottom-left': '', 'bottom-right': '',
  left: '', 'left-mid': '', mid: '', 'mid-mid': '', right: '', 'right-mid': '',
  middle: ' '.repeat(GAP),
};

/** One line cut to `limit` code points, "…" marking the cut at the chosen end. */
function fitLine(line: string, limit: number, cut: 'end' | 'start'): string {
  const points = Array.from(line);
  if (points.length <= limit) return line;
  return cut === 'start' ? `…${points.slice(points.length - limit + 1).join('')}` : `${points.slice(0, limit - 1).join('')}…`;
}

function cellText(cell: Cell): string {
  return typeof cell === 'string' ? cell : cell.text;
}

/** Visible width, counted in code points (sanitised text has no escapes left to skip). */
function widthOf(text: string): number {
  return Math.max(0, ...text.split('\n').map((line) => Array.from(line).length));
}

/**
 * Per column, how wide its lines may be so the table fits `width`: flexible columns give up width, widest first
 * (levelled down together), never below MIN_FLEX; others keep their natural width. Undefined when it already fits.
 */
function fitWidths(columns: Column[], rows: string[][], width: number, indent: number): number[] | undefined {
  const widths = columns.map((col, i) => Math.max(widthOf(col.head), ...rows.map((row) => widthOf(row[i] ?? ''))));
  let overflow = indent + widths.reduce((sum, w) => sum + w, 0) + GAP * (columns.length - 1) - width;
  if (overflow <= 0) return undefined;
  const flexible = columns.flatMap((col, i) => (col.flex ? [i] : []));
  while (overflow > 0) {
    const shrinkable = flexible.filter((i) => (widths[i] ?? 0) > MIN_FLEX).sort((a, b) => (widths[b] ?? 0) - (widths[a] ?? 0));
    const widest = shrinkable[0];
    if (widest === undefined) break;
    const next = Math.max(MIN_FLEX, ...shrinkable.slice(1).map((i) => widths[i] ?? 0));
    const current = widths[widest] ?? 0;
    const cut = Math.min(overflow, Math.max(1, current - next));
    widths[widest] = current - cut;
    overflow -= cut;
  }
  return widths;
}

/**
 * Renders rows under their column heads with no borders and no trailing spaces. Every cell line is sanitised here
 * as a last line of defence (callers sanitise network text where they build it, too). With `width`, the `flex`
 * columns' lines are cut with "…" so the table fits where it can; other columns keep their width.
 */
export function renderTable(columns: Column[], rows: Cell[][], options: TableOptions): string {
  const { palette, width, indent = 4 } = options;
  const clean = rows.map((row) => columns.map((_, i) => cellText(row[i] ?? '').split('\n').map((line) => sanitize(line)).join('\n')));
  const limits = width === undefined ? undefined : fitWidths(columns, clean, width, indent);
  const table = new Table({
    // A key/value table has no heads at all rather than a blank first row.
    head: columns.some((col) => col.head !== '') ? columns.map((col) => palette.head(col.head)) : [],
    colAligns: columns.map((col) => col.align ?? 'left'),
    chars: { ...BORDERLESS, left: ' '.repeat(indent) },
    style: { head: [], border: [], 'padding-left': 0, 'padding-right': 0 },
  });
  clean.forEach((texts, r) => {
    table.push(
      texts.map((text, i) => {
        const limit = columns[i]?.flex ? limits?.[i] : undefined;
        const fitted = limit === undefined ? text : text.split('\n').map((line) => fitLine(line, limit, columns[i]?.cut ?? 'end')).join('\n');
        const cell = rows[r]?.[i];
        const style = typeof cell === 'object' ? cell.style : undefined;
        return style && fitted !== '' ? fitted.split('\n').map(style).join('\n') : fitted;
      }),
    );
  });
  return table.toString().replace(/ +$/gm, '');
}
