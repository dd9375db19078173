import type { ReactNode } from 'react';

/** A calm panel for "nothing here yet" and "something went wrong", always saying what to do next. */
export function StatePanel({
  tone = 'info',
  title,
  children,
  action,
}: {
  tone?: 'info' | 'warning' | 'error';
  title: string;
  children?: ReactNode;
  action?: ReactNode;
}) {
  return (
    <section className={`aun-state aun-state-${tone}`} role={tone === 'error' ? 'alert' : 'status'}>
      <h2 className="aun-state-title">{title}</h2>
      {children ? <div className="aun-state-body">{children}</div> : null}
      {action ? <div className="aun-state-action">{action}</div> : null}
    </section>
  );
}

export function Spinner({ label }: { label: string }) {
  return (
    <div className="aun-loading" role="status" aria-live="polite">
      <span className="aun-spinner" aria-hidden="true" />
      <span>{label}</span>
    </div>
  );
}
