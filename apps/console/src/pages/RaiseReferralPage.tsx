import { useEffect, useRef, useState, type FormEvent } from 'react';
import { api, describeError, fieldId, idempotencyKeyFor } from '../api';
import { agencyName, asList, ErrorSummary, errorFor, Notice, PageHeading, problemFrom, RadioGroup, SelectField, StatusTag, TextArea, useDirectory, type Agency, type FormProblem, type Need, type SummaryError } from '../components';
import { clearDraft, useDraft, useDraftKeptOnlyIfSessionEnds } from '../drafts';
import { Link } from '../router';
import type { Session } from '../session';
import { CHANNELS, memberName, sentence, type Family, type Referral } from '../types';

interface NeedChoice {
  urgency: string;
  personId: string;
}

export function RaiseReferralPage({ familyId, session }: { familyId: string; session: Session }) {
  const [family, setFamily] = useState<Family | null>(null);
  const [loadError, setLoadError] = useState<string | null>(null);
  const needsDir = useDirectory<unknown>('/v1/directory/needs');
  const needs = asList<Need>(needsDir.data);
  const agencies = asList<Agency>(useDirectory<unknown>('/v1/directory/agencies').data);
  const form = `raise-referral:${familyId}`;
  useDraftKeptOnlyIfSessionEnds(form);
  const [chosen, setChosen] = useDraft<Record<string, NeedChoice>>(form, 'chosen', {});
  const [order, setOrder] = useDraft<string[]>(form, 'order', []);
  const [channel, setChannel] = useDraft(form, 'channel', '');
  const [story, setStory] = useDraft(form, 'story', '');
  const [problem, setProblem] = useState<FormProblem | null>(null);
  const [busy, setBusy] = useState(false);
  const [created, setCreated] = useState<Referral | null>(null);
  const idem = useRef<{ body: string; key: string } | null>(null);

  useEffect(() => {
    let live = true;
    api<Family>(`/v1/families/${encodeURIComponent(familyId)}`).then(
      (f) => live && setFamily(f),
      (e: unknown) => live && setLoadError(describeError(e)),
    );
    return () => {
      live = false;
    };
  }, [familyId]);

  const toggle = (code: string) => {
    if (chosen[code]) {
      const next = { ...chosen };
      delete next[code];
      setChosen(next);
      setOrder((o) => o.filter((c) => c !== code));
    } else {
      setChosen({ ...chosen, [code]: { urgency: 'routine', personId: '' } });
      setOrder((o) => [...o, code]);
    }
  };
  const label = (code: string) => needs.find((n) => n.code === code)?.label ?? sentence(code);

  async function submit(event: FormEvent) {
    event.preventDefault();
    if (!family) return;
    const errors: SummaryError[] = [];
    if (!order.length) errors.push({ field: 'needs', message: 'must include at least one need', label: 'Needs' });
    if (!channel) errors.push({ field: 'channel', message: 'must be chosen', label: 'How the family asked for help' });
    if (!story.trim()) errors.push({ field: 'story', message: 'must be entered', label: 'The family’s story' });
    if (errors.length) {
      setProblem({ errors });
      return;
    }
    const body = {
      familyId: family.id,
      hubId: session.hubId ?? family.hubId,
      channel,
      story: story.trim(),
      needs: order.map((code) => ({ code, urgency: chosen[code].urgency, ...(chosen[code].personId ? { personId: chosen[code].personId } : {}) })),
    };
    idem.current = idempotencyKeyFor(idem.current, body);
    setBusy(true);
    setProblem(null);
    try {
      const referral = await api<Referral>('/v1/referrals', { method: 'POST', body, headers: { 'Idempotency-Key': idem.current.key } });
      clearDraft(form);
      idem.current = null;
      setProblem(null);
      setCreated(referral);
      document.getElementById('page-heading')?.focus();
    } catch (e) {
      const p = problemFrom(e);
      // needs.N.x names the Nth chosen need: point it at that need's own fields.
      p.errors = p.errors.map((err) => {
        const m = /^needs\.(\d+)\.?(.*)$/.exec(err.field);
        const code = m ? order[Number(m[1])] : undefined;
        if (!m || !code) return err;
        const sub = m[2] || 'code';
        return { field: sub === 'code' ? (needs[0]?.code === code ? 'needs' : `need.${code}`) : `need.${code}.${sub}`, message: err.message, label: `${label(code)}: ${sub === 'personId' ? 'family member' : sub}` };
      });
      setProblem(p);
    } finally {
      setBusy(false);
    }
  }

  if (loadError) {
    return (
      <>
        <PageHeading title="Raise a referral">Raise a referral</PageHeading>
        <Notice kind="error">{loadError}</Notice>
      </>
    );
  }

  if (created) {
    const routed = new Set(created.routes.flatMap((r) => r.needCodes));
    const unmet = created.needs.filter((n) => !routed.has(n.code));
    return (
      <>
        <div className="panel panel--confirmation">
          <PageHeading title="Referral raised">Referral raised</PageHeading>
          <div className="panel__body">
            Reference
            <br />
            <strong data-testid="referral-reference">{created.reference}</strong>
          </div>
        </div>
        <h2>Where the referral went</h2>
        {created.routes.length ? (
          <table className="table" data-testid="created-routes">
            <caption className="visually-hidden">Routes created for this referral</caption>
            <thead>
              <tr>
                <th scope="col">Agency</th>
                <th scope="col">Needs</th>
                <th scope="col">Status</th>
              </tr>
            </thead>
            <tbody>
              {created.routes.map((r) => (
                <tr key={r.id} data-route-id={r.id} data-agency-id={r.agencyId} data-status={r.status}>
                  <td>{agencyName(agencies, r.agencyId)}</td>
                  <td>{r.needCodes.map(label).join(', ')}</td>
                  <td><StatusTag status={r.status} /></td>
                </tr>
              ))}
            </tbody>
          </table>
        ) : (
          <p>No agency could take these needs.</p>
        )}
        {created.routes.some((r) => r.status === 'awaiting-consent') ? (
          <Notice kind="info" title="Waiting for consent">
            Routes awaiting consent are sent to their agency as soon as the family’s consent (or a safeguarding override) permits it.
          </Notice>
        ) : null}
        <h2>Unmet needs</h2>
        {unmet.length ? (
          <Notice kind="warning" title="No active service was found for these needs at this hub">
            <ul className="list list--bullet" data-testid="unmet-needs">
              {unmet.map((n) => (
                <li key={n.id}>{label(n.code)}</li>
              ))}
            </ul>
          </Notice>
        ) : (
          <p>Every need has a route.</p>
        )}
        <p className="button-group">
          <Link to={`/families/${familyId}#consent`} className="button">
            Go to the family page
          </Link>
        </p>
      </>
    );
  }

  return (
    <>
      <ErrorSummary problem={problem} />
      <PageHeading title="Raise a referral" caption={family ? `Family ${family.reference}` : undefined}>
        Raise a referral
      </PageHeading>
      <p className="lead">Record the family’s story once. Every agency the referral goes to reads it from here.</p>
      {!family ? (
        <p role="status">Loading…</p>
      ) : (
        <form onSubmit={submit} noValidate>
          <div className={`form-group${errorFor(problem, 'needs') ? ' form-group--error' : ''}`}>
            <fieldset className="fieldset" aria-describedby={`${fieldId('needs')}-hint`}>
              <legend className="fieldset__legend fieldset__legend--m">Needs</legend>
              <div className="hint" id={`${fieldId('needs')}-hint`}>
                Select every need the family talked about. For each one, say how urgent it is and who it is for.
              </div>
              {errorFor(problem, 'needs') ? <p className="error-message"><span className="visually-hidden">Error:</span> {errorFor(problem, 'needs')}</p> : null}
              {needsDir.error ? <Notice kind="error">{needsDir.error}</Notice> : null}
              <div className="checkboxes checkboxes--small needs">
                {needs.map((n, i) => {
                  const id = i === 0 ? fieldId('needs') : fieldId(`need.${n.code}`);
                  const choice = chosen[n.code];
                  return (
                    <div className="checkboxes__item" key={n.code}>
                      <input className="checkboxes__input" type="checkbox" id={id} name="needs" value={n.code} checked={!!choice} onChange={() => toggle(n.code)} aria-controls={choice ? `need-${n.code}-details` : undefined} />
                      <label className="checkboxes__label" htmlFor={id}>
                        {n.label}
                      </label>
                      {choice ? (
                        <div className="conditional" id={`need-${n.code}-details`}>
                          <RadioGroup field={`need.${n.code}.urgency`} label={`Urgency of ${n.label.toLowerCase()}`} legendClass="fieldset__legend--s" value={choice.urgency} onChange={(v) => setChosen({ ...chosen, [n.code]: { ...choice, urgency: v } })} options={[{ value: 'routine', label: 'Routine' }, { value: 'urgent', label: 'Urgent' }]} error={errorFor(problem, `need.${n.code}.urgency`)} inline />
                          <SelectField field={`need.${n.code}.personId`} label={`Who needs ${n.label.toLowerCase()} (optional)`} value={choice.personId} onChange={(v) => setChosen({ ...chosen, [n.code]: { ...choice, personId: v } })} placeholder="The whole family" options={family.members.map((m) => ({ value: m.id, label: memberName(m) }))} error={errorFor(problem, `need.${n.code}.personId`)} />
                        </div>
                      ) : null}
                    </div>
                  );
                })}
              </div>
            </fieldset>
          </div>
          <SelectField field="channel" label="How the family asked for help" value={channel} onChange={setChannel} placeholder="Choose a channel" options={CHANNELS} error={errorFor(problem, 'channel')} />
          <TextArea field="story" label="The family’s story" hint="In their words, as much as they want to share. Agencies only see it where consent allows." value={story} onChange={setStory} error={errorFor(problem, 'story')} rows={8} />
          <button type="submit" className="button" disabled={busy}>
            Raise referral
          </button>
        </form>
      )}
    </>
  );
}
