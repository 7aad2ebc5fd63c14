import { useEffect, useRef, useState, type ReactNode } from 'react';
import { api, ApiError, describeError, fieldId, type FieldError } from './api';
import type { Route } from './types';

// ---- page heading: one h1 per page, sets the document title ----------------------------------

export function PageHeading({ children, title, caption }: { children: ReactNode; title: string; caption?: string }) {
  useEffect(() => {
    document.title = `${title} – TellOnce`;
  }, [title]);
  return (
    <>
      {caption ? <span className="caption">{caption}</span> : null}
      <h1 id="page-heading" tabIndex={-1}>
        {children}
      </h1>
    </>
  );
}

// ---- error summary ----------------------------------------------------------------------------

export interface SummaryError extends FieldError {
  /** What to call the field in the summary (defaults to a name made from the field path). */
  label?: string;
}

export interface FormProblem {
  title?: string;
  detail?: string;
  errors: SummaryError[];
}

export function problemFrom(error: unknown): FormProblem {
  if (error instanceof ApiError) {
    return { title: error.errors.length ? undefined : error.title, detail: error.errors.length ? undefined : error.detail, errors: error.errors };
  }
  return { detail: describeError(error), errors: [] };
}

/** GOV.UK-style error summary: focused when it appears, each problem links to its field. */
export function ErrorSummary({ problem }: { problem: FormProblem | null }) {
  const ref = useRef<HTMLDivElement>(null);
  useEffect(() => {
    if (problem) ref.current?.focus();
  }, [problem]);
  if (!problem) return null;
  return (
    <div className="error-summary" role="alert" aria-labelledby="error-summary-title" tabIndex={-1} ref={ref}>
      <h2 id="error-summary-title" className="error-summary__title">
        There is a problem
      </h2>
      <ul className="error-summary__list">
        {problem.title ? <li>{problem.detail ? `${problem.title}: ${problem.detail}` : problem.title}</li> : problem.detail ? <li>{problem.detail}</li> : null}
        {problem.errors.map((e, i) => {
          const id = fieldId(e.field);
          const text = `${e.label ?? humanField(e.field)} ${e.message}`;
          return (
            <li key={i}>
              <a
                href={`#${id}`}
                onClick={(event) => {
                  const target = document.getElementById(id);
                  if (!target) return;
                  event.preventDefault();
                  target.focus();
                  target.scrollIntoView({ block: 'center' });
                }}
              >
                {text}
              </a>
            </li>
          );
        })}
      </ul>
    </div>
  );
}

export function humanField(field: string): string {
  if (!field) return 'The request';
  const parts = field.split('.');
  const last = parts[parts.length - 1];
  const words = last.replace(/([a-z])([A-Z])/g, '$1 $2').toLowerCase();
  const index = parts.find((p) => /^\d+$/.test(p));
  const prefix = index !== undefined ? `${parts[0].replace(/s$/, '')} ${Number(index) + 1}: ` : '';
  return prefix + words.charAt(0).toUpperCase() + words.slice(1);
}

export function errorFor(problem: FormProblem | null, field: string): string | undefined {
  const e = problem?.errors.find((x) => x.field === field);
  return e ? `${e.label ?? humanField(field)} ${e.message}` : undefined;
}

// ---- form fields ------------------------------------------------------------------------------

interface FieldProps {
  field: string;
  label: ReactNode;
  hint?: ReactNode;
  error?: string;
}

function describedBy(id: string, hint?: ReactNode, error?: string): string | undefined {
  const ids = [hint ? `${id}-hint` : '', error ? `${id}-error` : ''].filter(Boolean).join(' ');
  return ids || undefined;
}

function Hint({ id, hint }: { id: string; hint?: ReactNode }) {
  return hint ? (
    <div id={`${id}-hint`} className="hint">
      {hint}
    </div>
  ) : null;
}

function ErrorMessage({ id, error }: { id: string; error?: string }) {
  return error ? (
    <p id={`${id}-error`} className="error-message">
      <span className="visually-hidden">Error:</span> {error}
    </p>
  ) : null;
}

export function TextField({ field, label, hint, error, value, onChange, type = 'text', autoComplete, width, required, list }: FieldProps & { value: string; onChange: (v: string) => void; type?: string; autoComplete?: string; width?: 'short' | 'medium'; required?: boolean; list?: string }) {
  const id = fieldId(field);
  return (
    <div className={`form-group${error ? ' form-group--error' : ''}`}>
      <label className="label" htmlFor={id}>
        {label}
      </label>
      <Hint id={id} hint={hint} />
      <ErrorMessage id={id} error={error} />
      <input
        id={id}
        name={field}
        className={`input${width ? ` input--${width}` : ''}${error ? ' input--error' : ''}`}
        type={type}
        value={value}
        autoComplete={autoComplete ?? 'off'}
        aria-describedby={describedBy(id, hint, error)}
        aria-invalid={error ? true : undefined}
        aria-required={required || undefined}
        list={list}
        onChange={(e) => onChange(e.target.value)}
      />
    </div>
  );
}

