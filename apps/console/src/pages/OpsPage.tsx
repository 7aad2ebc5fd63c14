import { useCallback, useEffect, useState } from 'react';
import { api, describeError } from '../api';
import { Notice, PageHeading, StatusTag } from '../components';

interface OpsStatus {
  status: string;
  checkedAt?: string;
  services: { name: string; status: string; checks: { name: string; status: string; error?: string }[]; outbox?: { backlog: number; oldestAgeSeconds: number } }[];
  consumerLag: { group: string; topic: string; lag: number }[];
  queues: { name: string; waiting: number; active: number; delayed: number; failed: number }[];
  deadLetters: number | null;
  signIn?: { mode: 'dev' | 'oidc'; status: 'ok' | 'down' };
}

export function OpsPage() {
  const [data, setData] = useState<OpsStatus | null>(null);
  const [error, setError] = useState<string | null>(null);
  const [at, setAt] = useState<Date | null>(null);
  const [paused, setPaused] = useState(false);

  const load = useCallback(async () => {
    try {
      setData(await api<OpsStatus>('/v1/ops/status'));
      setError(null);
    } catch (e) {
      setError(describeError(e));
    } finally {
      setAt(new Date());
    }
  }, []);

  useEffect(() => {
    void load();
    if (paused) return;
    const timer = setInterval(() => void load(), 5000);
    return () => clearInterval(timer);
  }, [load, paused]);

  const up = data?.services.filter((s) => s.status === 'up').length ?? 0;
  const lag = data?.consumerLag.reduce((sum, l) => sum + l.lag, 0) ?? 0;
  const failed = data?.queues.reduce((sum, q) => sum + q.failed, 0) ?? 0;
  const summary = data
    ? `Overall status ${data.status}. ${up} of ${data.services.length} services up. Consumer lag ${lag}. Failed jobs ${failed}. Dead letters ${data.deadLetters ?? 'unknown'}.`
    : error
      ? 'The status could not be read.'
      : 'Loading…';

  return (
    <>
      <PageHeading title="Service health">Service health</PageHeading>
      <div className={`status-summary status-summary--${data?.status ?? 'unknown'}`}>
        <p className="status-summary__overall">
          Overall: {data ? <StatusTag status={data.status} /> : <span>{error ? 'unknown' : 'checking…'}</span>}
        </p>
        <p aria-live="polite" aria-atomic="true" data-testid="ops-summary">
          {summary}
        </p>
        <p className="secondary">
          {at ? `Last checked ${at.toLocaleTimeString('en-GB')}. ` : ''}
          {paused ? 'Automatic refresh is paused.' : 'Refreshes every 5 seconds.'}
        </p>
        <div className="button-group">
          <button type="button" className="button button--secondary button--small" onClick={() => setPaused((p) => !p)}>
            {paused ? 'Resume automatic refresh' : 'Pause automatic refresh'}
          </button>
          <button type="button" className="button button--secondary button--small" onClick={() => void load()}>
            Refresh now
          </button>
        </div>
      </div>
      {error ? <Notice kind="error" title="The status could not be read">{error}</Notice> : null}
      {data ? (
        <>
          <h2>Services</h2>
          <table className="table">
            <thead>
              <tr>
                <th scope="col">Service</th>
                <th scope="col">Status</th>
                <th scope="col">Checks</th>
                <th scope="col" className="numeric">Outbox backlog</th>
              </tr>
            </thead>
            <tbody>
              {data.services.map((s) => (
                <tr key={s.name}>
                  <th scope="row">{s.name}</th>
                  <td><StatusTag status={s.status} /></td>
                  <td>
                    <ul className="list list--plain">
                      {s.checks.map((c) => (
                        <li key={c.name}>
                          {c.name}: <StatusTag status={c.status} />
                          {c.error ? ` (${c.error})` : ''}
                        </li>
                      ))}
                    </ul>
                  </td>
                  <td className="numeric">{s.outbox ? s.outbox.backlog : '–'}</td>
                </tr>
              ))}
            </tbody>
          </table>
          <h2>Consumer lag</h2>
          {data.consumerLag.length ? (
            <table className="table">
              <thead>
                <tr>
                  <th scope="col">Consumer group</th>
                  <th scope="col">Topic</th>
                  <th scope="col" className="numeric">Lag (messages)</th>
                </tr>
              </thead>
              <tbody>
                {data.consumerLag.map((l) => (
                  <tr key={`${l.group} ${l.topic}`}>
                    <td>{l.group}</td>
                    <td>{l.topic}</td>
                    <td className="numeric">{l.lag}</td>
                  </tr>
                ))}
              </tbody>
            </table>
          ) : (
            <p>No consumer groups reported.</p>
          )}
          <h2>Queues</h2>
          {data.queues.length ? (
            <table className="table">
              <thead>
                <tr>
                  <th scope="col">Queue</th>
                  <th scope="col" className="numeric">Waiting</th>
                  <th scope="col" className="numeric">Active</th>
                  <th scope="col" className="numeric">Delayed</th>
                  <th scope="col" className="numeric">Failed</th>
                </tr>
              </thead>
              <tbody>
                {data.queues.map((q) => (
                  <tr key={q.name}>
                    <td>{q.name}</td>
                    <td className="numeric">{q.waiting}</td>
                    <td className="numeric">{q.active}</td>
                    <td className="numeric">{q.delayed}</td>
                    <td className="numeric">{q.failed}</td>
                  </tr>
                ))}
              </tbody>
            </table>
          ) : (
            <p>No queues reported.</p>
          )}
          <h2>Sign-in</h2>
          <p data-testid="sign-in-status">
            {!data.signIn
              ? 'Not reported.'
              : data.signIn.mode === 'dev'
                ? 'Development tokens (AUTH_MODE=dev): no identity provider.'
                : data.signIn.status === 'ok'
                  ? 'The identity provider answers: staff can sign in.'
                  : 'The identity provider is not answering: staff cannot sign in to the console.'}
          </p>
          <h2>Dead letters</h2>
          <p data-testid="dead-letters">
            {data.deadLetters === null ? 'Unknown (Kafka could not be read).' : `${data.deadLetters} ${data.deadLetters === 1 ? 'message' : 'messages'} on the dead-letter topic.`}
          </p>
        </>
      ) : null}
    </>
  );
}
