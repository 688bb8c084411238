/** A small inline trend line (SVG); gaps where a value is null. Decorative: the number beside it says it. */
export function Sparkline(props: { values: readonly (number | null)[] }) {
  const present = props.values.filter((v): v is number => v !== null);
  if (present.length < 2) return <svg class="spark" aria-hidden="true" viewBox="0 0 100 28" />;
  const min = Math.min(...present);
  const max = Math.max(...present);
  const span = max - min || 1;
  const step = 100 / Math.max(1, props.values.length - 1);
  let d = '';
  let pen = false;
  props.values.forEach((v, i) => {
    if (v === null) {
      pen = false;
      return;
    }
    const x = (i * step).toFixed(1);
    const y = (26 - ((v - min) / span) * 24).toFixed(1);
    d += `${pen ? 'L' : 'M'}${x} ${y}`;
    pen = true;
  });
  return (
    <svg class="spark" aria-hidden="true" viewBox="0 0 100 28" preserveAspectRatio="none">
      <path d={d} fill="none" stroke="currentColor" stroke-width="1.5" vector-effect="non-scaling-stroke" />
    </svg>
  );
}
