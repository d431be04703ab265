export * from './eligibility.types';
export * from './evaluate-eligibility';
