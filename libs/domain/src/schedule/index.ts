export * from './visit-schedule';
export * from './infusion-plan';
