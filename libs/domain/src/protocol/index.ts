export * from './protocol.types';
export * from './protocol-schema';
export * from './parse-protocol';
export * from './built-in-protocols';
