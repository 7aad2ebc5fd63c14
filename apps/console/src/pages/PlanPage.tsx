import { useRef, useState } from 'react';
import { api, describeError, idempotencyKeyFor, mayRetryWithSameKey } from '../api';
import { agencyName, asList, LinkedRecordState, useLinkedRecord, formatDate, formatDateTime, Notice, PageHeading, StatusTag, useDirectory, type Agency } from '../components';
import { actionMovesFor, describeDistance, hubToday, isActionOverdue, isReviewOverdue, type ActionMove } from '../plan-view';
import { Link } from '../router';
import { FAMILY_ROLES } from '../routes';
import { AGENCY_ROLES, homeFor, type Session } from '../session';
import { sentence, type Plan, type PlanAction } from '../types';

/**
 * One Team Around the Family plan, as GET /v1/plans/:id shows it to the caller: the whole plan to hub
 * staff and to an agency the family shares its plan with (lead, outcomes and their scores over time,
 * every action, reviews), only the frame and its own actions to an agency the family shares only its
 * referral with. The page plan notices (action assigned, action or review overdue) link to; whoever
 * may move an action moves it here.
 */
export function PlanPage({ planId, session }: { planId: string; session: Session }) {
  const { record: plan, setRecord: setPlan, error } = useLinkedRecord<Plan>(`/v1/plans/${encodeURIComponent(planId)}`);
  const [announcement, setAnnouncement] = useState('');
  const agencies = asList<Agency>(useDirectory<unknown>('/v1/directory/agencies').data);
  const isAgency = AGENCY_ROLES.includes(session.role);

  if (error || !plan) {
    return <LinkedRecordState what="plan" error={error} isAgency={isAgency} home={<Link to={homeFor(session.role)}>Go to your start page</Link>} />;
  }

  const whole = plan.scope !== 'own-actions';
  const today = hubToday();
  const level = sentence(plan.levelOfNeed);
  const outcomeOf = (id: string | null | undefined) => (id ? plan.outcomes?.find((o) => o.id === id)?.description : undefined);
  const movesOf = (action: PlanAction) => actionMovesFor(session, plan, action);
  const anyMoves = plan.actions.some((a) => movesOf(a).length > 0);
  const onMoved = (action: PlanAction, updated: PlanAction) => {
    setPlan((prev) => (prev ? { ...prev, actions: prev.actions.map((a) => (a.id === action.id ? { ...a, ...updated } : a)) } : prev));
    setAnnouncement(`Action “${action.description}” is now ${sentence(updated.status).toLowerCase()}.`);
  };

  return (
    <>
      <PageHeading title={`Plan: ${level}`} caption="Team Around the Family plan">
        Plan: {level}
      </PageHeading>
      <div role="status" aria-live="polite" className={announcement ? 'notice notice--success' : 'visually-hidden'}>
        {announcement}
      </div>
      {whole ? null : (
        <Notice kind="info">You see this plan’s level, status and your agency’s actions only: the family has not shared the rest of their plan with your agency.</Notice>
      )}
      <dl className="summary-list" data-testid="plan" data-plan-id={plan.id} data-scope={plan.scope}>
        <div className="summary-list__row">
          <dt>Level of need</dt>
          <dd>{level}</dd>
        </div>
        <div className="summary-list__row">
          <dt>Status</dt>
          <dd>
            <StatusTag status={plan.status} />
            {plan.closedAt ? ` Closed ${formatDateTime(plan.closedAt)}` : ''}
            {plan.closeReason ? <><br /><span className="secondary">Reason: {plan.closeReason}</span></> : null}
          </dd>
        </div>
        {plan.leadPractitioner ? (
          <div className="summary-list__row">
            <dt>Lead practitioner</dt>
            <dd>
              {plan.leadPractitioner.name}, {agencyName(agencies, plan.leadPractitioner.agencyId)}
            </dd>
          </div>
        ) : null}
        {plan.nextReviewDate ? (
          <div className="summary-list__row">
            <dt>Next review</dt>
            <dd>
              {formatDate(plan.nextReviewDate)} {isReviewOverdue(plan, today) ? <StatusTag status="overdue" label="Overdue" /> : null}
            </dd>
          </div>
        ) : null}
        {plan.familyId && FAMILY_ROLES.includes(session.role) ? (
          <div className="summary-list__row">
            <dt>Family</dt>
            <dd>
              <Link to={`/families/${plan.familyId}`}>Open the family</Link>
            </dd>
          </div>
        ) : null}
      </dl>

      {whole ? (
        <section aria-labelledby="outcomes">
          <h2 id="outcomes">Outcomes</h2>
          {plan.outcomes?.length ? (
            <ul className="list list--plain">
              {plan.outcomes.map((o) => (
                <li key={o.id} className="outcome" data-outcome-id={o.id}>
                  <p className="outcome__title">{o.description}</p>
                  <p className="secondary">{describeDistance(o.distanceTravelled)}</p>
                  {o.distanceTravelled?.length ? (
                    <ol className="scores" aria-label={`Scores over time for: ${o.description}`}>
                      {o.distanceTravelled.map((d) => (
                        <li key={d.reviewId} className="scores__item">
                          <span className="scores__date">{formatDate(d.at)}</span>
                          <span className="scores__bar" aria-hidden="true">
                            <span style={{ width: `${Math.max(0, Math.min(10, d.score)) * 10}%` }} />
                          </span>
                          <span className="scores__value">{d.score} out of 10</span>
                        </li>
                      ))}
                    </ol>
                  ) : null}
                </li>
              ))}
            </ul>
          ) : (
            <p>No outcomes.</p>
          )}
        </section>
      ) : null}

      <section aria-labelledby="actions">
        <h2 id="actions">{whole ? 'Actions' : 'Your agency’s actions'}</h2>
        {plan.status !== 'open' ? <p className="secondary">The plan is closed: its actions can no longer move.</p> : null}
        {plan.actions.length ? (
          <table className="table" data-testid="plan-actions">
            <caption className="visually-hidden">Plan actions</caption>
            <thead>
              <tr>
                <th scope="col">Action</th>
                <th scope="col">Agency</th>
                <th scope="col">Due</th>
                <th scope="col">Status</th>
                {anyMoves ? <th scope="col">Move</th> : null}
              </tr>
            </thead>
            <tbody>
              {plan.actions.map((a) => {
                const outcome = outcomeOf(a.outcomeId);
                return (
                  <tr key={a.id} data-action-id={a.id} data-agency-id={a.agencyId} data-status={a.status}>
                    <td>
                      {a.description}
                      {outcome ? <><br /><span className="secondary">Towards: {outcome}</span></> : null}
                    </td>
                    <td>
                      {agencyName(agencies, a.agencyId)}
                      {a.awaitingConsent ? <><br /><StatusTag status="awaiting-consent" label="Waiting for consent" /></> : null}
                    </td>
                    <td>
                      {formatDate(a.dueDate)} {isActionOverdue(plan, a, today) ? <StatusTag status="overdue" label="Overdue" /> : null}
                    </td>
                    <td>
                      <StatusTag status={a.status} />
                    </td>
                    {anyMoves ? (
                      <td>
                        <ActionMoves planId={plan.id} action={a} moves={movesOf(a)} onMoved={onMoved} />
                      </td>
                    ) : null}
                  </tr>
                );
              })}
            </tbody>
          </table>
        ) : (
          <p>No actions.</p>
        )}
      </section>

      {whole ? (
        <section aria-labelledby="reviews">
          <h2 id="reviews">Reviews</h2>
          {plan.reviews?.length ? (
            <ol className="list list--plain">
              {plan.reviews.map((r) => (
                <li key={r.id} className="review">
                  <p className="review__date">{formatDate(r.heldAt)}</p>
                  <p>{r.summary}</p>
                  {r.attendees?.length ? <p className="secondary">Attended: {r.attendees.map((x) => `${x.name} (${agencyName(agencies, x.agencyId)})`).join(', ')}</p> : null}
                  {r.nextReviewDate ? <p className="secondary">Next review set for {formatDate(r.nextReviewDate)}</p> : null}
                </li>
              ))}
            </ol>
          ) : (
            <p>No reviews yet.</p>
          )}
        </section>
      ) : null}

      <p>
        <Link to={homeFor(session.role)}>{isAgency ? 'Back to the inbox' : 'Back to your start page'}</Link>
      </p>
    </>
  );
}

