import { useCallback, useEffect, useRef, useState, type FormEvent } from 'react';
import { api, ApiError, describeError, idempotencyKeyFor, type Page } from '../api';
import { agencyName, asList, CheckboxGroup, ErrorSummary, errorFor, formatDate, formatDateTime, Notice, PageHeading, problemFrom, RadioGroup, RouteCard, SelectField, StatusTag, TextField, useDirectory, type Agency, type FormProblem, type Need } from '../components';
import { Link } from '../router';
import type { Session } from '../session';
import { CONSENT_PURPOSES, DATA_CATEGORIES, memberName, sentence, type Consent, type Family, type Plan, type Referral, type TimelineEntry } from '../types';

export function FamilyPage({ familyId, session }: { familyId: string; session: Session }) {
  const [family, setFamily] = useState<Family | null>(null);
  const [error, setError] = useState<string | null>(null);
  const [refreshKey, setRefreshKey] = useState(0);
  const agencies = asList<Agency>(useDirectory<unknown>('/v1/directory/agencies').data);
  const needs = asList<Need>(useDirectory<unknown>('/v1/directory/needs').data);
  const [referrals, setReferrals] = useState<Referral[] | null>(null);
  const bump = useCallback(() => setRefreshKey((k) => k + 1), []);

  useEffect(() => {
    let live = true;
    api<Family>(`/v1/families/${encodeURIComponent(familyId)}`).then(
      (f) => live && setFamily(f),
      (e: unknown) => live && setError(describeError(e)),
    );
    return () => {
      live = false;
    };
  }, [familyId]);

  if (error) {
    return (
      <>
        <PageHeading title="Family not available">Family not available</PageHeading>
        <Notice kind="error">{error}</Notice>
        <p>
          <Link to="/families">Search families</Link>
        </p>
      </>
    );
  }
  if (!family) {
    return (
      <>
        <PageHeading title="Family">Family</PageHeading>
        <p role="status">Loading the family…</p>
      </>
    );
  }
  const canWrite = session.role === 'coordinator' || session.role === 'admin';

  return (
    <>
      <PageHeading title={`Family ${family.reference}`} caption={`Hub: ${family.hubId}`}>
        Family {family.reference}
      </PageHeading>
      <nav className="contents" aria-label="On this page">
        <h2 className="contents__title">Contents</h2>
        <ul className="list list--plain contents__list">
          <li><a href="#members">Members</a></li>
          <li><a href="#routes">Referrals and routes</a></li>
          <li><a href="#consent">Consent</a></li>
          <li><a href="#plans">Plans</a></li>
          <li><a href="#timeline">Timeline</a></li>
        </ul>
      </nav>

      <section aria-labelledby="members">
        <h2 id="members">Members</h2>
        <table className="table">
          <caption className="visually-hidden">Family members</caption>
          <thead>
            <tr>
              <th scope="col">Name</th>
              <th scope="col">Relationship</th>
              <th scope="col">Date of birth or due date</th>
              <th scope="col">Lives in household</th>
            </tr>
          </thead>
          <tbody>
            {family.members.map((m) => (
              <tr key={m.id}>
                <td>{memberName(m)}</td>
                <td>{sentence(m.relationship)}</td>
                <td>{m.dateOfBirth ? formatDate(m.dateOfBirth) : m.expectedDueDate ? `Due ${formatDate(m.expectedDueDate)}` : 'Not given'}</td>
                <td>{m.livesInHousehold === false ? 'No' : 'Yes'}</td>
              </tr>
            ))}
          </tbody>
        </table>
        {family.address ? (
          <p>
            Address: {family.address.line1 ? `${family.address.line1}, ` : ''}
            {family.address.postcode}
          </p>
        ) : null}
      </section>

      <RoutesBoard familyId={family.id} agencies={agencies} needs={needs} refreshKey={refreshKey} onChange={setReferrals} canRaise={canWrite} />
      <ConsentPanel family={family} agencies={agencies} referrals={referrals ?? []} canWrite={canWrite} onChanged={bump} />
      <PlansPanel familyId={family.id} agencies={agencies} refreshKey={refreshKey} />
      <Timeline familyId={family.id} refreshKey={refreshKey} />
    </>
  );
}

