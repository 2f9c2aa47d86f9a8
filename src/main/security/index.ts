export * from './urls';
export * from './csp';
