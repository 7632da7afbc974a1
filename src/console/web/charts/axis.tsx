import { axisBottom, axisLeft, type AxisDomain, type AxisScale } from 'd3-axis';
import { select } from 'd3-selection';
import { useLayoutEffect, useRef } from 'preact/hooks';

/** An axis drawn by d3-axis into a group that Preact leaves alone. */
export function Axis<D extends AxisDomain>(props: {
  orient: 'bottom' | 'left';
  scale: AxisScale<D>;
  transform: string;
  tickValues?: D[];
  tickFormat?: (value: D) => string;
}) {
  const ref = useRef<SVGGElement>(null);
  useLayoutEffect(() => {
    const axis = (props.orient === 'bottom' ? axisBottom : axisLeft)(props.scale);
    if (props.tickValues) axis.tickValues(props.tickValues);
    if (props.tickFormat) axis.tickFormat((value) => props.tickFormat!(value));
    select(ref.current!).call(axis);
    if (props.orient === 'bottom') keepInside(ref.current!);
  });
  return <g class="axis" ref={ref} transform={props.transform} aria-hidden="true" />;
}

/**
 * A tick label centred on a tick near either end of the drawing would be cut by its edge (the
 * time axis on a phone): it is moved in just enough.
 */
function keepInside(group: SVGGElement): void {
  const svg = group.ownerSVGElement;
  if (!svg) return;
  const bounds = svg.getBoundingClientRect();
  for (const text of group.querySelectorAll('text')) {
    text.removeAttribute('dx');
    const box = text.getBoundingClientRect();
    const shift =
      box.right > bounds.right ? bounds.right - box.right : Math.max(0, bounds.left - box.left);
    if (shift !== 0) text.setAttribute('dx', String(shift));
  }
}
