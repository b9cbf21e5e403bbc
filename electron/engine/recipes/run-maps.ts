/**
 * The boundaries a stored run's maps are drawn with: the ward shapes its village.json recorded (the shipped
 * ONS wards or the recipe's own file), with localities dissolved from them by the run's own ward→locality
 * map, so the window and report.html show a moved ward where the figures put it. A run stored before maps
 * existed is drawn on the shipped wards.
 */
import type { MapBoundaries } from '../../../shared/maps';
import type { VillageJson } from '../../../shared/village';
import { mapBoundaries, type WardBoundaries } from '../geography';

export function runMapBoundaries(village: VillageJson, shipped: WardBoundaries): MapBoundaries {
  return mapBoundaries(village.geography.boundaries ?? shipped, village.geography.wards);
}
