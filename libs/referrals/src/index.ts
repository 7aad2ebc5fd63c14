export * from './entities';
export * from './migrations';
export * from './referrals.module';
export * from './domain/route-needs';
export * from './domain/route-transitions';
export * from './domain/family-duplicates';
export * from './use-cases/directory.use-cases';
export * from './seed/demo-directory';
