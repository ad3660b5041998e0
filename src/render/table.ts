// Borderless, aligned tables (cli-table3) for the text report; sanitises every cell and fits a width when given one.
import Table from 'cli-table3';
import type { Palette } from './palette.ts';
import { sanitize } from './sanitize.ts';

type Style = (text: string) => string;

export interface Column {
  head: string;
  align?: 'left' | 'right';
  /**
   * The column that gives up width when the table is wider than the screen: its lines wrap inside the cell (at a
   * dot, space, hyphen, slash or comma where one is near), never cut, because the failing hop's name or an edge's
   * error may be exactly what the verdict rests on.
   */
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
/** A flexible column never narrows below this many columns. */
const MIN_FLEX = 12;
/** …unless the table cannot fit otherwise: then down to this. */
const TIGHT_FLEX = 6;

const BORDERLESS = {
  top: '', 'top-mid': '', 'top-left': '', 'top-right': '',
  bottom: '', 'bottom-mid': '', 'bottom-left': '', 'bottom-right': '',
  left: '', 'left-mid': '', mid: '', 'mid-mid': '', right: '', 'right-mid': '',
  middle: ' '.repeat(GAP),
};

/** Characters after which a wrapped cell may break: label boundaries in names, words in messages, URL parts. */
const BREAK_AFTER = new Set(['.', ' ', '-', '/', ',', ':', '·']);

/**
 * One line wrapped into pieces of at most `limit` code points. Each piece ends after its last break character when
 * it has one (so "e7071.a." / "akamaiedge.net": labels stay whole), else exactly at the limit. Nothing is lost.
 */
export function wrapLine(line: string, limit: number): string[] {
  const points = Array.from(line);
  const pieces: string[] = [];
  let start = 0;
  while (points.length - start > limit) {
    let end = start + limit;
    for (let i = start + limit - 1; i > start; i--) {
      if (BREAK_AFTER.has(points[i] ?? '')) {
        end = i + 1;
        break;
      }
    }
    pieces.push(points.slice(start, end).join('').trimEnd());
    start = end;
    while (points[start] === ' ') start++;
  }
  pieces.push(points.slice(start).join(''));
  return pieces;
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
 * (levelled down together), never below MIN_FLEX; only if that is not enough, down to TIGHT_FLEX (a verbose table
 * at 80 columns, anything at 50). Others keep their natural width. Undefined when it already fits.
 */
function fitWidths(columns: Column[], rows: string[][], width: number, indent: number): { widths: number[]; fits: boolean } | undefined {
  const widths = columns.map((col, i) => Math.max(widthOf(col.head), ...rows.map((row) => widthOf(row[i] ?? ''))));
  let overflow = indent + widths.reduce((sum, w) => sum + w, 0) + GAP * (columns.length - 1) - width;
  if (overflow <= 0) return undefined;
  const flexible = columns.flatMap((col, i) => (col.flex ? [i] : []));
  for (const level of [MIN_FLEX, TIGHT_FLEX]) {
    // A head is never wrapped, so a column cannot get narrower than its head ("network" keeps 7 columns).
    const floorOf = (i: number): number => Math.max(level, widthOf(columns[i]?.head ?? ''));
    while (overflow > 0) {
      const shrinkable = flexible.filter((i) => (widths[i] ?? 0) > floorOf(i)).sort((a, b) => (widths[b] ?? 0) - (widths[a] ?? 0));
      const widest = shrinkable[0];
      if (widest === undefined) break;
      const floor = floorOf(widest);
      const next = Math.max(floor, ...shrinkable.slice(1).map((i) => widths[i] ?? 0));
      const current = widths[widest] ?? 0;
      const cut = Math.min(overflow, Math.max(1, current - next));
      widths[widest] = current - cut;
      overflow -= cut;
    }
  }
  return { widths, fits: overflow <= 0 };
}

/**
 * A table too wide for the screen even with its flexible columns narrowed (50 columns): each row becomes a block,
 * its first cell on a line of its own and the others as "head value" pairs after it, packed at words under a
 * hanging indent. Every value is kept whole where it fits a line, and broken (never cut) where it does not.
 */
function stackedRows(columns: Column[], clean: string[][], rows: Cell[][], palette: Palette, width: number, indent: number): string {
  const room = Math.max(1, width - indent - 2);
  const styled = (r: number, i: number, text: string): string => {
    const cell = rows[r]?.[i];
    return typeof cell === 'object' && cell.style && text !== '' ? cell.style(text) : text;
  };
  const blocks = clean.map((texts, r) => {
    const [first = '', ...others] = texts;
    const lines = wrapLine(first.replace(/\n/g, ' '), width - indent).map((piece) => `${' '.repeat(indent)}${styled(r, 0, piece)}`);
    // Each pair is a unit: packed greedily, "·"-separated, a unit wider than a line broken across lines.
    let line = '';
    let visible = 0;
    const flush = (): void => {
      if (line !== '') lines.push(`${' '.repeat(indent + 2)}${line}`);
      line = '';
      visible = 0;
    };
    others.forEach((text, k) => {
      const i = k + 1;
      const value = text.replace(/\n/g, ' ');
      if (value === '' || value === '-') return;
      const head = columns[i]?.head ?? '';
      const plain = head === '' ? value : `${head} ${value}`;
      const size = Array.from(plain).length;
      if (visible > 0 && visible + 3 + size <= room) {
        line += ` ${palette.muted('·')} ${head === '' ? '' : `${palette.head(head)} `}${styled(r, i, value)}`;
        visible += 3 + size;
        return;
      }
      flush();
      const pieces = wrapLine(plain, room);
      pieces.slice(0, -1).forEach((piece) => lines.push(`${' '.repeat(indent + 2)}${piece}`));
      const last = pieces.at(-1) ?? '';
      line = pieces.length === 1 && head !== '' ? `${palette.head(head)} ${styled(r, i, value)}` : last;
      visible = Array.from(last).length;
    });
    flush();
    return lines.join('\n');
  });
  return blocks.join('\n').replace(/ +$/gm, '');
}

/**
 * Renders rows under their column heads with no borders and no trailing spaces. Every cell line is sanitised here
 * as a last line of defence (callers sanitise network text where they build it, too). With `width`, the `flex`
 * columns' lines wrap inside their cells so the table fits where it can; other columns keep their width. When
 * even that cannot fit, the rows are stacked (see stackedRows).
 */
export function renderTable(columns: Column[], rows: Cell[][], options: TableOptions): string {
  const { palette, width, indent = 4 } = options;
  const clean = rows.map((row) => columns.map((_, i) => cellText(row[i] ?? '').split('\n').map((line) => sanitize(line)).join('\n')));
  const fit = width === undefined ? undefined : fitWidths(columns, clean, width, indent);
  if (width !== undefined && fit && !fit.fits) return stackedRows(columns, clean, rows, palette, width, indent);
  const limits = fit?.widths;
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
        const fitted = limit === undefined ? text : text.split('\n').flatMap((line) => wrapLine(line, limit)).join('\n');
        const cell = rows[r]?.[i];
        const style = typeof cell === 'object' ? cell.style : undefined;
        return style && fitted !== '' ? fitted.split('\n').map(style).join('\n') : fitted;
      }),
    );
  });
  return table.toString().replace(/ +$/gm, '');
}
