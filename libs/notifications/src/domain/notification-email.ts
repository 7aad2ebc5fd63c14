/** What an email may say about one notice: references, codes, dates and a link. Never names or story. */
export interface NoticeSummary {
  kind: 'route-requested' | 'action-assigned' | 'action-overdue' | 'review-overdue';
  urgency: 'routine' | 'urgent';
  reference: string | null;
  subjectId: string;
  needCodes: string[];
  dueDate: string | null;
  link: string;
}

const HEADLINES: Record<NoticeSummary['kind'], string> = {
  'route-requested': 'New referral route for your agency',
  'action-assigned': 'Plan action assigned to your agency',
  'action-overdue': 'Plan action overdue',
  'review-overdue': 'Plan review overdue',
};

export function noticeLine(notice: NoticeSummary): string {
  const parts = [HEADLINES[notice.kind]];
  if (notice.reference) parts.push(`reference ${notice.reference}`);
  else parts.push(`id ${notice.subjectId}`);
  if (notice.needCodes.length) parts.push(`needs: ${notice.needCodes.join(', ')}`);
  if (notice.dueDate) parts.push(`due ${notice.dueDate}`);
  return `${parts.join(' — ')}\n  ${notice.link}`;
}

export function urgentEmail(notice: NoticeSummary): { subject: string; text: string } {
  return {
    subject: `[TellOnce] URGENT: ${HEADLINES[notice.kind]}${notice.reference ? ` (${notice.reference})` : ''}`,
    text: `${noticeLine(notice)}\n\nSign in to TellOnce to see the details you are permitted to see.\n`,
  };
}

export function digestEmail(notices: NoticeSummary[]): { subject: string; text: string } {
  return {
    subject: `[TellOnce] ${notices.length} new notification${notices.length === 1 ? '' : 's'}`,
    text: `${notices.map(noticeLine).join('\n\n')}\n\nSign in to TellOnce to see the details you are permitted to see.\n`,
  };
}