export function TextArea({ field, label, hint, error, value, onChange, rows = 6 }: FieldProps & { value: string; onChange: (v: string) => void; rows?: number }) {
  const id = fieldId(field);
  return (
    <div className={`form-group${error ? ' form-group--error' : ''}`}>
      <label className="label" htmlFor={id}>
        {label}
      </label>
      <Hint id={id} hint={hint} />
      <ErrorMessage id={id} error={error} />
      <textarea id={id} name={field} className={`textarea${error ? ' input--error' : ''}`} rows={rows} value={value} aria-describedby={describedBy(id, hint, error)} aria-invalid={error ? true : undefined} onChange={(e) => onChange(e.target.value)} />
    </div>
  );
}

export interface Option {
  value: string;
  label: string;
}

export function SelectField({ field, label, hint, error, value, onChange, options, placeholder }: FieldProps & { value: string; onChange: (v: string) => void; options: Option[]; placeholder?: string }) {
  const id = fieldId(field);
  return (
    <div className={`form-group${error ? ' form-group--error' : ''}`}>
      <label className="label" htmlFor={id}>
        {label}
      </label>
      <Hint id={id} hint={hint} />
      <ErrorMessage id={id} error={error} />
      <select id={id} name={field} className={`select${error ? ' input--error' : ''}`} value={value} aria-describedby={describedBy(id, hint, error)} aria-invalid={error ? true : undefined} onChange={(e) => onChange(e.target.value)}>
        {placeholder !== undefined ? <option value="">{placeholder}</option> : null}
        {options.map((o) => (
          <option key={o.value} value={o.value}>
            {o.label}
          </option>
        ))}
      </select>
    </div>
  );
}

/** Checkboxes: the first box carries the field's id, so an error summary link lands on it. */
export function CheckboxGroup({ field, label, hint, error, values, onChange, options, small }: FieldProps & { values: string[]; onChange: (v: string[]) => void; options: Option[]; small?: boolean }) {
  const id = fieldId(field);
  return (
    <div className={`form-group${error ? ' form-group--error' : ''}`}>
      <fieldset className="fieldset" aria-describedby={describedBy(id, hint, error)}>
        <legend className="fieldset__legend">{label}</legend>
        <Hint id={id} hint={hint} />
        <ErrorMessage id={id} error={error} />
        <div className={`checkboxes${small ? ' checkboxes--small' : ''}`}>
          {options.map((o, i) => {
            const boxId = i === 0 ? id : `${id}-${i + 1}`;
            const checked = values.includes(o.value);
            return (
              <div className="checkboxes__item" key={o.value}>
                <input className="checkboxes__input" id={boxId} name={field} type="checkbox" value={o.value} checked={checked} onChange={() => onChange(checked ? values.filter((v) => v !== o.value) : [...values, o.value])} />
                <label className="checkboxes__label" htmlFor={boxId}>
                  {o.label}
                </label>
              </div>
            );
          })}
        </div>
      </fieldset>
    </div>
  );
}

export function RadioGroup({ field, label, hint, error, value, onChange, options, inline, legendClass }: FieldProps & { value: string; onChange: (v: string) => void; options: Option[]; inline?: boolean; legendClass?: string }) {
  const id = fieldId(field);
  return (
    <div className={`form-group${error ? ' form-group--error' : ''}`}>
      <fieldset className="fieldset" aria-describedby={describedBy(id, hint, error)}>
        <legend className={`fieldset__legend${legendClass ? ` ${legendClass}` : ''}`}>{label}</legend>
        <Hint id={id} hint={hint} />
        <ErrorMessage id={id} error={error} />
        <div className={`radios${inline ? ' radios--inline' : ''}`}>
          {options.map((o, i) => {
            const boxId = i === 0 ? id : `${id}-${i + 1}`;
            return (
              <div className="radios__item" key={o.value}>
                <input className="radios__input" id={boxId} name={field} type="radio" value={o.value} checked={value === o.value} onChange={() => onChange(o.value)} />
                <label className="radios__label" htmlFor={boxId}>
                  {o.label}
                </label>
              </div>
            );
          })}
        </div>
      </fieldset>
    </div>
  );
}

// ---- status tags: always text, colour only reinforces ----------------------------------------

const TAG_COLOURS: Record<string, string> = {
  'awaiting-consent': 'yellow',
  requested: 'blue',
  accepted: 'turquoise',
  'in-progress': 'light-blue',
  'on-hold': 'orange',
  completed: 'green',
  failed: 'red',
  rejected: 'red',
  cancelled: 'grey',
  active: 'green',
  withdrawn: 'grey',
  expired: 'grey',
  permit: 'green',
  deny: 'red',
  open: 'blue',
  done: 'green',
  blocked: 'red',
  closed: 'grey',
  ok: 'green',
  up: 'green',
  degraded: 'orange',
  down: 'red',
  routine: 'grey',
  urgent: 'red',
  overdue: 'red',
};

export function StatusTag({ status, label }: { status: string; label?: string }) {
  const colour = TAG_COLOURS[status] ?? 'grey';
  return <strong className={`tag tag--${colour}`}>{label ?? (status === 'ok' ? 'OK' : status.replace(/-/g, ' '))}</strong>;
}

