import { isLoopbackUrl } from '../inbound/request-gate.js';

/**
 * OneDrive upload sessions take a file in ranges; each range but the last must be a multiple of
 * 320 KiB and every request stays well under the 60 MiB limit.
 */
export const UPLOAD_FRAGMENT_BYTES = 320 * 1024 * 24;
const UPLOAD_TIMEOUT_MS = 60_000;

export class UploadError extends Error {
  override name = 'UploadError';
  constructor(
    message: string,
    readonly status?: number,
  ) {
    super(message);
  }
}

/**
 * Whether the bot may PUT a user's file to this URL: Teams' upload URLs are https; without
 * credentials (TEAMS_DEV_ANONYMOUS) the invoke is unauthenticated, so only loopback URLs are
 * allowed, as for service URLs.
 */
export function uploadUrlAllowed(url: string, anonymous: boolean): boolean {
  let parsed: URL;
  try {
    parsed = new URL(url);
  } catch {
    return false;
  }
  if (parsed.username || parsed.password) return false;
  if (anonymous) return isLoopbackUrl(url);
  return parsed.protocol === 'https:';
}

/** PUTs the bytes to the upload session Teams opened, in `Content-Range` fragments. */
export async function uploadToSession(
  url: string,
  bytes: Uint8Array,
  options: { anonymous: boolean; fragmentBytes?: number },
): Promise<void> {
  if (!uploadUrlAllowed(url, options.anonymous)) throw new UploadError('upload URL not allowed');
  if (bytes.length === 0) throw new UploadError('nothing to upload');
  const fragment = options.fragmentBytes ?? UPLOAD_FRAGMENT_BYTES;
  const total = bytes.length;
  for (let start = 0; start < total; start += fragment) {
    const end = Math.min(start + fragment, total) - 1;
    const response = await fetch(url, {
      method: 'PUT',
      headers: {
        'content-range': `bytes ${start}-${end}/${total}`,
        'content-length': String(end - start + 1),
      },
      body: bytes.subarray(start, end + 1),
      redirect: 'error',
      signal: AbortSignal.timeout(UPLOAD_TIMEOUT_MS),
    });
    await response.body?.cancel().catch(() => undefined);
    if (!response.ok) throw new UploadError(`upload refused (HTTP ${response.status})`, response.status);
  }
}
