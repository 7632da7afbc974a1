/**
 * JSON as nested disclosure widgets (details/summary): keyboard-usable as they come, the first
 * `openDepth` levels open.
 */
export function JsonTree(props: { value: unknown; label: string; openDepth?: number }) {
  return (
    <div class="json-tree">
      <JsonNode name={props.label} value={props.value} depth={0} openDepth={props.openDepth ?? 1} />
    </div>
  );
}

function JsonNode(props: { name: string; value: unknown; depth: number; openDepth: number }) {
  const { name, value, depth, openDepth } = props;
  if (value !== null && typeof value === 'object') {
    const entries = Object.entries(value as Record<string, unknown>);
    const isArray = Array.isArray(value);
    const size = isArray ? `[${entries.length}]` : `{${entries.length}}`;
    return (
      <details open={depth < openDepth}>
        <summary>
          <span class="json-key">{name}</span> <span class="json-size">{size}</span>
        </summary>
        {entries.length === 0 ? null : (
          <ul>
            {entries.map(([key, child]) => (
              <li key={key}>
                <JsonNode name={key} value={child} depth={depth + 1} openDepth={openDepth} />
              </li>
            ))}
          </ul>
        )}
      </details>
    );
  }
  return (
    <span class="json-leaf">
      <span class="json-key">{name}</span>:{' '}
      <span class={`json-${value === null ? 'null' : typeof value}`}>{JSON.stringify(value)}</span>
    </span>
  );
}