// ---- routes board -----------------------------------------------------------------------------

function RoutesBoard({ familyId, agencies, needs, refreshKey, onChange, canRaise }: { familyId: string; agencies: Agency[]; needs: Need[]; refreshKey: number; onChange: (r: Referral[]) => void; canRaise: boolean }) {
  const [referrals, setReferrals] = useState<Referral[] | null>(null);
  const [error, setError] = useState<string | null>(null);
  const [checkedAt, setCheckedAt] = useState<Date | null>(null);

  const load = useCallback(async () => {
    try {
      const page = await api<Page<Referral>>(`/v1/referrals?familyId=${encodeURIComponent(familyId)}&limit=50`);
      const items = asList<Referral>(page);
      setReferrals(items);
      onChange(items);
      setError(null);
      setCheckedAt(new Date());
    } catch (e) {
      setError(describeError(e));
    }
  }, [familyId, onChange]);

  useEffect(() => {
    void load();
  }, [load, refreshKey]);

  // While a route waits for consent, check again every 5 seconds: it moves on by itself.
  const waiting = referrals?.some((r) => r.routes.some((x) => x.status === 'awaiting-consent')) ?? false;
  useEffect(() => {
    if (!waiting) return;
    const timer = setInterval(() => void load(), 5000);
    return () => clearInterval(timer);
  }, [waiting, load]);

  const label = (code: string) => needs.find((n) => n.code === code)?.label ?? sentence(code);

  return (
    <section aria-labelledby="routes">
      <h2 id="routes">Referrals and routes</h2>
      <div className="button-group">
        {canRaise ? (
          <Link to={`/families/${familyId}/referrals/new`} className="button">
            Raise a referral
          </Link>
        ) : null}
        <button type="button" className="button button--secondary" onClick={() => void load()}>
          Refresh routes
        </button>
      </div>
      {checkedAt ? <p className="secondary">Last checked {checkedAt.toLocaleTimeString('en-GB')}{waiting ? '. Routes awaiting consent are checked every 5 seconds.' : '.'}</p> : null}
      {error ? <Notice kind="error" title="Routes could not be loaded">{error}</Notice> : null}
      {referrals && referrals.length === 0 ? <p>No referrals yet.</p> : null}
      {referrals?.map((r) => (
        <article className="card" key={r.id} aria-labelledby={`ref-${r.id}`}>
          <h3 id={`ref-${r.id}`} className="card__title">
            Referral {r.reference} <StatusTag status={r.status} />
          </h3>
          {r.createdAt ? <p className="secondary">Raised {formatDateTime(r.createdAt)}{r.channel ? ` via ${sentence(r.channel).toLowerCase()}` : ''}</p> : null}
          <ul className="board" aria-label={`Routes of referral ${r.reference}`}>
            {r.routes.map((route) => (
              <RouteCard key={route.id} route={route} agencies={agencies} needLabel={label} />
            ))}
          </ul>
        </article>
      ))}
    </section>
  );
}

// ---- consent ----------------------------------------------------------------------------------

