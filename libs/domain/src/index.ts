export * from './dates';
export * from './history';
export * from './pml';
export * from './protocol';
export * from './dosing';
export * from './outcomes';
export * from './pk';
export * from './eligibility';
