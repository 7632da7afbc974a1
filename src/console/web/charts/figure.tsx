import type { ComponentChildren } from 'preact';
import { useLayoutEffect, useRef, useState } from 'preact/hooks';

/**
 * A chart as the page shows every chart: a figure with a caption, the drawing as one image for
 * assistive technology (role="img" with a sentence for a name) and the numbers behind it in a
 * table that anyone can open.
 */
export function ChartFigure(props: {
  caption: string;
  label: string;
  table: ComponentChildren;
  legend?: ComponentChildren;
  children: (width: number) => ComponentChildren;
  height: number;
}) {
  const [ref, width] = useWidth();
  return (
    <figure class="chart">
      <figcaption>{props.caption}</figcaption>
      <div class="chart-canvas" ref={ref}>
        <svg
          role="img"
          aria-label={props.label}
          width={width}
          height={props.height}
          viewBox={`0 0 ${width} ${props.height}`}
        >
          {props.children(width)}
        </svg>
      </div>
      {props.legend ? <div class="legend">{props.legend}</div> : null}
      <details class="chart-data">
        <summary>Data table</summary>
        <div class="table-scroll" tabIndex={0}>
          {props.table}
        </div>
      </details>
    </figure>
  );
}

/** The width of an element, followed as the layout changes (phone, laptop, resized window). */
function useWidth(fallback = 560) {
  const ref = useRef<HTMLDivElement>(null);
  const [width, setWidth] = useState(fallback);
  useLayoutEffect(() => {
    const element = ref.current;
    if (!element) return;
    const measure = () => {
      const w = Math.max(240, Math.floor(element.clientWidth));
      setWidth((old) => (old === w ? old : w));
    };
    measure();
    // Measured on the next frame: resizing inside the observer's callback would loop.
    let frame = 0;
    const observer = new ResizeObserver(() => {
      cancelAnimationFrame(frame);
      frame = requestAnimationFrame(measure);
    });
    observer.observe(element);
    return () => {
      cancelAnimationFrame(frame);
      observer.disconnect();
    };
  }, []);
  return [ref, width] as const;
}

export function Swatch(props: { kind: string; children: ComponentChildren }) {
  return (
    <span class="legend-item">
      <span class={`swatch ${props.kind}`} aria-hidden="true" />
      {props.children}
    </span>
  );
}
