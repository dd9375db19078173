import { createContext, useContext, useId, type ReactNode } from 'react';
import { parseNumber } from './draft';

/** Errors by dotted field path, shown next to their field. */
export const ErrorsContext = createContext<Map<string, string[]>>(new Map());
/** True when the user may only look (not an admin). */
export const ReadOnlyContext = createContext(false);

function useFieldError(path: string) {
  const errors = useContext(ErrorsContext).get(path);
  const disabled = useContext(ReadOnlyContext);
  const id = useId();
  return { errors, errorId: `${id}-err`, inputId: id, disabled };
}

function ErrorText({ id, errors }: { id: string; errors: string[] | undefined }) {
  if (!errors?.length) return null;
  return (
    <span id={id} className="field-error" role="alert">
      {errors.join(' ')}
    </span>
  );
}

/** Errors that belong to a group (a list or a set of thresholds) rather than one input. */
export function GroupError({ path }: { path: string }) {
  const errors = useContext(ErrorsContext).get(path);
  return <ErrorText id={`group-${path}`} errors={errors} />;
}

interface Base {
  path: string;
  label: string;
}

/** What every field's input (or select) carries: its id, read-only state and error wiring. */
interface InputProps {
  id: string;
  disabled: boolean;
  'aria-invalid': true | undefined;
  'aria-describedby': string | undefined;
}

/** The label, the input and its error, shared by every field below. */
function Field({ path, label, wide, children }: Base & { wide?: boolean; children: (input: InputProps) => ReactNode }) {
  const { errors, errorId, inputId, disabled } = useFieldError(path);
  const input: InputProps = { id: inputId, disabled, 'aria-invalid': errors ? true : undefined, 'aria-describedby': errors ? errorId : undefined };
  return (
    <span className={`field${wide ? ' wide' : ''}`} data-path={path}>
      <label htmlFor={inputId}>{label}</label>
      {children(input)}
      <ErrorText id={errorId} errors={errors} />
    </span>
  );
}

export function TextField({ path, label, value, onChange, wide }: Base & { value: string; onChange: (v: string) => void; wide?: boolean }) {
  return (
    <Field path={path} label={label} wide={wide}>
      {(input) => <input {...input} value={value} onChange={(e) => onChange(e.target.value)} />}
    </Field>
  );
}

export function NumberField({ path, label, value, onChange, step }: Base & { value: number; onChange: (v: number) => void; step?: number }) {
  return (
    <Field path={path} label={label}>
      {(input) => <input {...input} type="number" step={step ?? 'any'} value={Number.isFinite(value) ? value : ''} onChange={(e) => onChange(parseNumber(e.target.value))} />}
    </Field>
  );
}

export function SelectField<T extends string | number>({
  path,
  label,
  value,
  options,
  onChange,
}: Base & { value: T; options: { value: T; label: string }[]; onChange: (v: T) => void }) {
  return (
    <Field path={path} label={label}>
      {(input) => (
        <select {...input} value={String(value)} onChange={(e) => onChange(options.find((o) => String(o.value) === e.target.value)!.value)}>
          {options.map((o) => (
            <option key={String(o.value)} value={String(o.value)}>
              {o.label}
            </option>
          ))}
        </select>
      )}
    </Field>
  );
}

/** A working-day time: 00:00–23:59, and 24:00 for a day that ends at midnight (typed, as <input type=time> cannot hold it). */
export function TimeField({ path, label, value, onChange }: Base & { value: string; onChange: (v: string) => void }) {
  return (
    <Field path={path} label={label}>
      {(input) => <input {...input} inputMode="numeric" placeholder="09:00" size={5} value={value} onChange={(e) => onChange(e.target.value.trim())} />}
    </Field>
  );
}

export function CheckField({ path, label, checked, onChange }: Base & { checked: boolean; onChange: (v: boolean) => void }) {
  const { inputId, disabled } = useFieldError(path);
  return (
    <span className="field check" data-path={path}>
      <input id={inputId} disabled={disabled} type="checkbox" checked={checked} onChange={(e) => onChange(e.target.checked)} />
      <label htmlFor={inputId}>{label}</label>
    </span>
  );
}

export function LinesField({ path, label, value, onChange }: Base & { value: string[]; onChange: (v: string[]) => void }) {
  const { errors, errorId, inputId, disabled } = useFieldError(path);
  // Errors on single values (values.3) are shown on the list.
  const itemErrors = [...useContext(ErrorsContext)].filter(([p]) => p.startsWith(`${path}.`)).flatMap(([, e]) => e);
  const all = [...(errors ?? []), ...itemErrors];
  return (
    <span className="field wide" data-path={path}>
      <label htmlFor={inputId}>{label}</label>
      <textarea
        id={inputId}
        disabled={disabled}
        rows={Math.min(6, Math.max(2, value.length))}
        value={value.join('\n')}
        onChange={(e) => onChange(e.target.value.split('\n'))}
        aria-invalid={all.length ? true : undefined}
        aria-describedby={all.length ? errorId : undefined}
      />
      <ErrorText id={errorId} errors={all.length ? all : undefined} />
    </span>
  );
}

export function Row({ children, onRemove, removeLabel }: { children: ReactNode; onRemove?: (() => void) | undefined; removeLabel: string }) {
  const readOnly = useContext(ReadOnlyContext);
  return (
    <div className="editor-row">
      {children}
      {onRemove && !readOnly ? (
        <button type="button" className="remove" onClick={onRemove} aria-label={removeLabel}>
          ×
        </button>
      ) : null}
    </div>
  );
}
