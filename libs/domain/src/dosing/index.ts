export * from './interval-decision.types';
export * from './interval-decision';
export * from './describe-decision';
export * from './disease-activity';
export * from './interval-state';
export * from './trough-evidence';
export * from './history-parser';
export * from './infusion-due';
