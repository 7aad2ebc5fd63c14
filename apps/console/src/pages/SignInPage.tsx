import { useEffect, useState, type FormEvent } from 'react';
import { api } from '../api';
import { asList, ErrorSummary, Notice, errorFor, PageHeading, problemFrom, SelectField, TextField, type Agency, type FormProblem, type Hub, type SummaryError } from '../components';
import { keepDraftsOnlyFor, sessionHasEnded } from '../drafts';
import { startSignIn, useSignInConfig, type OidcConfig } from '../oidc';
import { navigate } from '../router';
import { afterSignIn } from '../routes';
import { AGENCY_ROLES, homeFor, HUB_ROLES, ROLE_LABELS, ROLES, setSession, type Role } from '../session';

const FALLBACK_HUBS: Hub[] = [
  { id: 'hub-north', name: 'North Family Hub' },
  { id: 'hub-east', name: 'East Family Hub' },
];

/** Reads the directory with a throwaway coordinator token, so the sign-in page can offer agencies and hubs. */
async function loadDirectory(): Promise<{ agencies: Agency[]; hubs: Hub[] }> {
  const { accessToken } = await api<{ accessToken: string }>('/v1/auth/dev-token', { method: 'POST', auth: false, body: { sub: 'console-directory-reader', role: 'coordinator', hubId: 'hub-north' } });
  const [agencies, hubs] = await Promise.all([
    api<unknown>('/v1/directory/agencies', { token: accessToken }).then((d) => asList<Agency>(d)),
    api<unknown>('/v1/directory/hubs', { token: accessToken }).then((d) => asList<Hub>(d)).catch(() => [] as Hub[]),
  ]);
  return { agencies, hubs };
}

/** How the gateway is set up decides the page: the provider's sign-in, or development tokens. */
export function SignInPage() {
  const config = useSignInConfig();
  if (config === undefined) {
    return (
      <div className="narrow">
        <PageHeading title="Sign in">Sign in to TellOnce</PageHeading>
        <p className="lead" role="status">Loading…</p>
      </div>
    );
  }
  if (config === null) {
    return (
      <div className="narrow">
        <ErrorSummary problem={{ title: 'Sign-in is unavailable', detail: 'TellOnce could not reach its sign-in service. Try again in a minute.', errors: [] }} />
        <PageHeading title="Sign in">Sign in to TellOnce</PageHeading>
        <button type="button" className="button" onClick={() => location.reload()}>
          Try again
        </button>
      </div>
    );
  }
  return config.mode === 'oidc' ? <ProviderSignIn config={config} /> : <DevSignIn />;
}

function SessionEndedNotice() {
  if (!sessionHasEnded()) return null;
  return (
    <Notice kind="warning" title="Your session has ended">
      <p>Sign in again to carry on where you were. If you were registering a family or raising a referral, what you had typed has been kept.</p>
    </Notice>
  );
}

/** Production: the authority's identity provider signs the person in (authorisation code + PKCE). */
function ProviderSignIn({ config }: { config: OidcConfig }) {
  const [problem, setProblem] = useState<FormProblem | null>(null);
  const [busy, setBusy] = useState(false);

  async function signIn() {
    setBusy(true);
    setProblem(null);
    try {
      await startSignIn(config, location.search);
    } catch (error) {
      setProblem(problemFrom(error));
      setBusy(false);
    }
  }

  return (
    <div className="narrow">
      <ErrorSummary problem={problem} />
      <PageHeading title="Sign in">Sign in to TellOnce</PageHeading>
      <SessionEndedNotice />
      <p className="lead">Sign in with your organisation's account. You will come back here once you have signed in.</p>
      <button type="button" className="button" onClick={signIn} disabled={busy}>
        Sign in
      </button>
    </div>
  );
}

