import { isOzonImageOrigin } from '../../../shared/security/image-hosts';

/** A picture URL the window may load (src/shared/security/image-hosts.ts), decided on the parsed URL, never the text. */
export function isOzonImageUrl(raw: string): boolean {
  try {
    return isOzonImageOrigin(new URL(raw));
  } catch {
    return false;
  }
}
