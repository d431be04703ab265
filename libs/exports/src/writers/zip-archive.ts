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

  /** A small entry known in full (README, reader script). */
  file(fileName: string, content: string | Buffer): void {
    this.zip.addBuffer(Buffer.isBuffer(content) ? content : Buffer.from(content, 'utf8'), fileName);
  }

  async finish(): Promise<void> {
    this.zip.end();
    await this.done;
  }
}
