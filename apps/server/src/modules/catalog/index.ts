// The catalogue module's public surface: other modules, the CLI and the bench
// import from here only.
export { registerCatalogRoutes } from './catalog.routes.ts';
export { createProduct, type CatalogDeps, type CreateProductCommand } from './create-product.ts';
export { findVariantByBarcode } from './find-variant-by-barcode.ts';
export {
  searchIndexFor,
  searchProducts,
  type SearchDeps,
  type SearchOptions,
  type ProductPageResult,
} from './search-products.ts';
export { SearchMemory, type SearchMemoryOptions } from './search-memory.ts';
export { foldText, queryTokens } from './search-text.ts';
export { SEARCH_CANDIDATES } from './search-index.ts';
export { readCatalogChanges, type ChangesOptions } from './read-catalog-changes.ts';
export { importProducts, type ImportOptions, type ImportProblem } from './import-products.ts';
export { iterateProducts } from './iterate-products.ts';
export { nextCatalogChangeSeq, reserveCatalogChangeSeqs } from './change-seq.ts';
export { checkBarcode, classifyBarcode, gtinCheckDigit } from './barcode-check.ts';
export { CATALOG_ERROR_STATUSES } from './catalog.errors.ts';
// Category paths for CSV import and the demo seed live with the CSV code (ops helper).
export { categoryKey, ensureCategoryPaths } from './csv/category-paths.ts';
export { importProductsCsv, type CsvImportReport, type CsvImportOptions } from './csv/import-products-csv.ts';
export { exportProductsCsv } from './csv/export-products-csv.ts';
export type { CsvIssue, CsvDelimiter } from './csv/read-csv.ts';
