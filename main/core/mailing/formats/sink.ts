// Writing to the caller's stream with back-pressure, walking sync or async rows alike, and the
// in-memory stream exports.run keeps its file in.
import { once } from 'node:events';
import { Writable } from 'node:stream';
import type { Cell } from './index.ts';

/** Write one chunk; wait for 'drain' when the stream asks for it. */
export async function writeChunk(out: NodeJS.WritableStream, chunk: Buffer | string): Promise<void> {
  if (!out.write(chunk)) await once(out, 'drain');
}

/** End the stream and wait until everything is flushed. */
export function endStream(out: NodeJS.WritableStream): Promise<void> {
  return new Promise((resolve, reject) => {
    const onError = (err: Error) => reject(err);
    out.once('error', onError);
    out.end(() => {
      out.removeListener('error', onError);
      resolve();
    });
  });
}

/** Rows already gathered in batches by their source (the export's row builder): walked without
 * a promise per row, which on 100k rows costs ~0.1 s of microtasks. */
export interface RowBatches { batches: AsyncIterable<Cell[][]> }

/** Rows in an order of their source's own, each with its place in the file (`at[i]` for
 * `rows[i]`: 0-based, below `count`, each at most once; a place never given is no row). The
 * export reads its firms by rid, not in file order, and hands each row on as soon as it is made:
 * a text writer keeps only the row's text until its turn (rowTexts) — not the cells and the
 * database rows behind them, which on a 100k-row export were a million objects for every
 * garbage collection to copy. */
export interface PlacedRows { count: number; placed: AsyncIterable<{ at: number[]; rows: Cell[][] }> }

export type Rows = Iterable<Cell[]> | AsyncIterable<Cell[]> | RowBatches | PlacedRows;

const BATCH = 512;

/** Rows from an array, generator, async generator or batches, in file order, without a
 * microtask per row for sync or batched sources. Placed rows are held until all have come. */
export async function* eachRow(rows: Rows): AsyncGenerator<Cell[][]> {
  if ('placed' in rows) {
    yield* inPlaceOrder(rows, (row) => row);
    return;
  }
  if ('batches' in rows) {
    for await (const batch of rows.batches) if (batch.length) yield batch;
    return;
  }
  let batch: Cell[][] = [];
  if (Symbol.asyncIterator in rows) {
    for await (const row of rows as AsyncIterable<Cell[]>) {
      batch.push(row);
      if (batch.length >= BATCH) { yield batch; batch = []; }
    }
  } else {
    for (const row of rows as Iterable<Cell[]>) {
      batch.push(row);
      if (batch.length >= BATCH) { yield batch; batch = []; }
    }
  }
  if (batch.length) yield batch;
}

/** Each row as text (`render`), in file order, a batch at a time (the Windows-1250 preset, which
 * checks and encodes the text itself). Placed rows are rendered as they come and only the texts
 * are kept until all have come; other rows are rendered in turn. */
export async function* rowTexts(rows: Rows, render: (row: Cell[]) => string): AsyncGenerator<string[]> {
  if ('placed' in rows) {
    yield* inPlaceOrder(rows, render);
    return;
  }
  for await (const batch of eachRow(rows)) yield batch.map(render);
}

/** Placed rows made into `T`s as they come, then the `T`s in file order (places never given
 * left out). */
async function* inPlaceOrder<T>(rows: PlacedRows, make: (row: Cell[]) => T): AsyncGenerator<T[]> {
  const all = new Array<T | undefined>(rows.count);
  for await (const { at, rows: batch } of rows.placed) {
    for (let i = 0; i < batch.length; i++) all[at[i]!] = make(batch[i]!);
  }
  let out: T[] = [];
  for (const item of all) {
    if (item === undefined) continue;
    out.push(item);
    if (out.length >= BATCH) { yield out; out = []; }
  }
  if (out.length) yield out;
}

/** Writes a UTF-8 text file to `out` (not ended): `head`, then each row as `render` makes it,
 * followed by `end`. Rows in order stream through Utf8Chunks. Placed rows are rendered as they
 * come into UTF-8 held off the JS heap (PlacedUtf8) and written in place order as one buffer —
 * the file is held whole anyway, and one piece is what an in-memory sink keeps best. */
export async function writeUtf8Rows(out: NodeJS.WritableStream, head: string, rows: Rows, render: (row: Cell[]) => string, end = ''): Promise<void> {
  if ('placed' in rows) {
    const texts = new PlacedUtf8(rows.count);
    for await (const { at, rows: batch } of rows.placed) {
      for (let i = 0; i < batch.length; i++) texts.put(at[i]!, render(batch[i]!), end);
    }
    const file = texts.join(head);
    if (file.length) await writeChunk(out, file);
    return;
  }
  const text = new Utf8Chunks(out);
  text.push(head);
  for await (const batch of eachRow(rows)) {
    for (const row of batch) {
      const p = text.push(render(row), end);
      if (p) await p;
    }
  }
  await text.flush();
}

/** Texts by place, as UTF-8 off the JS heap: each is encoded as it comes into 1 MiB blocks, then
 * all are copied out in place order. A 100k-row file kept as JS strings until its turn was ~28 MB
 * of (two-byte, for Czech) strings for the garbage collector to copy and promote, and that growth
 * of the heap was what made an export's slow runs slow; as UTF-8 it is ~13 MB it never sees. */
