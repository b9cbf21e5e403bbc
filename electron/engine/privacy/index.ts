export * from './disclosure';
export * from './key-file';
export * from './names';
export * from './pseudonymise';
export * from './name-encodings';
