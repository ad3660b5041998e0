// How wide the terminal a report goes to is: kept apart from table.ts so that asking does not load the table
// library (cli-table3), which only the text report needs.

/**
 * The width to fit a report to on `stream`: its columns when it is a terminal that reports some, else undefined
 * (no fitting). A terminal of 0 columns (`script` without a size, some CI ptys) is no width at all, not a
 * width of 0 that nothing fits in.
 */
export function screenWidth(stream: { isTTY?: boolean; columns?: unknown }): number | undefined {
  return stream.isTTY && typeof stream.columns === 'number' && stream.columns > 0 ? stream.columns : undefined;
}
