import { useEffect, useRef, useState, type FormEvent } from 'react';
import { api, idempotencyKeyFor } from '../api';
import { asList, ErrorSummary, errorFor, Notice, PageHeading, problemFrom, SelectField, TextField, useDirectory, type FormProblem, type Hub } from '../components';
import { clearDraft, useDraft, useDraftKeptOnlyIfSessionEnds } from '../drafts';
import { Link } from '../router';
import type { Session } from '../session';
import { memberName, RELATIONSHIPS, sentence, type Family } from '../types';

interface MemberDraft {
  key: number;
  givenName: string;
  familyName: string;
  dateOfBirth: string;
  expectedDueDate: string;
  relationship: string;
  livesInHousehold: boolean;
  nhsNumber: string;
}

let nextKey = 1;
const blankMember = (relationship = 'parent'): MemberDraft => ({ key: nextKey++, givenName: '', familyName: '', dateOfBirth: '', expectedDueDate: '', relationship, livesInHousehold: true, nhsNumber: '' });

const FORM = 'register-family';

export function RegisterFamilyPage({ session }: { session: Session }) {
  const hubs = useDirectory<unknown>('/v1/directory/hubs');
  const hubOptions = asList<Hub>(hubs.data).filter((h) => !h.kind || h.kind === 'hub');
  useDraftKeptOnlyIfSessionEnds(FORM);
  const [hubId, setHubId] = useDraft(FORM, 'hubId', session.hubId ?? 'hub-north');
  const [postcode, setPostcode] = useDraft(FORM, 'postcode', '');
  const [line1, setLine1] = useDraft(FORM, 'line1', '');
  const [phone, setPhone] = useDraft(FORM, 'phone', '');
  const [email, setEmail] = useDraft(FORM, 'email', '');
  const [members, setMembers] = useDraft<MemberDraft[]>(FORM, 'members', () => [blankMember('parent')]);
  const [problem, setProblem] = useState<FormProblem | null>(null);
  const [busy, setBusy] = useState(false);
  const [created, setCreated] = useState<Family | null>(null);
  const idem = useRef<{ body: string; key: string } | null>(null);

  // Members restored from a draft keep their keys: new ones must not repeat them.
  useEffect(() => {
    nextKey = Math.max(nextKey, ...members.map((m) => m.key + 1));
  }, [members]);

  const update = (key: number, patch: Partial<MemberDraft>) => setMembers((ms) => ms.map((m) => (m.key === key ? { ...m, ...patch } : m)));

  async function submit(event: FormEvent) {
    event.preventDefault();
    const errors: { field: string; message: string }[] = [];
    if (!postcode.trim()) errors.push({ field: 'address.postcode', message: 'must be entered' });
    members.forEach((m, i) => {
      if (!m.givenName.trim()) errors.push({ field: `members.${i}.givenName`, message: 'must be entered' });
      if (!m.familyName.trim()) errors.push({ field: `members.${i}.familyName`, message: 'must be entered' });
    });
    if (errors.length) {
      setProblem({ errors });
      return;
    }
    const body = {
      hubId,
      members: members.map((m) => ({
        givenName: m.givenName.trim(),
        familyName: m.familyName.trim(),
        ...(m.dateOfBirth ? { dateOfBirth: m.dateOfBirth } : {}),
        ...(m.expectedDueDate ? { expectedDueDate: m.expectedDueDate } : {}),
        relationship: m.relationship,
        livesInHousehold: m.livesInHousehold,
        ...(m.nhsNumber.trim() ? { nhsNumber: m.nhsNumber.replace(/\s+/g, '') } : {}),
      })),
      address: { postcode: postcode.trim(), ...(line1.trim() ? { line1: line1.trim() } : {}) },
      ...(phone.trim() || email.trim() ? { contact: { ...(phone.trim() ? { phone: phone.trim() } : {}), ...(email.trim() ? { email: email.trim() } : {}) } } : {}),
    };
    idem.current = idempotencyKeyFor(idem.current, body);
    setBusy(true);
    setProblem(null);
    try {
      const family = await api<Family>('/v1/families', { method: 'POST', body, headers: { 'Idempotency-Key': idem.current.key } });
      clearDraft(FORM);
      setProblem(null);
      setCreated(family);
      idem.current = null;
      document.getElementById('page-heading')?.focus();
    } catch (error) {
      setProblem(problemFrom(error));
    } finally {
      setBusy(false);
    }
  }

  if (created) {
    return (
      <>
        <div className="panel panel--confirmation">
          <PageHeading title="Family registered">Family registered</PageHeading>
          <div className="panel__body">
            Their reference is
            <br />
            <strong data-testid="family-reference">{created.reference}</strong>
          </div>
        </div>
        {created.possibleDuplicates && created.possibleDuplicates.length ? (
          <Notice kind="warning" title="This family may already be known">
            <p>Check these families before raising a referral. The family was registered anyway.</p>
            <ul className="list list--bullet" data-testid="possible-duplicates">
              {created.possibleDuplicates.map((d) => (
                <li key={d.familyId}>
                  <Link to={`/families/${d.familyId}`}>Possible duplicate</Link> (score {Math.round(d.score * 100) / 100}): {d.reasons.map(sentence).join(', ')}
                </li>
              ))}
            </ul>
          </Notice>
        ) : (
          <p>No likely duplicates were found.</p>
        )}
        <h2>Members</h2>
        <ul className="list list--bullet">
          {created.members.map((m) => (
            <li key={m.id}>
              {memberName(m)} ({sentence(m.relationship)})
            </li>
          ))}
        </ul>
        <p className="button-group">
          <Link to={`/families/${created.id}`} className="button">
            Go to the family page
          </Link>
          <Link to={`/families/${created.id}/referrals/new`} className="button button--secondary">
            Raise a referral
          </Link>
        </p>
      </>
    );
  }

  return (
    <>
      <ErrorSummary problem={problem} />
      <PageHeading title="Register a family">Register a family</PageHeading>
      <form onSubmit={submit} noValidate>
        <SelectField field="hubId" label="Family hub" value={hubId} onChange={setHubId} options={(hubOptions.length ? hubOptions : [{ id: 'hub-north', name: 'North Family Hub' }, { id: 'hub-east', name: 'East Family Hub' }]).map((h) => ({ value: h.id, label: h.name ? `${h.name} (${h.id})` : h.id }))} error={errorFor(problem, 'hubId')} />
        {members.map((m, i) => (
          <fieldset className="fieldset fieldset--boxed" key={m.key}>
            <legend className="fieldset__legend fieldset__legend--m">Member {i + 1}</legend>
            <TextField field={`members.${i}.givenName`} label="Given name" value={m.givenName} onChange={(v) => update(m.key, { givenName: v })} error={errorFor(problem, `members.${i}.givenName`)} width="medium" />
            <TextField field={`members.${i}.familyName`} label="Family name" value={m.familyName} onChange={(v) => update(m.key, { familyName: v })} error={errorFor(problem, `members.${i}.familyName`)} width="medium" />
            <SelectField field={`members.${i}.relationship`} label="Relationship" value={m.relationship} onChange={(v) => update(m.key, { relationship: v })} options={RELATIONSHIPS.map((r) => ({ value: r, label: sentence(r) }))} error={errorFor(problem, `members.${i}.relationship`)} />
            {m.relationship === 'unborn' ? (
              <TextField field={`members.${i}.expectedDueDate`} type="date" label="Expected due date (optional)" value={m.expectedDueDate} onChange={(v) => update(m.key, { expectedDueDate: v })} error={errorFor(problem, `members.${i}.expectedDueDate`)} width="medium" />
            ) : (
              <TextField field={`members.${i}.dateOfBirth`} type="date" label="Date of birth (optional)" value={m.dateOfBirth} onChange={(v) => update(m.key, { dateOfBirth: v })} error={errorFor(problem, `members.${i}.dateOfBirth`)} width="medium" />
            )}
            <TextField field={`members.${i}.nhsNumber`} label="NHS number (optional)" hint="10 digits" value={m.nhsNumber} onChange={(v) => update(m.key, { nhsNumber: v })} error={errorFor(problem, `members.${i}.nhsNumber`)} width="short" />
            <div className="checkboxes__item form-group">
              <input className="checkboxes__input" type="checkbox" id={`f-members-${i}-livesInHousehold`} checked={m.livesInHousehold} onChange={(e) => update(m.key, { livesInHousehold: e.target.checked })} />
              <label className="checkboxes__label" htmlFor={`f-members-${i}-livesInHousehold`}>
                Lives in the household
              </label>
            </div>
            {members.length > 1 ? (
              <button type="button" className="button button--warning button--small" onClick={() => setMembers((ms) => ms.filter((x) => x.key !== m.key))}>
                Remove member {i + 1}
              </button>
            ) : null}
          </fieldset>
        ))}
        <p>
          <button type="button" className="button button--secondary" onClick={() => setMembers((ms) => [...ms, blankMember('child')])}>
            Add another member
          </button>
        </p>
        <h2>Address and contact</h2>
        <TextField field="address.postcode" label="Postcode" value={postcode} onChange={setPostcode} error={errorFor(problem, 'address.postcode')} width="short" autoComplete="off" />
        <TextField field="address.line1" label="Address line 1 (optional)" value={line1} onChange={setLine1} error={errorFor(problem, 'address.line1')} />
        <TextField field="contact.phone" type="tel" label="Phone (optional)" value={phone} onChange={setPhone} error={errorFor(problem, 'contact.phone')} width="medium" />
        <TextField field="contact.email" type="email" label="Email (optional)" value={email} onChange={setEmail} error={errorFor(problem, 'contact.email')} width="medium" />
        <button type="submit" className="button" disabled={busy}>
          Register family
        </button>
      </form>
    </>
  );
}