function ConsentPanel({ family, agencies, referrals, canWrite, onChanged }: { family: Family; agencies: Agency[]; referrals: Referral[]; canWrite: boolean; onChanged: () => void }) {
  const [consents, setConsents] = useState<Consent[] | null>(null);
  const [error, setError] = useState<string | null>(null);
  const [message, setMessage] = useState<string | null>(null);

  const load = useCallback(async () => {
    try {
      setConsents(asList<Consent>(await api<Page<Consent>>(`/v1/families/${family.id}/consents`)));
      setError(null);
    } catch (e) {
      setError(describeError(e));
    }
  }, [family.id]);

  useEffect(() => {
    void load();
  }, [load]);

  const person = (id: string) => {
    const m = family.members.find((x) => x.id === id);
    return m ? memberName(m) : 'Unknown person';
  };

  return (
    <section aria-labelledby="consent">
      <h2 id="consent">Consent</h2>
      {message ? <Notice kind="success">{message}</Notice> : null}
      {error ? <Notice kind="error" title="Consent records could not be loaded">{error}</Notice> : null}
      {consents && consents.length === 0 ? <p>No consent has been recorded.</p> : null}
      {consents && consents.length > 0 ? (
        <table className="table" data-testid="consents">
          <caption className="visually-hidden">Consent records</caption>
          <thead>
            <tr>
              <th scope="col">Status</th>
              <th scope="col">Decision</th>
              <th scope="col">About</th>
              <th scope="col">Agencies</th>
              <th scope="col">Purposes and data</th>
              <th scope="col">Recorded</th>
              {canWrite ? <th scope="col"><span className="visually-hidden">Actions</span></th> : null}
            </tr>
          </thead>
          <tbody>
            {consents.map((c) => (
              <tr key={c.id}>
                <td><StatusTag status={c.status} /></td>
                <td><StatusTag status={c.decision} label={c.decision === 'permit' ? 'Permit' : 'Deny'} /></td>
                <td>
                  {c.subjectPersonIds.map(person).join(', ')}
                  <br />
                  <span className="secondary">Given by {person(c.grantedByPersonId)}, {c.method}</span>
                </td>
                <td>{c.agencyIds.map((a) => agencyName(agencies, a)).join(', ')}</td>
                <td>
                  {c.purposes.map(sentence).join(', ')}
                  {c.dataCategories?.length ? <><br /><span className="secondary">Data: {c.dataCategories.join(', ')}</span></> : null}
                </td>
                <td>
                  {formatDateTime(c.recordedAt)}
                  {c.expiresAt ? <><br /><span className="secondary">Expires {formatDateTime(c.expiresAt)}</span></> : null}
                </td>
                {canWrite ? (
                  <td>
                    {c.status === 'active' ? (
                      <WithdrawConsent
                        consent={c}
                        onDone={() => {
                          setMessage('Consent withdrawn. Open routes that relied on it are cancelled.');
                          void load();
                          onChanged();
                        }}
                      />
                    ) : null}
                  </td>
                ) : null}
              </tr>
            ))}
          </tbody>
        </table>
      ) : null}
      {canWrite ? (
        <RecordConsentForm
          family={family}
          agencies={agencies}
          referrals={referrals}
          onRecorded={() => {
            setMessage('Consent recorded.');
            void load();
            onChanged();
          }}
        />
      ) : null}
    </section>
  );
}

function WithdrawConsent({ consent, onDone }: { consent: Consent; onDone: () => void }) {
  const [open, setOpen] = useState(false);
  const [reason, setReason] = useState('');
  const [error, setError] = useState<string | null>(null);
  const [busy, setBusy] = useState(false);
  if (!open) {
    return (
      <button type="button" className="button button--warning button--small" onClick={() => setOpen(true)}>
        Withdraw<span className="visually-hidden"> consent recorded {formatDateTime(consent.recordedAt)}</span>
      </button>
    );
  }
  async function withdraw() {
    setBusy(true);
    try {
      await api(`/v1/consents/${consent.id}/withdraw`, { method: 'POST', body: reason.trim() ? { reason: reason.trim() } : {} });
      onDone();
    } catch (e) {
      setError(describeError(e));
    } finally {
      setBusy(false);
    }
  }
  return (
    <div className="withdraw">
      {error ? <p className="error-message" role="alert">{error}</p> : null}
      <label className="label label--s" htmlFor={`withdraw-${consent.id}`}>
        Reason (optional)
      </label>
      <input id={`withdraw-${consent.id}`} className="input" value={reason} onChange={(e) => setReason(e.target.value)} />
      <div className="button-group">
        <button type="button" className="button button--warning button--small" onClick={withdraw} disabled={busy}>
          Confirm withdrawal
        </button>
        <button type="button" className="button button--secondary button--small" onClick={() => setOpen(false)}>
          Cancel
        </button>
      </div>
    </div>
  );
}

