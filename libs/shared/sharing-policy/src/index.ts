export * from './decide-sharing';
export * from './consent-view';
