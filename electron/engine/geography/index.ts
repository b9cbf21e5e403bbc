export * from './csv';
export * from './geography';
export * from './postcode';
export * from './resolve-area';
export * from './unresolved';
export * from './ward-names';
export * from './boundaries';
export * from './dissolve';
