export * from './link';
export * from './match-keys';
export * from './quality';
export * from './em';
export * from './fellegi-sunter';
export * from './probabilistic-pass';
export { linkRates, type LinkShare } from './rates';
export { createMatchKeyBuilder } from './match-keys';
export type { MatchKey } from './match-keys';
