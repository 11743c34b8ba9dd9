import type { Readable } from 'node:stream';

/**
 * Reads one line from a stream without consuming what follows it (the rest is pushed back), so a
 * password line can be followed by a second password or by keystrokes. Resolves `undefined` at end.
 */
export function readLine(stream: Readable): Promise<string | undefined> {
  if (stream.readableEnded) return Promise.resolve(undefined);
  return new Promise((resolve, reject) => {
    const chunks: Buffer[] = [];
    const finish = (line: string | undefined) => {
      stream.off('data', onData);
      stream.off('end', onEnd);
      stream.off('error', onError);
      stream.pause();
      resolve(line?.replace(/\r$/, ''));
    };
    const onData = (chunk: Buffer | string) => {
      const bytes = typeof chunk === 'string' ? Buffer.from(chunk) : chunk;
      const newline = bytes.indexOf(10);
      if (newline === -1) {
        chunks.push(bytes);
        return;
      }
      chunks.push(bytes.subarray(0, newline));
      const rest = bytes.subarray(newline + 1);
      stream.pause();
      if (rest.length > 0) stream.unshift(rest);
      finish(Buffer.concat(chunks).toString('utf8'));
    };
    const onEnd = () => finish(chunks.length > 0 ? Buffer.concat(chunks).toString('utf8') : undefined);
    const onError = (error: Error) => {
      stream.off('data', onData);
      stream.off('end', onEnd);
      reject(error);
    };
    stream.on('data', onData);
    stream.once('end', onEnd);
    stream.once('error', onError);
    stream.resume();
  });
}
