// Shared by the renderer (which shows the encoding it found) and the transports (which decode
// an uploaded file before it goes to `sales.import`).
// Turning the bytes of a CSV export into text. Accounting programs in our offices write either
// UTF-8 (often with a byte-order mark, which Excel wants) or the old Windows code page for
// Central Europe (Pohoda, Money S3 and friends export windows-1250 by default). A file that is
// valid UTF-8 is taken as UTF-8; anything else is read as windows-1250, where every byte maps to
// some character, so decoding never fails.

export type CsvEncoding = 'utf-8' | 'windows-1250';

export interface DecodedCsv {
  text: string;
  encoding: CsvEncoding;
}

export function decodeCsv(bytes: Uint8Array | ArrayBuffer): DecodedCsv {
  const data = bytes instanceof Uint8Array ? bytes : new Uint8Array(bytes);
  try {
    // fatal: an invalid sequence throws instead of turning into U+FFFD, which is how we notice
    // a windows-1250 file (its č, ř, ž bytes are not valid UTF-8 on their own).
    const text = new TextDecoder('utf-8', { fatal: true, ignoreBOM: true }).decode(data);
    return { text: stripBom(text), encoding: 'utf-8' };
  } catch {
    return { text: stripBom(new TextDecoder('windows-1250').decode(data)), encoding: 'windows-1250' };
  }
}

function stripBom(text: string): string {
  return text.charCodeAt(0) === 0xfeff ? text.slice(1) : text;
}