function RecordConsentForm({ family, agencies, referrals, onRecorded }: { family: Family; agencies: Agency[]; referrals: Referral[]; onRecorded: () => void }) {
  const adults = family.members.filter((m) => ['parent', 'carer', 'grandparent', 'partner', 'aunt-uncle', 'connected-person'].includes(m.relationship));
  const [subjects, setSubjects] = useState<string[]>(family.members.map((m) => m.id));
  const [grantedBy, setGrantedBy] = useState((adults[0] ?? family.members[0])?.id ?? '');
  const [decision, setDecision] = useState('permit');
  const [agencyIds, setAgencyIds] = useState<string[]>([]);
  const [purposes, setPurposes] = useState<string[]>(['referral']);
  const [categories, setCategories] = useState<string[]>(['contact', 'story', 'needs']);
  const [method, setMethod] = useState('verbal');
  const [expiresAt, setExpiresAt] = useState('');
  const [problem, setProblem] = useState<FormProblem | null>(null);
  const [busy, setBusy] = useState(false);
  const idem = useRef<{ body: string; key: string } | null>(null);

  // Agencies this family has routes to come first: they are the ones waiting for consent.
  const routed = new Set(referrals.flatMap((r) => r.routes.map((x) => x.agencyId)));
  const ordered = [...agencies].sort((a, b) => Number(routed.has(b.id)) - Number(routed.has(a.id)) || a.name.localeCompare(b.name));

  async function submit(event: FormEvent) {
    event.preventDefault();
    const errors: { field: string; message: string }[] = [];
    if (!subjects.length) errors.push({ field: 'subjectPersonIds', message: 'must include at least one person' });
    if (!grantedBy) errors.push({ field: 'grantedByPersonId', message: 'must be chosen' });
    if (!agencyIds.length) errors.push({ field: 'agencyIds', message: 'must include at least one agency' });
    if (!purposes.length) errors.push({ field: 'purposes', message: 'must include at least one purpose' });
    if (errors.length) {
      setProblem({ errors });
      return;
    }
    const body = {
      subjectPersonIds: subjects,
      grantedByPersonId: grantedBy,
      decision,
      agencyIds,
      purposes,
      dataCategories: categories,
      method,
      ...(expiresAt ? { expiresAt: new Date(`${expiresAt}T23:59:59`).toISOString() } : {}),
    };
    idem.current = idempotencyKeyFor(idem.current, body);
    setBusy(true);
    setProblem(null);
    try {
      await api(`/v1/families/${family.id}/consents`, { method: 'POST', body, headers: { 'Idempotency-Key': idem.current.key } });
      idem.current = null;
      setProblem(null);
      setAgencyIds([]);
      onRecorded();
    } catch (e) {
      setProblem(problemFrom(e));
    } finally {
      setBusy(false);
    }
  }

  return (
    <form onSubmit={submit} noValidate className="subform" aria-labelledby="record-consent">
      <h3 id="record-consent">Record consent</h3>
      <ErrorSummary problem={problem} />
      <CheckboxGroup field="subjectPersonIds" label="Who the consent is about" values={subjects} onChange={setSubjects} options={family.members.map((m) => ({ value: m.id, label: `${memberName(m)} (${sentence(m.relationship).toLowerCase()})` }))} error={errorFor(problem, 'subjectPersonIds')} small />
      <SelectField field="grantedByPersonId" label="Given by" value={grantedBy} onChange={setGrantedBy} options={family.members.map((m) => ({ value: m.id, label: memberName(m) }))} error={errorFor(problem, 'grantedByPersonId')} />
      <RadioGroup field="decision" label="Decision" value={decision} onChange={setDecision} options={[{ value: 'permit', label: 'Permit sharing' }, { value: 'deny', label: 'Deny sharing' }]} error={errorFor(problem, 'decision')} inline />
      <CheckboxGroup field="agencyIds" label="Agencies" hint={routed.size ? 'Agencies with a route for this family are listed first.' : undefined} values={agencyIds} onChange={setAgencyIds} options={ordered.map((a) => ({ value: a.id, label: routed.has(a.id) ? `${a.name} (has a route)` : a.name }))} error={errorFor(problem, 'agencyIds')} small />
      <CheckboxGroup field="purposes" label="Purposes" values={purposes} onChange={setPurposes} options={CONSENT_PURPOSES.map((p) => ({ value: p, label: sentence(p) }))} error={errorFor(problem, 'purposes')} small />
      <CheckboxGroup field="dataCategories" label="Data that may be shared" values={categories} onChange={setCategories} options={DATA_CATEGORIES} error={errorFor(problem, 'dataCategories')} small />
      <RadioGroup field="method" label="How consent was given" value={method} onChange={setMethod} options={[{ value: 'verbal', label: 'Verbal' }, { value: 'written', label: 'Written' }, { value: 'online', label: 'Online' }]} error={errorFor(problem, 'method')} inline />
      <TextField field="expiresAt" type="date" label="Expires on (optional)" value={expiresAt} onChange={setExpiresAt} error={errorFor(problem, 'expiresAt')} width="medium" />
      <button type="submit" className="button" disabled={busy}>
        Record consent
      </button>
    </form>
  );
}

