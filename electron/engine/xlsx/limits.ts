/**
 * Caps that stop a hostile or broken workbook from exhausting memory or time. Defaults leave room for the
 * largest sheet Excel can hold in practice (a 1M-row × 11-column sheet is ~435 MB of XML) while refusing
 * zip bombs, whose payload is tiny on disk and enormous inflated.
 */
export interface XlsxLimits {
  /** Entries in the zip's central directory. */
  readonly maxEntries: number;
  /** Sum of the declared uncompressed sizes of all entries. */
  readonly maxTotalUncompressedBytes: number;
  /** Largest uncompressed ÷ compressed size tolerated for an entry bigger than `compressionRatioGraceBytes`. */
  readonly maxCompressionRatio: number;
  /** Entries smaller than this are exempt from the ratio check (tiny parts compress absurdly well). */
  readonly compressionRatioGraceBytes: number;
  /** Size of the small parts read whole: workbook, relationships, styles. */
  readonly maxXmlPartBytes: number;
  readonly maxSharedStrings: number;
  /** Total UTF-16 code units across all shared strings (JS strings cost two bytes each). */
  readonly maxSharedStringCharacters: number;
}

export const DEFAULT_XLSX_LIMITS: XlsxLimits = {
  maxEntries: 10_000,
  maxTotalUncompressedBytes: 4 * 1024 ** 3,
  maxCompressionRatio: 200,
  compressionRatioGraceBytes: 1024 ** 2,
  maxXmlPartBytes: 64 * 1024 ** 2,
  maxSharedStrings: 5_000_000,
  maxSharedStringCharacters: 150_000_000,
};

export function resolveLimits(overrides: Partial<XlsxLimits> | undefined): XlsxLimits {
  return { ...DEFAULT_XLSX_LIMITS, ...overrides };
}
