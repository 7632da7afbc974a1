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
  });
  return <g class="axis" ref={ref} transform={props.transform} aria-hidden="true" />;
}
