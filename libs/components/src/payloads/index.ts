export * from './blob-store';
export * from './claim-check-codec';
export * from './directory-blob-store';
export * from './s3-blob-store';
export * from './weft-data-converter';
export * from './value-references';
