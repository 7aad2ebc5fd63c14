import type { DataSource } from 'typeorm';
import { Agency, AgencyKind, DirectoryService, Hub, HubKind } from '../entities';
import type { DirectoryUseCases } from '../use-cases/directory.use-cases';

export interface DemoDirectory {
  hubs: { id: string; name: string; kind: HubKind; parentHubId: string | null }[];
  agencies: { id: string; name: string; kind: AgencyKind; active: boolean }[];
  services: { id: string; name: string; agencyId: string; needs: string[]; hubIds: string[]; status: 'active' | 'inactive'; capacity: 'open' | 'waitlist' | 'closed' }[];
}

const BOTH = ['hub-north', 'hub-east'];
const svc = (id: string, name: string, agencyId: string, needs: string[], capacity: 'open' | 'waitlist' | 'closed' = 'open', hubIds = BOTH) => ({
  id,
  name,
  agencyId,
  needs,
  hubIds,
  status: 'active' as const,
  capacity,
});

/**
 * A believable demo authority: two Family Hubs with network points, and at least one active,
 * non-closed service for every need code at both hubs. Debt advice has a choice (open, waitlist,
 * closed) so routing visibly prefers open capacity. Tests import this constant.
 */
export const DEMO_DIRECTORY: DemoDirectory = {
  hubs: [
    { id: 'hub-north', name: 'North Family Hub', kind: 'hub', parentHubId: null },
    { id: 'hub-east', name: 'East Family Hub', kind: 'hub', parentHubId: null },
    { id: 'np-north-library', name: 'North Library network point', kind: 'network-point', parentHubId: 'hub-north' },
    { id: 'np-north-health-centre', name: 'Northgate Health Centre network point', kind: 'network-point', parentHubId: 'hub-north' },
    { id: 'np-east-school', name: 'Eastfield Primary School network point', kind: 'network-point', parentHubId: 'hub-east' },
  ],
  agencies: [
    { id: 'nhs-maternity', name: 'City Hospitals Maternity Service', kind: 'health', active: true },
    { id: 'nhs-community-health', name: 'Community Health 0-19 Service', kind: 'health', active: true },
    { id: 'breastfeeding-network', name: 'Breastfeeding Peer Support Network', kind: 'voluntary', active: true },
    { id: 'perinatal-mental-health-team', name: 'Perinatal Mental Health Team', kind: 'health', active: true },
    { id: 'send-service', name: 'SEND Information, Advice and Support Service', kind: 'statutory', active: true },
    { id: 'citizens-advice-north', name: 'Citizens Advice North', kind: 'voluntary', active: true },
    { id: 'money-matters-east', name: 'Money Matters East', kind: 'voluntary', active: true },
    { id: 'credit-union-advice', name: 'Community Credit Union Advice', kind: 'voluntary', active: true },
    { id: 'housing-options', name: 'Council Housing Options', kind: 'statutory', active: true },
    { id: 'relate-local', name: 'Relate Local', kind: 'voluntary', active: true },
    { id: 'early-help-team', name: 'Early Help Service', kind: 'statutory', active: true },
    { id: 'mind-local', name: 'Local Mind', kind: 'voluntary', active: true },
    { id: 'camhs', name: 'Child and Adolescent Mental Health Service', kind: 'health', active: true },
    { id: 'safe-at-home', name: 'Safe at Home Domestic Abuse Service', kind: 'voluntary', active: true },
    { id: 'recovery-service', name: 'Drug and Alcohol Recovery Service', kind: 'health', active: true },
    { id: 'employment-hub', name: 'Employment and Skills Hub', kind: 'statutory', active: true },
    { id: 'education-welfare', name: 'Education Welfare and Inclusion', kind: 'statutory', active: true },
    { id: 'youth-service', name: 'Youth Service', kind: 'statutory', active: true },
    { id: 'childrens-social-care', name: "Children's Social Care", kind: 'statutory', active: true },
  ],
  services: [
    svc('community-midwifery', 'Community midwifery', 'nhs-maternity', ['midwifery']),
    svc('health-visiting-0-5', 'Health visiting (0-5)', 'nhs-community-health', ['health-visiting', 'infant-feeding']),
    svc('breastfeeding-peer-support', 'Breastfeeding peer support', 'breastfeeding-network', ['infant-feeding']),
    svc('perinatal-mental-health', 'Specialist perinatal mental health', 'perinatal-mental-health-team', ['perinatal-mental-health'], 'waitlist'),
    svc('sendiass', 'SEND information, advice and support', 'send-service', ['send']),
    svc('debt-advice-north', 'Debt and money advice', 'citizens-advice-north', ['debt-advice']),
    svc('money-matters-debt', 'Debt advice clinic', 'money-matters-east', ['debt-advice', 'employment-skills'], 'waitlist'),
    svc('credit-union-budgeting', 'Budgeting and debt advice', 'credit-union-advice', ['debt-advice'], 'closed'),
    svc('housing-options-advice', 'Housing options and homelessness prevention', 'housing-options', ['housing']),
    svc('relate-family-counselling', 'Family and couples counselling', 'relate-local', ['relationship-support']),
    svc('early-help-family-support', 'Early help family support', 'early-help-team', ['early-help', 'parenting-support']),
    svc('mind-wellbeing', 'Emotional wellbeing support', 'mind-local', ['emotional-wellbeing']),
    svc('camhs-core', 'CAMHS core service', 'camhs', ['camhs'], 'waitlist'),
    svc('safe-at-home-idva', 'Domestic abuse advocacy', 'safe-at-home', ['domestic-abuse']),
    svc('recovery-family', 'Family drug and alcohol support', 'recovery-service', ['substance-misuse']),
    svc('employment-support', 'Employment and skills support', 'employment-hub', ['employment-skills']),
    svc('school-inclusion', 'School attendance and inclusion support', 'education-welfare', ['school-support']),
    svc('youth-work', 'Targeted youth work', 'youth-service', ['youth-services']),
    svc('social-care-front-door', 'Children’s social care front door', 'childrens-social-care', ['social-care']),
  ],
};

/**
 * Idempotently writes the demo directory in one transaction. Only what differs is written and
 * announced (AgencyUpserted/ServiceUpserted through the outbox), so a second run stages nothing.
 */
export async function seedDemoDirectory(directory: DirectoryUseCases, dataSource: DataSource, data: DemoDirectory = DEMO_DIRECTORY): Promise<{ agencies: number; services: number }> {
  return dataSource.transaction(async (manager) => {
    const parentsFirst = [...data.hubs].sort((a, b) => Number(!!a.parentHubId) - Number(!!b.parentHubId));
    for (const hub of parentsFirst) await directory.ensureHub(Object.assign(new Hub(), hub), manager);
    let agencies = 0;
    let services = 0;
    for (const agency of data.agencies) if (await directory.ensureAgency(Object.assign(new Agency(), agency), manager)) agencies++;
    for (const service of data.services) if (await directory.ensureService(Object.assign(new DirectoryService(), service), manager)) services++;
    return { agencies, services };
  });
}
