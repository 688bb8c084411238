import type { ComponentChildren } from 'preact';
import type { Loaded } from '../use-api';

/** Renders `children(data)` once loaded; a polite loading line or an alert otherwise. */
export function Status<T>(props: {
  loaded: Loaded<T>;
  label: string;
  children: (data: T) => ComponentChildren;
}) {
  const { loaded } = props;
  if (loaded.state === 'loading') {
    return (
      <p class="muted" role="status" aria-live="polite">
        Loading {props.label}…
      </p>
    );
  }
  if (loaded.state === 'error') {
    return (
      <p class="alert" role="alert">
        Could not load {props.label}: {loaded.error.message}
      </p>
    );
  }
  return <>{props.children(loaded.data)}</>;
}
