export * from './demo-accounts';
export * from './demo-plan';
export * from './demo-seeder.service';
export * from './demo.module';