// ---- misc -------------------------------------------------------------------------------------

export function formatDateTime(iso: string | null | undefined): string {
  if (!iso) return '';
  const d = new Date(iso);
  if (Number.isNaN(d.getTime())) return iso;
  return d.toLocaleString('en-GB', { day: 'numeric', month: 'short', year: 'numeric', hour: '2-digit', minute: '2-digit' });
}

export function formatDate(iso: string | null | undefined): string {
  if (!iso) return '';
  const d = new Date(iso.length === 10 ? `${iso}T00:00:00` : iso);
  if (Number.isNaN(d.getTime())) return iso;
  return d.toLocaleDateString('en-GB', { day: 'numeric', month: 'long', year: 'numeric' });
}

export function Notice({ kind = 'info', children, title }: { kind?: 'info' | 'success' | 'warning' | 'error'; children?: ReactNode; title?: string }) {
  return (
    <div className={`notice notice--${kind}`} role={kind === 'error' ? 'alert' : 'status'}>
      {title ? <p className="notice__title">{title}</p> : null}
      {children}
    </div>
  );
}

// ---- directory (cached per session) -----------------------------------------------------------

export interface Agency {
  id: string;
  name: string;
  kind?: string;
}
export interface Need {
  code: string;
  label: string;
}
export interface Hub {
  id: string;
  name: string;
  kind?: string;
}

const cache = new Map<string, Promise<unknown>>();

function cached<T>(path: string): Promise<T> {
  let p = cache.get(path) as Promise<T> | undefined;
  if (!p) {
    p = api<T>(path);
    p.catch(() => cache.delete(path));
    cache.set(path, p);
  }
  return p;
}

export function clearDirectoryCache(): void {
  cache.clear();
}

export function useDirectory<T>(path: string): { data: T | null; error: string | null } {
  const [state, setState] = useState<{ data: T | null; error: string | null }>({ data: null, error: null });
  useEffect(() => {
    let live = true;
    cached<T>(path).then(
      (data) => live && setState({ data, error: null }),
      (e: unknown) => live && setState({ data: null, error: describeError(e) }),
    );
    return () => {
      live = false;
    };
  }, [path]);
  return state;
}

export function asList<T>(data: unknown): T[] {
  if (Array.isArray(data)) return data as T[];
  if (data && typeof data === 'object' && Array.isArray((data as { items?: unknown }).items)) return (data as { items: T[] }).items;
  return [];
}

export function agencyName(agencies: Agency[] | null, id: string): string {
  return agencies?.find((a) => a.id === id)?.name ?? id;
}

/**
 * One record a notice or email links to (a referral, a plan), read once: the record, a setter for
 * the page's own changes to it, and why it could not be read (404: unknown or not shared).
 */
export function useLinkedRecord<T>(path: string) {
  const [record, setRecord] = useState<T | null>(null);
  const [error, setError] = useState<{ notFound: boolean; message: string } | null>(null);
  useEffect(() => {
    let live = true;
    api<T>(path).then(
      (r) => live && setRecord(r),
      (e: unknown) => live && setError({ notFound: e instanceof ApiError && e.status === 404, message: describeError(e) }),
    );
    return () => {
      live = false;
    };
  }, [path]);
  return { record, setRecord, error };
}

/** The page a linked record shows while it loads, or when it cannot be read (never saying which of unknown or not shared). */
export function LinkedRecordState({ what, error, isAgency, home }: { what: 'referral' | 'plan'; error: { notFound: boolean; message: string } | null; isAgency: boolean; home: ReactNode }) {
  const title = what === 'plan' ? 'Plan' : 'Referral';
  if (!error) {
    return (
      <>
        <PageHeading title={title}>{title}</PageHeading>
        <p role="status">Loading the {what}…</p>
      </>
    );
  }
  return (
    <>
      <PageHeading title={`${title} not available`}>{title} not available</PageHeading>
      {error.notFound ? (
        <p>
          There is no such {what}, or it is not shared with {isAgency ? 'your agency' : 'you'}: the family may have withdrawn their consent.
        </p>
      ) : (
        <Notice kind="error">{error.message}</Notice>
      )}
      <p>{home}</p>
    </>
  );
}

const REASON_SHOWN_FOR = ['rejected', 'cancelled', 'failed', 'on-hold'];

/** One route on a referral's board: its agency, needs, status and (when it ended or paused) why; `children` for its actions. */
export function RouteCard({ route, agencies, needLabel, children }: { route: Route; agencies: Agency[]; needLabel: (code: string) => string; children?: ReactNode }) {
  const reason = route.reason ?? route.statusReason;
  return (
    <li className="board__route" data-route-id={route.id} data-agency-id={route.agencyId} data-status={route.status}>
      <p className="board__agency">{agencyName(agencies, route.agencyId)}</p>
      <p className="board__needs">{route.needCodes.map(needLabel).join(', ')}</p>
      <p>
        Status: <StatusTag status={route.status} />
      </p>
      {reason && REASON_SHOWN_FOR.includes(route.status) ? <p className="secondary">Reason: {reason}</p> : null}
      {children}
    </li>
  );
}

