import { describe, expect, it } from 'vitest';
import { decodeCsv } from './csv-text.ts';

const utf8 = (s: string) => new TextEncoder().encode(s);

describe('decodeCsv', () => {
  it('reads UTF-8 with Czech letters as UTF-8', () => {
    const out = decodeCsv(utf8('datum;ičo\n2026-01-05;Žluťoučký kůň s.r.o.'));
    expect(out).toEqual({ text: 'datum;ičo\n2026-01-05;Žluťoučký kůň s.r.o.', encoding: 'utf-8' });
  });

  it('drops a UTF-8 byte-order mark', () => {
    const out = decodeCsv(new Uint8Array([0xef, 0xbb, 0xbf, ...utf8('date;amount')]));
    expect(out.text).toBe('date;amount');
    expect(out.encoding).toBe('utf-8');
  });

  it('falls back to windows-1250 when the bytes are not valid UTF-8', () => {
    // "Šťastný čaj" in windows-1250: Š=8A ť=9D a s t n ý=FD space č=E8 a j
    const bytes = new Uint8Array([0x8a, 0x9d, 0x61, 0x73, 0x74, 0x6e, 0xfd, 0x20, 0xe8, 0x61, 0x6a]);
    expect(decodeCsv(bytes)).toEqual({ text: 'Šťastný čaj', encoding: 'windows-1250' });
  });

  it('reads Hungarian ő and ű from windows-1250', () => {
    // ő = F5, ű = FB in windows-1250 (they are not in Latin-1)
    expect(decodeCsv(new Uint8Array([0x66, 0xf5, 0x3b, 0xfb])).text).toBe('fő;ű');
  });

  it('accepts an ArrayBuffer and plain ASCII', () => {
    const buf = utf8('a;b\n1;2').buffer;
    expect(decodeCsv(buf)).toEqual({ text: 'a;b\n1;2', encoding: 'utf-8' });
  });

  it('reads an empty file as empty UTF-8 text', () => {
    expect(decodeCsv(new Uint8Array())).toEqual({ text: '', encoding: 'utf-8' });
  });
});
