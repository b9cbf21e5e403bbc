/** What other engine folders may use of explore/: they import it from here, never from its files (lint: village/engine-layers). */
export { listTableSummaries } from './catalog';
export { TablePager } from './paging';
export { profileColumn } from './profile';
export { runReadOnlySql } from './sql-console';
export { exportExploreView } from './view-export';
export { perturbedCountSql } from './view-sql';