class PlacedUtf8 {
  private static readonly BLOCK = 1 << 20;
  private readonly blocks: Buffer[] = [];
  private pos = 0;
  /** By place: the block, the start in it and the length (-1: no text at that place). */
  private readonly blockAt: Int32Array;
  private readonly startAt: Int32Array;
  private readonly lengthAt: Int32Array;
  private total = 0;

  constructor(count: number) {
    this.blockAt = new Int32Array(count);
    this.startAt = new Int32Array(count);
    this.lengthAt = new Int32Array(count).fill(-1);
  }

  put(at: number, text: string, end: string): void {
    // A UTF-16 code unit is at most 3 bytes of UTF-8: text that fits so counted always fits.
    const most = (text.length + end.length) * 3;
    let block = this.blocks[this.blocks.length - 1];
    if (!block || this.pos + most > block.length) {
      block = Buffer.allocUnsafe(Math.max(PlacedUtf8.BLOCK, most));
      this.blocks.push(block);
      this.pos = 0;
    }
    const start = this.pos;
    this.pos += block.write(text, this.pos);
    if (end) this.pos += block.write(end, this.pos);
    this.blockAt[at] = this.blocks.length - 1;
    this.startAt[at] = start;
    this.lengthAt[at] = this.pos - start;
    this.total += this.pos - start;
  }

  /** `head`, then every text in place order, as one buffer. */
  join(head: string): Buffer {
    const file = Buffer.allocUnsafe(Buffer.byteLength(head) + this.total);
    let pos = file.write(head, 0);
    for (let at = 0; at < this.lengthAt.length; at++) {
      const length = this.lengthAt[at]!;
      if (length < 0) continue;
      const start = this.startAt[at]!;
      pos += this.blocks[this.blockAt[at]!]!.copy(file, pos, start, start + length);
    }
    return file;
  }
}

/** Buffers text and hands it on in pieces of ~16K characters (the Windows-1250 preset, which
 * encodes each piece itself). Not larger: a piece of two-byte text (any Czech letter makes one)
 * of 64K characters is 128 KiB, past V8's largest ordinary object — each one a fresh mapping in
 * its large-object space, ~5k page faults over a 100k-row export. */
export class ChunkedText {
  private parts: string[] = [];
  private size = 0;
  private readonly flushAt: number;
  private readonly sink: (text: string) => Promise<void> | void;

  constructor(sink: (text: string) => Promise<void> | void, flushAt = 16 * 1024) {
    this.sink = sink;
    this.flushAt = flushAt;
  }

  /** Adds text; returns a promise only when a piece was handed on (await it). */
  push(text: string): Promise<void> | void {
    this.parts.push(text);
    this.size += text.length;
    if (this.size >= this.flushAt) return this.flush();
  }

  flush(): Promise<void> | void {
    if (this.size === 0) return;
    const text = this.parts.join('');
    this.parts = [];
    this.size = 0;
    return this.sink(text);
  }
}

/** Text written as UTF-8 straight into ~64 KiB buffers, each handed to `out` when full: no
 * joined string per piece and no second pass to encode it (on a 100k-row CSV that pair cost
 * more than building the rows). Same use as ChunkedText: await what push returns. */
export class Utf8Chunks {
  private buf: Buffer | null = null;
  private pos = 0;
  private readonly out: NodeJS.WritableStream;
  private readonly size: number;

  constructor(out: NodeJS.WritableStream, size = 64 * 1024) {
    this.out = out;
    this.size = size;
  }

  /** Adds text, then `end` (a line end: written apart, as `text + end` would be a rope that
   * encoding first copies flat). Returns a promise only when a chunk was handed on (await it);
   * the text is in the output, in order, either way — the promise is the stream's back-pressure. */
  push(text: string, end = ''): Promise<void> | void {
    // A UTF-16 code unit is at most 3 bytes of UTF-8: text that fits so counted always fits.
    const most = (text.length + end.length) * 3;
    if (this.buf && this.pos + most <= this.size) {
      this.pos += this.buf.write(text, this.pos);
      if (end) this.pos += this.buf.write(end, this.pos);
      return;
    }
    const handed = this.flush();
    if (most <= this.size) {
      this.buf = Buffer.allocUnsafe(this.size);
      this.pos = this.buf.write(text, 0);
      if (end) this.pos += this.buf.write(end, this.pos);
      return handed;
    }
    // Longer than a chunk could hold (a long note): a chunk of its own, after the one handed on.
    const own = writeChunk(this.out, Buffer.from(text + end, 'utf8'));
    return handed ? Promise.all([handed, own]).then(() => undefined) : own;
  }

  flush(): Promise<void> | void {
    if (!this.buf || this.pos === 0) return;
    const chunk = this.buf.subarray(0, this.pos);
    this.buf = null;
    this.pos = 0;
    return writeChunk(this.out, chunk);
  }
}

/** Keeps what is written, for its base64 text at the end: one chunk (a text file written whole,
 * writeUtf8Rows) is encoded as it is; several are joined first. */
export class Base64Sink extends Writable {
  private readonly chunks: Buffer[] = [];

  override _write(data: Buffer | string, _enc: BufferEncoding, done: (error?: Error | null) => void): void {
    this.chunks.push(typeof data === 'string' ? Buffer.from(data) : data);
    done();
  }

  /** The whole text (after 'finish'). */
  text(): string {
    return (this.chunks.length === 1 ? this.chunks[0]! : Buffer.concat(this.chunks)).toString('base64');
  }
}
