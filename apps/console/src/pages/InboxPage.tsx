import { useCallback, useEffect, useState } from 'react';
import { api, describeError, type Page } from '../api';
import { asList, formatDateTime, Notice, PageHeading, StatusTag, useDirectory, type Agency, type Need } from '../components';
import { Link } from '../router';
import type { Session } from '../session';
import { sentence, type Referral, type Route } from '../types';

export interface Row {
  referral: Referral;
  route: Route;
}

/** What an agency may do next with its route (after the FHIR Task state machine in the contract). */
const ACTIONS: Record<string, { to: string; label: string; needsReason?: boolean; kind?: 'warning' | 'secondary' }[]> = {
  requested: [
    { to: 'accepted', label: 'Accept' },
    { to: 'rejected', label: 'Reject', needsReason: true, kind: 'warning' },
  ],
  accepted: [{ to: 'in-progress', label: 'Start' }],
  'in-progress': [
    { to: 'completed', label: 'Complete' },
    { to: 'on-hold', label: 'Put on hold', kind: 'secondary' },
  ],
  'on-hold': [{ to: 'in-progress', label: 'Resume' }],
};

const DONE_MESSAGES: Record<string, string> = {
  accepted: 'accepted',
  rejected: 'rejected',
  'in-progress': 'started',
  completed: 'completed',
  'on-hold': 'put on hold',
};

export function InboxPage({ session }: { session: Session }) {
  const [rows, setRows] = useState<Row[] | null>(null);
  const [error, setError] = useState<string | null>(null);
  const [announcement, setAnnouncement] = useState('');
  const needs = asList<Need>(useDirectory<unknown>('/v1/directory/needs').data);
  const agencies = asList<Agency>(useDirectory<unknown>('/v1/directory/agencies').data);
  const agency = agencies.find((a) => a.id === session.agencyId)?.name ?? session.agencyId ?? '';

  const load = useCallback(async () => {
    try {
      const page = await api<Page<Referral>>('/v1/referrals?limit=100');
      const referrals = asList<Referral>(page);
      // The server already scopes to the agency; keep only this agency's routes to be sure.
      setRows(referrals.flatMap((referral) => referral.routes.filter((route) => route.agencyId === session.agencyId).map((route) => ({ referral, route }))));
      setError(null);
    } catch (e) {
      setError(describeError(e));
    }
  }, [session.agencyId]);

  useEffect(() => {
    void load();
    const timer = setInterval(() => void load(), 15000);
    return () => clearInterval(timer);
  }, [load]);

  const label = (code: string) => needs.find((n) => n.code === code)?.label ?? sentence(code);

  const onMoved = (row: Row, updated: Route) => {
    setRows((prev) => prev?.map((r) => (r.route.id === row.route.id ? { ...r, route: { ...r.route, ...updated } } : r)) ?? null);
    setAnnouncement(`Referral ${row.referral.reference}: route ${DONE_MESSAGES[updated.status] ?? sentence(updated.status).toLowerCase()}.`);
  };

  const open = rows?.filter((r) => ACTIONS[r.route.status]) ?? [];
  const closed = rows?.filter((r) => !ACTIONS[r.route.status]) ?? [];

  return (
    <>
      <PageHeading title="Inbox" caption={agency}>
        Inbox
      </PageHeading>
      <p className="lead">Referrals routed to {agency || 'your agency'}.</p>
      <div role="status" aria-live="polite" className={announcement ? 'notice notice--success' : 'visually-hidden'}>
        {announcement}
      </div>
      <p>
        <button type="button" className="button button--secondary" onClick={() => void load()}>
          Refresh inbox
        </button>
      </p>
      {error ? <Notice kind="error" title="The inbox could not be loaded">{error}</Notice> : null}
      {rows === null && !error ? <p role="status">Loading…</p> : null}
      {rows ? (
        <>
          <h2>Open ({open.length})</h2>
          {open.length ? <RouteTable rows={open} label={label} onMoved={onMoved} /> : <p>Nothing needs your attention.</p>}
          <h2>Closed ({closed.length})</h2>
          {closed.length ? <RouteTable rows={closed} label={label} onMoved={onMoved} /> : <p>No closed referrals.</p>}
        </>
      ) : null}
    </>
  );
}

