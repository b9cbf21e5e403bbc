import { DateDay, Float64, Int64, Table, Utf8, makeData, makeVector, tableToIPC, vectorFromArray } from 'apache-arrow';
import { describe, expect, it } from 'vitest';
import { arrowToDisplayRows } from './arrow-rows';

function pageBytes(): Uint8Array {
  const ids = new BigInt64Array([9007199254740993n, -5n, 0n]);
  const idVector = makeVector(makeData({ type: new Int64(), length: 3, nullCount: 1, nullBitmap: new Uint8Array([0b011]), data: ids }));
  const days = new Int32Array([16679, 0, -1]);
  const dobVector = makeVector(makeData({ type: new DateDay(), length: 3, nullCount: 0, data: days }));
  const table = new Table({
    id: idVector,
    dob: dobVector,
    name: vectorFromArray(['Amira', null, 'Zoë'], new Utf8()),
    score: vectorFromArray([1.5, 2, null], new Float64()),
  });
  return tableToIPC(table, 'stream');
}

const columns = [
  { name: 'id', type: 'BIGINT' },
  { name: 'dob', type: 'DATE' },
  { name: 'name', type: 'VARCHAR' },
  { name: 'score', type: 'DOUBLE' },
];

describe('arrowToDisplayRows', () => {
  it('keeps BIGINT exact, formats dates as dd/mm/yyyy and keeps nulls', () => {
    expect(arrowToDisplayRows(pageBytes(), columns)).toEqual([
      { id: '9007199254740993', dob: '01/09/2015', name: 'Amira', score: '1.5' },
      { id: '-5', dob: '01/01/1970', name: null, score: '2' },
      { id: null, dob: '31/12/1969', name: 'Zoë', score: null },
    ]);
  });

  it('returns no rows for an empty page', () => {
    const empty = tableToIPC(new Table({ name: vectorFromArray([] as string[], new Utf8()) }), 'stream');
    expect(arrowToDisplayRows(empty, [{ name: 'name', type: 'VARCHAR' }])).toEqual([]);
  });
});
