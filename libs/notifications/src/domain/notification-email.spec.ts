import { digestEmail, NoticeSummary, urgentEmail } from './notification-email';

const notice: NoticeSummary = {
  kind: 'route-requested',
  urgency: 'urgent',
  reference: 'REF-7K2Q9',
  subjectId: 'route-1',
  needCodes: ['housing', 'debt-advice'],
  dueDate: null,
  link: 'http://localhost:8080/referrals/r1',
};

describe('notification emails', () => {
  it('urgent email carries reference, codes and link', () => {
    const mail = urgentEmail(notice);
    expect(mail.subject).toContain('URGENT');
    expect(mail.subject).toContain('REF-7K2Q9');
    expect(mail.text).toContain('housing, debt-advice');
    expect(mail.text).toContain('http://localhost:8080/referrals/r1');
  });

  it('digest lists every notice', () => {
    const mail = digestEmail([notice, { ...notice, kind: 'action-assigned', reference: null, subjectId: 'action-9', needCodes: [], dueDate: '2026-01-31' }]);
    expect(mail.subject).toContain('2 new notifications');
    expect(mail.text).toContain('id action-9');
    expect(mail.text).toContain('due 2026-01-31');
  });
});