/** Local development (AUTH_MODE=dev): the gateway mints a token for whoever you say you are. */
function DevSignIn() {
  const [sub, setSub] = useState('');
  const [role, setRole] = useState<Role | ''>('');
  const [agencyId, setAgencyId] = useState('');
  const [hubId, setHubId] = useState('hub-north');
  const [agencies, setAgencies] = useState<Agency[] | null>(null);
  const [hubs, setHubs] = useState<Hub[]>(FALLBACK_HUBS);
  const [problem, setProblem] = useState<FormProblem | null>(null);
  const [busy, setBusy] = useState(false);

  useEffect(() => {
    let live = true;
    loadDirectory().then(
      (d) => {
        if (!live) return;
        setAgencies(d.agencies.filter((a) => (a as { active?: boolean }).active !== false));
        const hubList = d.hubs.filter((h) => !h.kind || h.kind === 'hub');
        if (hubList.length) setHubs(hubList);
      },
      () => live && setAgencies([]),
    );
    return () => {
      live = false;
    };
  }, []);

  const needsAgency = role !== '' && AGENCY_ROLES.includes(role);
  const needsHub = role !== '' && HUB_ROLES.includes(role);

  async function submit(event: FormEvent) {
    event.preventDefault();
    const errors: SummaryError[] = [];
    if (!/^[A-Za-z0-9][A-Za-z0-9._-]{0,63}$/.test(sub)) errors.push({ field: 'sub', label: 'User id', message: 'must be a short identifier, like jo.bloggs (letters, numbers, dots, dashes)' });
    if (!role) errors.push({ field: 'role', message: 'must be chosen' });
    if (needsAgency && !agencyId) errors.push({ field: 'agencyId', label: 'Agency', message: 'must be chosen for agency roles' });
    if (errors.length) {
      setProblem({ errors });
      return;
    }
    setBusy(true);
    setProblem(null);
    try {
      const body = { sub, role, ...(needsAgency ? { agencyId } : {}), ...(needsHub && hubId ? { hubId } : {}) };
      const { accessToken } = await api<{ accessToken: string }>('/v1/auth/dev-token', { method: 'POST', auth: false, body });
      const session = { token: accessToken, sub, role: role as Role, ...(needsAgency ? { agencyId } : {}), ...(needsHub && hubId ? { hubId } : {}) };
      keepDraftsOnlyFor(session);
      setSession(session);
      // A deep link (an email's link to a referral) asked for before signing in opens now.
      navigate(afterSignIn(location.search, homeFor(role as Role)), { replace: true });
    } catch (error) {
      setProblem(problemFrom(error));
    } finally {
      setBusy(false);
    }
  }

  return (
    <div className="narrow">
      <ErrorSummary problem={problem} />
      <PageHeading title="Sign in">Sign in to TellOnce</PageHeading>
      <SessionEndedNotice />
      <p className="lead">Development sign-in: choose who you are acting as.</p>
      <form onSubmit={submit} noValidate>
        <TextField field="sub" label="User id" hint="For example, jo.bloggs" value={sub} onChange={setSub} error={errorFor(problem, 'sub')} autoComplete="username" width="medium" />
        <SelectField field="role" label="Role" value={role} onChange={(v) => setRole(v as Role | '')} placeholder="Choose a role" options={ROLES.map((r) => ({ value: r, label: ROLE_LABELS[r] }))} error={errorFor(problem, 'role')} />
        {needsAgency ? (
          agencies && agencies.length ? (
            <SelectField field="agencyId" label="Agency" hint="The agency you work for" value={agencyId} onChange={setAgencyId} placeholder="Choose an agency" options={agencies.map((a) => ({ value: a.id, label: a.name }))} error={errorFor(problem, 'agencyId')} />
          ) : (
            <TextField field="agencyId" label="Agency id" hint={agencies === null ? 'Loading the directory…' : 'The directory could not be read: type the agency id'} value={agencyId} onChange={setAgencyId} error={errorFor(problem, 'agencyId')} width="medium" />
          )
        ) : null}
        {needsHub ? <SelectField field="hubId" label="Family hub" value={hubId} onChange={setHubId} options={hubs.map((h) => ({ value: h.id, label: h.name ? `${h.name} (${h.id})` : h.id }))} error={errorFor(problem, 'hubId')} /> : null}
        <button type="submit" className="button" disabled={busy}>
          Sign in
        </button>
      </form>
    </div>
  );
}
