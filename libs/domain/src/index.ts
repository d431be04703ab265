export * from './dates';
export * from './history';
export * from './pml';
