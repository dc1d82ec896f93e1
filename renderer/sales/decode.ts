// The decoding lives in shared/ now: the core decodes an uploaded CSV the same way.
export { decodeCsv, type CsvEncoding, type DecodedCsv } from '../../shared/csv-text.ts';
