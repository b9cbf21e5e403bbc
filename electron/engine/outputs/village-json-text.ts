/**
 * village.json as text: indented for a reader, except each ward's boundary polygons, which are written on
 * one line per ward (indenting every coordinate pair would triple the file for nothing a reader wants).
 */
import type { VillageJson } from '../../../shared/village';

export function villageJsonText(village: VillageJson): string {
  const boundaries = village.geography.boundaries;
  if (boundaries === undefined) return `${JSON.stringify(village, null, 2)}\n`;
  const placeholders = boundaries.wards.map((_, index) => `@@ward-polygons-${index}@@`);
  const stand = { ...village, geography: { ...village.geography, boundaries: { ...boundaries, wards: boundaries.wards.map((ward, index) => ({ code: ward.code, polygons: placeholders[index] })) } } };
  let text = JSON.stringify(stand, null, 2);
  boundaries.wards.forEach((ward, index) => {
    text = text.replace(`"${placeholders[index] as string}"`, () => JSON.stringify(ward.polygons));
  });
  return `${text}\n`;
}
