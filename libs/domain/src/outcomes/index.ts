export * from './relapse-classification';
export * from './annualised-relapse-rate';
export * from './mri-activity';
export * from './edss';
export * from './disability-progression';
export * from './neda3';
export * from './no-activity-past-year';
export * from './adverse-event-seriousness';
