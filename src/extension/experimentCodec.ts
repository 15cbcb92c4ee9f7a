/**
 * The deflate codec of experiment links (src/core/experiment/link.ts) on the platform's
 * CompressionStream, which the Node and the web worker extension hosts both have. No `vscode`
 * import, so the unit tests use the very same codec.
 */
import type { Codec } from '../core/experiment/link';

/** Everything a stream yields, as one byte array. */
async function collect(stream: ReadableStream<Uint8Array>): Promise<Uint8Array> {
  return new Uint8Array(await new Response(stream).arrayBuffer());
}

export const streamCodec: Codec = {
  deflate: text => collect(new Blob([text]).stream().pipeThrough(new CompressionStream('deflate'))),
  inflate: async bytes => new TextDecoder('utf-8', { fatal: true }).decode(await collect(new Blob([bytes]).stream().pipeThrough(new DecompressionStream('deflate')))),
};
