/**
 * Tables as Helmfile prints them (`list`, `show-dag`, via gosuri/uitable with a
 * tab separator): every cell padded with spaces to its column's widest cell,
 * cells joined by a tab, trailing whitespace of each line trimmed. Matches the
 * snapshot `issue_493_template_yaml_anchors_merge` byte for byte.
 */
export function renderTable(rows: readonly (readonly string[])[]): string {
  const widths: number[] = [];
  for (const row of rows) row.forEach((cell, i) => (widths[i] = Math.max(widths[i] ?? 0, cell.length)));
  return rows.map((row) => row.map((cell, i) => cell.padEnd(widths[i]!)).join('\t').trimEnd()).join('\n') + '\n';
}
