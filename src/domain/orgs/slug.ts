// Slugs name organizations in URLs and on the command line: "Acme Corp" → "acme-corp".
import { InvalidInput } from '../errors.js';

const SLUG = /^[a-z0-9]+(-[a-z0-9]+)*$/;

export function slugify(name: string): string {
  return name.normalize('NFKD').replace(/[\u0300-\u036f]/g, '').toLowerCase()
    .replace(/[^a-z0-9]+/g, '-').replace(/^-+|-+$/g, '').slice(0, 63).replace(/-+$/, '');
}

export function checkSlug(slug: string): string {
  if (slug.length > 63 || !SLUG.test(slug)) {
    throw new InvalidInput('slug', `"${slug}" must be lower-case letters, digits and single hyphens, at most 63 characters`);
  }
  return slug;
}
