export { type QRMatrix, qrMatrix, qrPNG, qrSVG, qrTerminal } from '@kakunin/qr';
export { type AssembledBatches, assembleBatches } from './batch.js';
export { type Detected, detectFormat, isImage } from './detect.js';
export {
  IMPORT_ERROR_MESSAGES,
  ImportError,
  type ImportErrorCode,
  type ImportErrorDetails,
  importErrorMessage,
  type Language,
} from './errors.js';
export { exportAegis, wrongCodesInAegis } from './export/aegis.js';
export { type CXFExport, type CXFExportOptions, type CXFSkipReason, exportCXF } from './export/cxf.js';
export {
  exportAccountQR,
  exportMigrationQRCodes,
  type MigrationExport,
  type MigrationExportOptions,
  type QRImageFormat,
  renderQR,
} from './export/qr-pages.js';
export { exportURIList } from './export/uri-list.js';
export { FORMAT_IDS } from './format-ids.js';
export { importFile, readFileContent } from './import-file.js';
export {
  type FileOutcome,
  type ImportFileInput,
  type ImportFilesResult,
  importFiles,
} from './import-files.js';
export { mergeAccounts, sameAccount } from './merge.js';
export { NotConfiguredError, type UnconfiguredReader } from './not-configured.js';
export { configureQRDecoder, decodeQRCodes, decodeQRImageData, type QRDecoderConfig } from './qr/decode.js';
export { configureSQLite, type SQLiteConfig } from './sqlite/config.js';
export type { FormatId, ImportOptions, ImportResult, MigrationPage, ReadResult } from './types.js';
export type { Notice } from './warnings.js';