// ---- plans ------------------------------------------------------------------------------------

function PlansPanel({ familyId, agencies, refreshKey }: { familyId: string; agencies: Agency[]; refreshKey: number }) {
  const [plans, setPlans] = useState<Plan[] | null>(null);
  const [error, setError] = useState<string | null>(null);
  useEffect(() => {
    let live = true;
    api<Page<Plan>>(`/v1/families/${familyId}/plans`).then(
      (p) => live && setPlans(asList<Plan>(p)),
      // 404: the plans service does not know the family (yet): there is no plan to show.
      (e: unknown) => live && (e instanceof ApiError && e.status === 404 ? setPlans([]) : setError(describeError(e))),
    );
    return () => {
      live = false;
    };
  }, [familyId, refreshKey]);

  return (
    <section aria-labelledby="plans">
      <h2 id="plans">Plans</h2>
      {error ? <Notice kind="error" title="Plans could not be loaded">{error}</Notice> : null}
      {plans && plans.length === 0 ? <p>No Team Around the Family plan yet.</p> : null}
      {plans?.map((plan) => (
        <article className="card" key={plan.id} aria-labelledby={`plan-${plan.id}`}>
          <h3 id={`plan-${plan.id}`} className="card__title">
            <Link to={`/plans/${plan.id}`}>Plan: {sentence(plan.levelOfNeed)}</Link> <StatusTag status={plan.status} />
          </h3>
          <dl className="summary-list">
            {plan.leadPractitioner ? (
              <div className="summary-list__row">
                <dt>Lead practitioner</dt>
                <dd>{plan.leadPractitioner.name}, {agencyName(agencies, plan.leadPractitioner.agencyId)}</dd>
              </div>
            ) : null}
            {plan.nextReviewDate ? (
              <div className="summary-list__row">
                <dt>Next review</dt>
                <dd>{formatDate(plan.nextReviewDate)}</dd>
              </div>
            ) : null}
          </dl>
          {plan.outcomes?.length ? (
            <>
              <h4>Outcomes</h4>
              <ul className="list list--plain">
                {plan.outcomes.map((o) => (
                  <li key={o.id} className="outcome">
                    <p className="outcome__title">{o.description}</p>
                    {o.distanceTravelled?.length ? (
                      <ol className="scores" aria-label={`Scores over time for: ${o.description}`}>
                        {o.distanceTravelled.map((d) => (
                          <li key={d.reviewId} className="scores__item">
                            <span className="scores__date">{formatDate(d.at)}</span>
                            <span className="scores__bar" aria-hidden="true">
                              <span style={{ width: `${d.score * 10}%` }} />
                            </span>
                            <span className="scores__value">{d.score} out of 10</span>
                          </li>
                        ))}
                      </ol>
                    ) : (
                      <p className="secondary">Not scored yet.</p>
                    )}
                  </li>
                ))}
              </ul>
            </>
          ) : null}
          <h4>Actions</h4>
          {plan.actions.length ? (
            <table className="table">
              <caption className="visually-hidden">Plan actions</caption>
              <thead>
                <tr>
                  <th scope="col">Action</th>
                  <th scope="col">Agency</th>
                  <th scope="col">Due</th>
                  <th scope="col">Status</th>
                </tr>
              </thead>
              <tbody>
                {plan.actions.map((a) => (
                  <tr key={a.id}>
                    <td>{a.description}</td>
                    <td>
                      {agencyName(agencies, a.agencyId)}
                      {a.awaitingConsent ? <><br /><StatusTag status="awaiting-consent" label="Waiting for consent" /></> : null}
                    </td>
                    <td>{formatDate(a.dueDate)}</td>
                    <td><StatusTag status={a.status} /></td>
                  </tr>
                ))}
              </tbody>
            </table>
          ) : (
            <p>No actions.</p>
          )}
          {plan.reviews?.length ? (
            <>
              <h4>Reviews</h4>
              <ol className="list list--plain">
                {plan.reviews.map((r) => (
                  <li key={r.id} className="review">
                    <p className="review__date">{formatDate(r.heldAt)}</p>
                    <p>{r.summary}</p>
                  </li>
                ))}
              </ol>
            </>
          ) : null}
        </article>
      ))}
    </section>
  );
}

