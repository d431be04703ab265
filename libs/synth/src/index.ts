export * from './random';
export * from './pk-simulator';
export * from './synthetic-trial.types';
export * from './trial-generator';
export * from './bulk-insert';
export * from './audit-chain-writer';
export * from './synth-loader';
export * from './synth-setup';
