import type { MapMeasure } from '../../../shared/maps';
import type { VillageJson } from '../../../shared/village';
import type { VillageView } from '../village/pictogram-model';

/** The map measure matching the Village screen's view: its indicator, or its partition's first category. */
export function villageMapMeasure(village: VillageJson, view: VillageView): MapMeasure | null {
  if (view.kind === 'indicator') return { kind: 'indicator', id: view.id };
  const city = village.areas.find((area) => area.level === 'city');
  const category = city?.partitions.find((partition) => partition.partition === view.partition)?.categories[0];
  return category === undefined ? null : { kind: 'share', partition: view.partition, category: category.label };
}
