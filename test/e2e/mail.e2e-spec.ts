import { eventually } from './support/api';
import { agencyFor, grantConsent, raiseReferral, registerFamily } from './support/journey';

interface SunkMail {
  from: string | null;
  to: string[];
  raw: string;
}

/** The local mail sink the stack starts for SMTP_URL (scripts/stack.js), as `npm start` does. */
async function sunkMail(): Promise<SunkMail[]> {
  const url = process.env.TELLONCE_MAIL_URL;
  if (!url) throw new Error('no mail sink: something else already listens on SMTP_URL, so the stack did not start its own');
  const res = await fetch(url);
  expect(res.status).toBe(200);
  return (await res.json()) as SunkMail[];
}

describe('mail: the local stack delivers what the platform emails', () => {
  it('an urgent need is emailed to its agency at once, with the reference and a link but no names, address or story', async () => {
    const family = await registerFamily();
    const agency = await agencyFor('debt-advice');
    await grantConsent(family, [agency]);
    const referral = await raiseReferral(family, { needs: [{ code: 'debt-advice', urgency: 'urgent' }] });

    const mail = await eventually(async () => (await sunkMail()).find((m) => m.raw.includes(referral.reference)), 30_000);
    expect(mail.raw).toMatch(/URGENT/);
    expect(mail.raw).toContain('debt-advice');
    expect(mail.to).toEqual([`${agency}@agencies.tellonce.local`]); // the demo agencies have no inbox of their own
    for (const personal of [...family.members.map((m) => m.givenName), family.members[0].familyName, 'NG1 1AA', '1 Test Street', '0115 000 0000', 'flat is damp']) {
      expect(mail.raw).not.toContain(personal);
    }
  });
});
