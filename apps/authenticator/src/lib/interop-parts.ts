/**
 * The parts of @kakunin/interop the app uses, imported by name so that the bundler leaves out the
 * rest (exporters, PNG and terminal QR codes). Loaded lazily through `loadInterop`.
 */
export {
  configureQRDecoder,
  configureSQLite,
  decodeQRCodes,
  decodeQRImageData,
  importFile,
  mergeAccounts,
} from '@kakunin/interop';
