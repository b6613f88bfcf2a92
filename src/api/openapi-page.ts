// The API reference at /api/docs: the OpenAPI document rendered on the server as a readable page —
// per tag, each operation with its method, path, the permission it needs (and who holds it), its
// parameters, its request body and its response as field tables. Our layout and stylesheet, no
// script; everything from the document is escaped.
import { escapeHtml, page } from '../web/page.js';
import { schemaFields, type FieldRow } from './schema-fields.js';
import { ERROR_SCHEMA } from './openapi.js';

interface Operation {
  operationId: string; tags: string[]; summary: string; 'x-permission': string; 'x-roles': string[];
  parameters: Array<{ name: string; in: string; required: boolean; description?: string; schema: unknown }>;
  requestBody?: { content: Record<string, { schema: unknown }> };
  responses: Record<string, { description: string; content?: Record<string, { schema: unknown }> }>;
}

const ROLE_NAMES: Record<string, string> = { primary_owner: 'Primary owner', owner: 'Owner', admin: 'Admin', member: 'Member' };

export function openApiPage(doc: Record<string, unknown>): string {
  const ops = Object.entries(doc.paths as Record<string, Record<string, Operation>>)
    .flatMap(([path, byMethod]) => Object.entries(byMethod).map(([method, op]) => ({ path, method, op })));
  const tags = [...new Set(ops.map((o) => o.op.tags[0] ?? 'Other'))];
  const toc = tags.map((t) => `<li><a href="#${anchor(t)}">${escapeHtml(t)}</a></li>`).join('');
  const sections = tags.map((tag) => `<section id="${anchor(tag)}"><h2>${escapeHtml(tag)}</h2>
${ops.filter((o) => (o.op.tags[0] ?? 'Other') === tag).map(({ path, method, op }) => operation(path, method, op)).join('\n')}</section>`).join('\n');
  return page('Seatgate admin API', `<p>JSON over HTTPS under <code>/api/v1</code>. Authenticate with an organization API key in the
<strong>Authorization</strong> header (<code>Bearer sgkey_…</code>, made with <code>seatgate api-key create</code> or in the console),
or sign in and use the session cookie; with the cookie, changes must come from this origin. Every route acts on the caller's own
organization. The same reference, machine-readable: <a href="/api/openapi.json">/api/openapi.json</a> (OpenAPI 3.1).</p>
<h2>Errors</h2>
<p>A refusal answers with an HTTP status and this body; the code is stable, the message is for a person.</p>
${fieldTable(schemaFields(ERROR_SCHEMA))}
<h2>Contents</h2><ul class="toc">${toc}</ul>
${sections}`, { wide: true });
}

function operation(path: string, method: string, op: Operation): string {
  const roles = op['x-roles'].map((r) => ROLE_NAMES[r] ?? r).join(', ');
  const params = op.parameters.map((p) => {
    const row = schemaFields({ type: 'object', properties: { [p.name]: { ...(p.schema as object), ...(p.description ? { description: p.description } : {}) } }, required: p.required ? [p.name] : [] })[0]!;
    return { ...row, path: `${p.name} (${p.in})` };
  });
  const body = op.requestBody?.content['application/json']?.schema;
  const [status, response] = Object.entries(op.responses).find(([s]) => s !== 'default')!;
  const [contentType, content] = Object.entries(response.content ?? {})[0] ?? [];
  return `<article class="op" id="${escapeHtml(op.operationId)}">
<h3><span class="method">${escapeHtml(method)}</span><span class="path">${escapeHtml(path)}</span></h3>
<p>${prose(op.summary)}</p>
<p class="muted">Permission: ${escapeHtml(op['x-permission'])} — ${escapeHtml(roles)}${op['x-roles'].length === 4 ? ' (everyone)' : ''}.</p>
${params.length ? `<h4>Parameters</h4>${fieldTable(params)}` : ''}
${body ? `<h4>Request body (JSON)</h4>${fieldTable(schemaFields(body))}` : ''}
<h4>Response: ${escapeHtml(status)} ${escapeHtml(response.description)}</h4>
${content ? `${contentType !== 'application/json' ? `<p class="muted">${escapeHtml(contentType!)}</p>` : ''}${fieldTable(schemaFields(content.schema))}` : '<p class="muted">No body.</p>'}
</article>`;
}

function fieldTable(rows: FieldRow[]): string {
  if (!rows.length) return '<p class="muted">No fields.</p>';
  return `<table><thead><tr><th>Field</th><th>Type</th><th>Required</th><th>Description</th></tr></thead><tbody>${rows.map((r) =>
    `<tr><td><code>${escapeHtml(r.path)}</code></td><td>${typeCell(r)}</td><td>${r.required ? 'yes' : 'no'}</td><td>${prose(r.description)}</td></tr>`).join('')}</tbody></table>`;
}

function typeCell(r: FieldRow): string {
  const values = r.enumValues.length ? ' ' + r.enumValues.map((v) => `<code>${escapeHtml(v)}</code>`).join(', ') : '';
  return `${escapeHtml(r.type)}${values}${r.nullable ? ' or null' : ''}${r.defaultValue !== null ? `; default <code>${escapeHtml(r.defaultValue)}</code>` : ''}`;
}

/** Escaped text, with `code spans` shown as code rather than as raw backticks. */
function prose(text: string): string {
  return escapeHtml(text).replace(/`([^`]+)`/g, '<code>$1</code>');
}

function anchor(tag: string): string {
  return 'tag-' + tag.toLowerCase().replace(/[^a-z0-9]+/g, '-');
}
