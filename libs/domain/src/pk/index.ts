export * from './pk-model-definition';
export * from './one-compartment';
export * from './two-compartment-mm';
export * from './pk-engine';
export * from './map-fit';
export * from './pk-registry';
export * from './predict-troughs';
