export * from './disclosure';
export * from './key-file';
export * from './names';
export * from './pseudonymise';
export * from './name-encodings';
export { isPersonLevelColumn, personLevelColumns, refusedTableReason } from './person-level';
export { CELL_KEY_RANGE, adjustmentsListText, perturbationNote, perturbationTable, smallestCountWithMeasures, type PerturbationTable } from './perturbation';