function RouteTable({ rows, label, onMoved }: { rows: Row[]; label: (code: string) => string; onMoved: (row: Row, route: Route) => void }) {
  return (
    <table className="table inbox" data-testid="inbox">
      <thead>
        <tr>
          <th scope="col">Referral</th>
          <th scope="col">Needs</th>
          <th scope="col">Story</th>
          <th scope="col">Status</th>
          <th scope="col">Actions</th>
        </tr>
      </thead>
      <tbody>
        {rows.map((row) => (
          <tr key={row.route.id} data-route-id={row.route.id} data-agency-id={row.route.agencyId} data-status={row.route.status}>
            <td>
              <strong>
                <Link to={`/referrals/${row.referral.id}`}>{row.referral.reference}</Link>
              </strong>
              {row.referral.familyReference ? <><br />Family {row.referral.familyReference}</> : null}
              {row.referral.createdAt ? <><br /><span className="secondary">{formatDateTime(row.referral.createdAt)}</span></> : null}
            </td>
            <td>
              <ul className="list list--plain">
                {row.route.needCodes.map((code) => {
                  const need = row.referral.needs.find((n) => n.code === code);
                  return (
                    <li key={code}>
                      {label(code)} {need?.urgency ? <StatusTag status={need.urgency} /> : null}
                    </li>
                  );
                })}
              </ul>
            </td>
            <td>{row.referral.story ? <details className="details"><summary>Read the story</summary><p>{row.referral.story}</p></details> : <span className="secondary">Not shared</span>}</td>
            <td>
              <StatusTag status={row.route.status} />
            </td>
            <td>
              <RouteActions row={row} onMoved={onMoved} />
            </td>
          </tr>
        ))}
      </tbody>
    </table>
  );
}

/** The moves an agency may make on its route now (accept, reject with a reason, start, …). */
export function RouteActions({ row, onMoved }: { row: Row; onMoved: (row: Row, route: Route) => void }) {
  const [rejecting, setRejecting] = useState(false);
  const [reason, setReason] = useState('');
  const [error, setError] = useState<string | null>(null);
  const [busy, setBusy] = useState(false);
  const actions = ACTIONS[row.route.status] ?? [];
  if (!actions.length) return <span className="secondary">None</span>;

  async function move(to: string, why?: string) {
    setBusy(true);
    setError(null);
    try {
      const route = await api<Route>(`/v1/referrals/${row.referral.id}/routes/${row.route.id}/transitions`, { method: 'POST', body: { to, ...(why ? { reason: why } : {}) } });
      setRejecting(false);
      onMoved(row, route && typeof route === 'object' && 'status' in route ? route : { ...row.route, status: to });
    } catch (e) {
      setError(describeError(e));
    } finally {
      setBusy(false);
    }
  }

  const reasonId = `reject-reason-${row.route.id}`;
  return (
    <div className="route-actions">
      {error ? <p className="error-message" role="alert">{error}</p> : null}
      {rejecting ? (
        <div className={`form-group${error ? ' form-group--error' : ''}`}>
          <label className="label label--s" htmlFor={reasonId}>
            Why are you rejecting referral {row.referral.reference}?
          </label>
          <textarea id={reasonId} className="textarea" rows={3} value={reason} onChange={(e) => setReason(e.target.value)} />
          <div className="button-group">
            <button type="button" className="button button--warning button--small" disabled={busy || !reason.trim()} onClick={() => void move('rejected', reason.trim())}>
              Confirm rejection
            </button>
            <button type="button" className="button button--secondary button--small" onClick={() => setRejecting(false)}>
              Cancel
            </button>
          </div>
        </div>
      ) : (
        <div className="button-group">
          {actions.map((a) => (
            <button
              key={a.to}
              type="button"
              className={`button button--small${a.kind ? ` button--${a.kind}` : ''}`}
              disabled={busy}
              onClick={() => (a.needsReason ? setRejecting(true) : void move(a.to))}
            >
              {a.label}
              <span className="visually-hidden"> referral {row.referral.reference}</span>
            </button>
          ))}
        </div>
      )}
    </div>
  );
}
