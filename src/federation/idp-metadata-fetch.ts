// Fetches an IdP's SAML metadata from an admin-given URL, through the SSRF guard, for the CLI and
// the admin API alike: a refused target stays SSO_FETCH_REFUSED, anything else that stops the
// fetch is SAML_METADATA_UNREACHABLE with a sentence saying why.
import { MetadataUnreachable, UnsafeFetch } from '../domain/errors.js';
import { guardedFetch } from '../net/guarded-fetch.js';

export async function fetchIdpMetadata(url: string, allowPrivate: boolean): Promise<string> {
  let res: Response;
  try {
    res = await guardedFetch({ allowPrivate })(url);
  } catch (err) {
    if (err instanceof UnsafeFetch) throw err;
    const code = (err as NodeJS.ErrnoException).code;
    throw new MetadataUnreachable(url, code === 'ECONNREFUSED' ? 'the connection was refused'
      : code === 'ENOTFOUND' ? 'its host name does not resolve' : (err as Error).message);
  }
  if (!res.ok) throw new MetadataUnreachable(url, `it answered HTTP ${res.status}`);
  return res.text();
}
