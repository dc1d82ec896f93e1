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

/** Each row as text (`render`), in file order, a batch at a time. Placed rows are rendered as
 * they come and only the texts are kept until all have come; other rows are rendered in turn. */
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

/** Keeps what is written as base64, encoded chunk by chunk: the whole file is never joined into
 * one buffer first (13 MB for 100k rows — a copy, and fresh pages that each cost a fault) and
 * each chunk can go as soon as it is encoded. Base64 takes 3 bytes at a time, so the 1–2 bytes
 * at the end of a chunk wait for the next one; the text is that of the bytes joined. */
export class Base64Sink extends Writable {
  private readonly pieces: string[] = [];
  private carry: Buffer | null = null;

  override _write(data: Buffer | string, _enc: BufferEncoding, done: (error?: Error | null) => void): void {
    const chunk = typeof data === 'string' ? Buffer.from(data) : data;
    let start = 0;
    if (this.carry) {
      // The bytes left over, completed to 3 from this chunk (a chunk shorter than that joins them).
      start = Math.min(3 - this.carry.length, chunk.length);
      const head = Buffer.concat([this.carry, chunk.subarray(0, start)]);
      this.carry = null;
      if (head.length < 3) this.carry = head;
      else this.pieces.push(head.toString('base64'));
    }
    const end = chunk.length - ((chunk.length - start) % 3);
    if (end > start) this.pieces.push(chunk.toString('base64', start, end));
    if (end < chunk.length) this.carry = Buffer.from(chunk.subarray(end)); // a copy: the writer may reuse its chunk
    done();
  }

  /** The whole text (after 'finish'). */
  text(): string {
    return this.pieces.join('') + (this.carry ? this.carry.toString('base64') : '');
  }
}
