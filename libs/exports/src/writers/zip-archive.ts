import { once } from 'node:events';
import { PassThrough, Writable } from 'node:stream';
import { finished } from 'node:stream/promises';
import { ZipFile } from 'yazl';

/**
 * A zip written as a stream (yazl): entries are read one after another, each a stream fed with backpressure, so
 * no table is ever held in memory. Level 1: text compresses about 8× even at the fastest level, and the export is
 * CPU-bound, not disk-bound.
 */
export class ZipArchive {
  private readonly zip = new ZipFile();
  private readonly done: Promise<void>;

  constructor(out: Writable) {
    this.zip.outputStream.pipe(out);
    this.done = finished(out);
  }

  /** A streamed entry: write to it, then end it. */
  entry(fileName: string): PassThrough {
    const entry = new PassThrough({ highWaterMark: 256 * 1024 });
    this.zip.addReadStream(entry, fileName, { compressionLevel: 1 } as never);
    return entry;
  }

  /**
   * A streamed entry written in ~64 KB chunks: `append` returns a promise only when a chunk went out and the entry
   * asked to wait (backpressure), so the per-row path stays synchronous.
   */
  bufferedEntry(fileName: string, first = ''): BufferedEntry {
    return new BufferedEntry(this.entry(fileName), first);
  }

  /** A small entry known in full (README, reader script). */
  file(fileName: string, content: string | Buffer): void {
    this.zip.addBuffer(Buffer.isBuffer(content) ? content : Buffer.from(content, 'utf8'), fileName);
  }

  async finish(): Promise<void> {
    this.zip.end();
    await this.done;
  }
}

const CHUNK_CHARS = 64 * 1024;

export class BufferedEntry {
  constructor(
    private readonly entry: PassThrough,
    private buffer: string,
  ) {}

  append(s: string): Promise<void> | undefined {
    this.buffer += s;
    if (this.buffer.length >= CHUNK_CHARS) return this.flush();
  }

  async end(last = ''): Promise<void> {
    this.buffer += last;
    if (this.buffer) await this.flush();
    this.entry.end();
  }

  private async flush(): Promise<void> {
    const ok = this.entry.write(this.buffer);
    this.buffer = '';
    if (!ok) await once(this.entry, 'drain');
  }
}
