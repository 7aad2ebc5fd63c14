export * from './directory.repository';
export * from './families.repository';
export * from './referrals.repository';
export * from './sharing.repository';
