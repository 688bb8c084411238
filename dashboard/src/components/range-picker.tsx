import { useState } from 'preact/hooks';
import type { Range } from '../range';
import { dayAfter, lastDay, lastDays } from '../range';

const PRESETS = [7, 28, 90] as const;

/** The date range: presets (last 7/28/90 days) or two dates, applied with a button. */
export function RangePicker(props: { range: Range; onChange: (range: Range) => void }) {
  const [from, setFrom] = useState(props.range.from);
  const [to, setTo] = useState(lastDay(props.range));
  const apply = (e: Event) => {
    e.preventDefault();
    if (from && to && from <= to) props.onChange({ from, to: dayAfter(to), tz: props.range.tz });
  };
  const preset = (days: number) => {
    const r = lastDays(days, props.range.tz);
    setFrom(r.from);
    setTo(lastDay(r));
    props.onChange(r);
  };
  return (
    <form class="range" onSubmit={apply} aria-label="Date range">
      <div class="presets" role="group" aria-label="Quick ranges">
        {PRESETS.map((d) => (
          <button type="button" key={d} onClick={() => preset(d)}>
            {d} days
          </button>
        ))}
      </div>
      <label>
        From{' '}
        <input type="date" value={from} max={to} onInput={(e) => setFrom(e.currentTarget.value)} required />
      </label>
      <label>
        To <input type="date" value={to} min={from} onInput={(e) => setTo(e.currentTarget.value)} required />
      </label>
      <button type="submit">Apply</button>
      <span class="muted tz">{props.range.tz}</span>
    </form>
  );
}
