export * from './link';
export * from './match-keys';
export * from './quality';
