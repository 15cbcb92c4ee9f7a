/**
 * Sharing an experiment as a `vscode://` link: the file's text, deflated, in base64url, as the
 * `experiment` query parameter of `vscode://optimizer-lab.optimizer-lab/open`. Opening the link
 * runs VS Code's URI handler, which reads the text back and opens the panel on it.
 *
 * The compression is passed in (the hosts use the platform's CompressionStream('deflate'), which
 * both the Node and the web extension hosts have), so this module stays free of platform APIs.
 * A link longer than MAX_LINK_LENGTH characters is refused with a message: chat and mail clients
 * cut or mangle longer ones, and the file itself is the better thing to share then.
 */
import { fail, ok, Result } from '../result';

export const LINK_AUTHORITY = 'optimizer-lab.optimizer-lab';
export const LINK_PATH = '/open';
export const LINK_PARAMETER = 'experiment';
/** Longest link offered. */
export const MAX_LINK_LENGTH = 8000;

/** UTF-8 text ↔ deflated bytes (the host supplies it). */
export interface Codec {
  deflate(text: string): Promise<Uint8Array>;
  /** Rejects on bytes that are not a deflate stream of UTF-8 text. */
  inflate(bytes: Uint8Array): Promise<string>;
}

const ALPHABET = 'ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789-_';

export function toBase64Url(bytes: Uint8Array): string {
  let out = '';
  for (let i = 0; i < bytes.length; i += 3) {
    const n = (bytes[i] << 16) | ((bytes[i + 1] ?? 0) << 8) | (bytes[i + 2] ?? 0);
    const chars = Math.min(4, Math.ceil(((bytes.length - i) * 8) / 6));
    for (let c = 0; c < chars; c++) out += ALPHABET[(n >> (18 - 6 * c)) & 63];
  }
  return out;
}

export function fromBase64Url(text: string): Uint8Array | undefined {
  if (!/^[A-Za-z0-9_-]*$/.test(text) || text.length % 4 === 1) return undefined;
  const out = new Uint8Array(Math.floor((text.length * 6) / 8));
  let bits = 0;
  let value = 0;
  let j = 0;
  for (const ch of text) {
    value = (value << 6) | ALPHABET.indexOf(ch);
    bits += 6;
    if (bits >= 8) {
      bits -= 8;
      out[j++] = (value >> bits) & 255;
    }
  }
  return out;
}

/** The link for an experiment file's text, or why there is none (too long). */
export async function experimentLink(text: string, codec: Codec): Promise<Result<string>> {
  const packed = toBase64Url(await codec.deflate(text));
  const link = `vscode://${LINK_AUTHORITY}${LINK_PATH}?${LINK_PARAMETER}=${packed}`;
  if (link.length > MAX_LINK_LENGTH) {
    return fail(`this experiment is too large for a link (${link.length.toLocaleString('en-US')} characters; links are kept under ${MAX_LINK_LENGTH.toLocaleString('en-US')}): share the .optlab.json file instead`);
  }
  return ok(link);
}

/** The experiment text a link's query carries (`experiment=…`), or why it cannot be read. */
export async function experimentFromLinkQuery(query: string, codec: Codec): Promise<Result<string>> {
  const pair = query.split('&').map(p => p.split('=')).find(([k]) => k === LINK_PARAMETER);
  const packed = pair ? decodeURIComponent(pair.slice(1).join('=')) : undefined;
  if (!packed) return fail(`the link carries no experiment (expected ?${LINK_PARAMETER}=…)`);
  const bytes = fromBase64Url(packed);
  if (!bytes) return fail('the link\'s experiment is not valid base64url: was the link cut short?');
  try {
    return ok(await codec.inflate(bytes));
  } catch {
    return fail('the link\'s experiment cannot be unpacked: was the link cut short or changed?');
  }
}
