export * from './link';
export * from './match-keys';
export * from './quality';
export * from './em';
export * from './fellegi-sunter';
export * from './probabilistic-pass';
export { linkRates, type LinkShare } from './rates';
