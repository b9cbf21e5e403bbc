export * from './indicators';
export * from './partition';
