export * from './evidence-status';
export * from './eid-metrics';
export * from './exposure';
export * from './jcv';
export * from './risk-table.types';
export * from './risk-tables.data';
export * from './risk-lookup';
export * from './pml-risk-profile';
