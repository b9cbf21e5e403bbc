export * from './indicators';
export * from './partition';
export * from './outcomes';
