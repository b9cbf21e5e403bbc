import {
  CellStyleModule,
  ColumnApiModule,
  ClientSideRowModelModule,
  DateFilterModule,
  InfiniteRowModelModule,
  ModuleRegistry,
  NumberFilterModule,
  ScrollApiModule,
  TextFilterModule,
  TooltipModule,
  themeQuartz,
} from 'ag-grid-community';

/**
 * Only the Community modules the grids use, so the bundle stays small and nothing needs a licence: the
 * infinite row model pages tables from the engine; the client-side model shows SQL results, capped by their row limit;
 * the column API tells Explore's export which columns are shown and how they are sorted; the scroll API brings the
 * column of a finding into view ("Show row").
 */
ModuleRegistry.registerModules([
  InfiniteRowModelModule,
  ClientSideRowModelModule,
  TextFilterModule,
  NumberFilterModule,
  DateFilterModule,
  CellStyleModule,
  TooltipModule,
  ColumnApiModule,
  ScrollApiModule,
]);

const SYSTEM_FONTS = ['system-ui', '-apple-system', 'Segoe UI', 'Roboto', 'Helvetica Neue', 'Arial', 'sans-serif'];

/** Quartz, calmed to the app's palette; colours match styles.css and keep text at 4.5:1 or better. */
export const workbenchGridTheme = themeQuartz.withParams({
  fontFamily: SYSTEM_FONTS,
  headerFontFamily: SYSTEM_FONTS,
  fontSize: 14,
  headerFontSize: 14,
  headerFontWeight: 600,
  accentColor: '#1d4f91',
  foregroundColor: '#1f2933',
  backgroundColor: '#ffffff',
  headerBackgroundColor: '#f1f3f6',
  headerTextColor: '#1f2933',
  borderColor: '#d5dae1',
  oddRowBackgroundColor: '#fafbfc',
  rowHoverColor: '#eef3fa',
  browserColorScheme: 'light',
  wrapperBorderRadius: 6,
  // Compact rows, so a laptop's 768 px show a screenful of them.
  rowHeight: 28,
  headerHeight: 32,
  cellHorizontalPadding: 10,
});
