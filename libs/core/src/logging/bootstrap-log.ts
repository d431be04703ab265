import { errorSerializer } from './log-serializers';

/**
 * Log lines written before (and after) the application's pino logger exists — start-up, shutdown, a failed
 * start — in the same JSON shape as pino's (level, time, msg; an error as the `err` field with its stack),
 * so the process never prints a plain-text line (issue 16 item 9).
 */
export function bootstrapLog(context: string): { info(msg: string): void; error(msg: string, err?: unknown): void } {
  const write = (stream: NodeJS.WriteStream, level: number, msg: string, err?: unknown) =>
    stream.write(
      `${JSON.stringify({ level, time: Date.now(), pid: process.pid, context, msg, ...(err === undefined ? {} : { err: errorSerializer(err) }) })}\n`,
    );
  return {
    info: (msg) => write(process.stdout, 30, msg),
    error: (msg, err) => write(process.stderr, 50, msg, err),
  };
}
