import type { ComponentChildren } from 'preact';

/**
 * A table as the page shows data: column headers, and each row headed by its first cell (a
 * round, a stage, an intent, a slot), so that a screen reader names the row it reads.
 */
export function Table(props: {
  caption?: string;
  columns?: string[];
  rows: ComponentChildren[][];
  /** Row classes by index (the best interpretation). */
  rowClass?: (index: number) => string | undefined;
}) {
  return (
    <table>
      {props.caption ? <caption>{props.caption}</caption> : null}
      {props.columns ? (
        <thead>
          <tr>
            {props.columns.map((c) => (
              <th scope="col">{c}</th>
            ))}
          </tr>
        </thead>
      ) : null}
      <tbody>
        {props.rows.map(([head, ...cells], i) => (
          <tr class={props.rowClass?.(i)}>
            <th scope="row">{head}</th>
            {cells.map((c) => (
              <td>{c}</td>
            ))}
          </tr>
        ))}
      </tbody>
    </table>
  );
}
