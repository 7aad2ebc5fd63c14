import { useState } from 'react';
import { asList, LinkedRecordState, RouteCard, useLinkedRecord, formatDateTime, PageHeading, StatusTag, useDirectory, type Agency, type Need } from '../components';
import { Link } from '../router';
import { FAMILY_ROLES } from '../routes';
import { AGENCY_ROLES, homeFor, type Session } from '../session';
import { sentence, type Referral, type Route } from '../types';
import { RouteActions } from './InboxPage';

/** What GET /v1/referrals/:id adds for an agency when the family shares its contact details. */
interface ReferralWithContact extends Referral {
  contact?: { phone?: string; email?: string };
  address?: { postcode: string; line1?: string };
}

/**
 * One referral, as GET /v1/referrals/:id shows it to the caller: the whole referral to hub staff
 * (with a link to the family), only its own route to an agency (which can act on it here). The
 * page urgent notification emails link to.
 */
export function ReferralPage({ referralId, session }: { referralId: string; session: Session }) {
  const { record: referral, setRecord: setReferral, error } = useLinkedRecord<ReferralWithContact>(`/v1/referrals/${encodeURIComponent(referralId)}`);
  const [announcement, setAnnouncement] = useState('');
  const agencies = asList<Agency>(useDirectory<unknown>('/v1/directory/agencies').data);
  const needs = asList<Need>(useDirectory<unknown>('/v1/directory/needs').data);
  const isAgency = AGENCY_ROLES.includes(session.role);

  if (error || !referral) {
    return <LinkedRecordState what="referral" error={error} isAgency={isAgency} home={<Link to={homeFor(session.role)}>Go to your start page</Link>} />;
  }

  const label = (code: string) => needs.find((n) => n.code === code)?.label ?? sentence(code);
  const onMoved = (route: Route, updated: Route) => {
    setReferral((prev) => (prev ? { ...prev, routes: prev.routes.map((r) => (r.id === route.id ? { ...r, ...updated } : r)) } : prev));
    setAnnouncement(`Referral ${referral.reference}: route ${sentence(updated.status).toLowerCase()}.`);
  };

  return (
    <>
      <PageHeading title={`Referral ${referral.reference}`} caption={referral.hubId ? `Hub: ${referral.hubId}` : undefined}>
        Referral {referral.reference}
      </PageHeading>
      <div role="status" aria-live="polite" className={announcement ? 'notice notice--success' : 'visually-hidden'}>
        {announcement}
      </div>
      <dl className="summary-list" data-testid="referral" data-referral-id={referral.id}>
        <div className="summary-list__row">
          <dt>Status</dt>
          <dd>
            <StatusTag status={referral.status} />
          </dd>
        </div>
        <div className="summary-list__row">
          <dt>Raised</dt>
          <dd>
            {formatDateTime(referral.createdAt)}
            {referral.channel ? ` via ${sentence(referral.channel).toLowerCase()}` : ''}
          </dd>
        </div>
        <div className="summary-list__row">
          <dt>Family</dt>
          <dd>
            {FAMILY_ROLES.includes(session.role) ? <Link to={`/families/${referral.familyId}`}>{referral.familyReference ? `Family ${referral.familyReference}` : 'Open the family'}</Link> : (referral.familyReference ?? referral.familyId)}
          </dd>
        </div>
        <div className="summary-list__row">
          <dt>Needs</dt>
          <dd>
            <ul className="list list--plain">
              {referral.needs.map((n) => (
                <li key={n.id}>
                  {label(n.code)} {n.urgency ? <StatusTag status={n.urgency} /> : null}
                </li>
              ))}
            </ul>
          </dd>
        </div>
        <div className="summary-list__row">
          <dt>Story</dt>
          <dd>{referral.story ? referral.story : <span className="secondary">Not shared</span>}</dd>
        </div>
        {referral.contact || referral.address ? (
          <div className="summary-list__row">
            <dt>Contact</dt>
            <dd>
              {[referral.address?.line1, referral.address?.postcode, referral.contact?.phone, referral.contact?.email].filter(Boolean).join(', ') || 'None given'}
            </dd>
          </div>
        ) : null}
      </dl>

      <h2>{isAgency ? 'Your route' : 'Routes'}</h2>
      <ul className="board" aria-label={`Routes of referral ${referral.reference}`}>
        {referral.routes.map((route) => (
          <RouteCard key={route.id} route={route} agencies={agencies} needLabel={label}>
            {isAgency && route.agencyId === session.agencyId ? <RouteActions row={{ referral, route }} onMoved={(_row, updated) => onMoved(route, updated)} /> : null}
          </RouteCard>
        ))}
      </ul>
      <p>
        <Link to={homeFor(session.role)}>{isAgency ? 'Back to the inbox' : 'Back to your start page'}</Link>
      </p>
    </>
  );
}
