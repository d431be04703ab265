export * from './dates';
export * from './history';