/** The moves the caller may make on one action now; a failed move shows the service's reason. */
function ActionMoves({ planId, action, moves, onMoved }: { planId: string; action: PlanAction; moves: ActionMove[]; onMoved: (action: PlanAction, updated: PlanAction) => void }) {
  const [error, setError] = useState<string | null>(null);
  const [busy, setBusy] = useState(false);
  const idem = useRef<{ body: string; key: string } | null>(null);
  if (!moves.length) return <span className="secondary">None</span>;

  async function move(to: string) {
    const path = `/v1/plans/${encodeURIComponent(planId)}/actions/${encodeURIComponent(action.id)}/transitions`;
    const body = { to };
    // Same key for a retry of this very move (a double click, a dropped connection), a new one otherwise.
    idem.current = idempotencyKeyFor(idem.current, { path, body });
    setBusy(true);
    setError(null);
    try {
      const updated = await api<PlanAction>(path, { method: 'POST', body, headers: { 'Idempotency-Key': idem.current.key } });
      idem.current = null;
      onMoved(action, updated && typeof updated === 'object' && 'status' in updated ? updated : { ...action, status: to });
    } catch (e) {
      if (!mayRetryWithSameKey(e)) idem.current = null;
      setError(describeError(e));
    } finally {
      setBusy(false);
    }
  }

  return (
    <div className="route-actions">
      {error ? (
        <p className="error-message" role="alert">
          {error}
        </p>
      ) : null}
      <div className="button-group">
        {moves.map((m) => (
          <button key={m.to} type="button" className={`button button--small${m.kind ? ` button--${m.kind}` : ''}`} disabled={busy} onClick={() => void move(m.to)}>
            {m.label}
            <span className="visually-hidden"> action: {action.description}</span>
          </button>
        ))}
      </div>
    </div>
  );
}
