// The plans service's environment schema lives with the feature so its integration tests boot with the same class.
export { PlansConfig } from '@tellonce/plans';