// ---- merged timeline with infinite scroll -----------------------------------------------------

function Timeline({ familyId, refreshKey }: { familyId: string; refreshKey: number }) {
  const [items, setItems] = useState<TimelineEntry[]>([]);
  const [cursor, setCursor] = useState<string | null>(null);
  const [started, setStarted] = useState(false);
  const [loading, setLoading] = useState(false);
  const [error, setError] = useState<string | null>(null);
  const [announcement, setAnnouncement] = useState('');
  const busy = useRef(false);
  const generation = useRef(0);
  const sentinel = useRef<HTMLDivElement>(null);

  const loadPage = useCallback(
    async (from: string | null) => {
      if (busy.current) return;
      busy.current = true;
      const gen = generation.current;
      setLoading(true);
      try {
        const page = await api<Page<TimelineEntry>>(`/v1/families/${familyId}/timeline?order=desc&limit=20${from ? `&cursor=${encodeURIComponent(from)}` : ''}`);
        if (gen !== generation.current) return;
        setItems((prev) => {
          const seen = new Set(from ? prev.map((p) => p.id) : []);
          const fresh = page.items.filter((i) => !seen.has(i.id));
          return from ? [...prev, ...fresh] : fresh;
        });
        setCursor(page.nextCursor);
        setAnnouncement(from ? `${page.items.length} more timeline entries loaded` : '');
        setError(null);
      } catch (e) {
        if (gen === generation.current) setError(describeError(e));
      } finally {
        busy.current = false;
        setLoading(false);
        setStarted(true);
      }
    },
    [familyId],
  );

  useEffect(() => {
    generation.current += 1;
    busy.current = false;
    void loadPage(null);
  }, [loadPage, refreshKey]);

  // Load the next page as the end of the list scrolls into view.
  useEffect(() => {
    const node = sentinel.current;
    if (!node || !cursor || typeof IntersectionObserver === 'undefined') return;
    const observer = new IntersectionObserver((entries) => {
      if (entries.some((e) => e.isIntersecting)) void loadPage(cursor);
    }, { rootMargin: '200px' });
    observer.observe(node);
    return () => observer.disconnect();
  }, [cursor, loadPage]);

  return (
    <section aria-labelledby="timeline">
      <h2 id="timeline">Timeline</h2>
      <p className="button-group">
        <button type="button" className="button button--secondary" onClick={() => { generation.current += 1; busy.current = false; void loadPage(null); }}>
          Refresh timeline
        </button>
      </p>
      {error ? <Notice kind="error" title="The timeline could not be loaded">{error}</Notice> : null}
      {started && !items.length && !error ? <p>Nothing has happened yet.</p> : null}
      <ol className="timeline" data-testid="timeline" aria-label="Everything that happened to the family, newest first">
        {items.map((item) => (
          <li key={item.id} className="timeline__item" data-type={item.type}>
            <p className="timeline__summary">{item.summary}</p>
            <p className="timeline__meta">
              <time dateTime={item.at}>{formatDateTime(item.at)}</time>
              {' · '}
              {item.type}
              {' · '}
              {item.source}
              {item.actor?.role ? ` · by ${item.actor.role}${item.actor.agencyId ? ` (${item.actor.agencyId})` : ''}` : ''}
            </p>
          </li>
        ))}
      </ol>
      <div ref={sentinel} aria-hidden="true" />
      <div className="visually-hidden" aria-live="polite">
        {announcement}
      </div>
      {cursor ? (
        <button type="button" className="button button--secondary" onClick={() => void loadPage(cursor)} disabled={loading}>
          Load more
        </button>
      ) : started && items.length ? (
        <p className="secondary">This is the start of the family’s timeline.</p>
      ) : null}
      {loading ? <p role="status">Loading…</p> : null}
    </section>
  );
}
