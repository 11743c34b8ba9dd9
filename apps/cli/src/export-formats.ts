/** The formats `kakunin export --format` writes (kept apart from the export code, which loads on use). */
export const EXPORT_FORMATS = ['aegis', 'aegis-plain', 'uri-list', 'google-qr', 'cxf'] as const;

export type ExportFormat = (typeof EXPORT_FORMATS)[number];
