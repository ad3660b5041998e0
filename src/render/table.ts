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

function cellText(cell: Cell): string {
  return typeof cell === 'string' ? cell : cell.text;
}

/** Visible width, counted in code points (sanitised text has no escapes left to skip). */
function widthOf(text: string): number {
  return Math.max(0, ...text.split('\n').map((line) => Array.from(line).length));
}

/** How wide the flexible column may be so the table fits `width`, or undefined when it already fits. */
function flexLimit(columns: Column[], rows: string[][], width: number, indent: number): number | undefined {
  const natural = columns.map((col, i) => Math.max(widthOf(col.head), ...rows.map((row) => widthOf(row[i] ?? ''))));
  const total = indent + natural.reduce((sum, w) => sum + w, 0) + GAP * (columns.length - 1);
  const flex = columns.findIndex((col) => col.flex);
  if (total <= width || flex < 0) return undefined;
  return Math.max(MIN_FLEX, (natural[flex] ?? 0) - (total - width));
}

/**
 * Renders rows under their column heads with no borders and no trailing spaces. Every cell line is sanitised here
 * as a last line of defence (callers sanitise network text where they build it, too). With `width`, the `flex`
 * column's lines are cut so the table fits; other columns keep their width.
 */
export function renderTable(columns: Column[], rows: Cell[][], options: TableOptions): string {
  const { palette, width, indent = 4 } = options;
  const clean = rows.map((row) => columns.map((_, i) => cellText(row[i] ?? '').split('\n').map((line) => sanitize(line)).join('\n')));
  const limit = width === undefined ? undefined : flexLimit(columns, clean, width, indent);
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
        const fitted = limit !== undefined && columns[i]?.flex ? text.split('\n').map((line) => sanitize(line, limit)).join('\n') : text;
        const cell = rows[r]?.[i];
        const style = typeof cell === 'object' ? cell.style : undefined;
        return style && fitted !== '' ? fitted.split('\n').map(style).join('\n') : fitted;
      }),
    );
  });
  return table.toString().replace(/ +$/gm, '');
}
