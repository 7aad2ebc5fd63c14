export * from './decide-sharing';
export * from './consent-view';
export * from './sharing-lenses';
