/**
 * The endpoint list of docs/dashboard-and-api.md, rendered from the server's OpenAPI document
 * (`GET /api/openapi.json`): each route's method, path, summary, parameters (where, type, what is
 * allowed, default) and answers. scripts/writeEndpointDocs.ts writes it between the markers, and
 * test/serverOpenapi.test.ts fails when the docs differ from what the server documents.
 */

/** The part of a JSON schema the list shows. */
export interface JsonSchemaLike {
  readonly type?: string | readonly string[];
  readonly enum?: readonly unknown[];
  readonly minimum?: number;
  readonly maximum?: number;
  readonly minLength?: number;
  readonly maxLength?: number;
  readonly pattern?: string;
  readonly default?: unknown;
  readonly description?: string;
  readonly required?: readonly string[];
  readonly properties?: Readonly<Record<string, JsonSchemaLike>>;
}

/** A response of an operation. */
export interface OpenApiResponse {
  readonly description?: string;
  readonly content?: Readonly<Record<string, { readonly schema?: JsonSchemaLike }>>;
}

/** An operation of the document. */
export interface OpenApiOperation {
  readonly summary?: string;
  /** Longer words on the operation, printed after its summary when present. */
  readonly description?: string;
  readonly parameters?: readonly { readonly name: string; readonly in: string; readonly required?: boolean; readonly description?: string; readonly schema?: JsonSchemaLike }[];
  readonly requestBody?: { readonly required?: boolean; readonly content?: Readonly<Record<string, { readonly schema?: JsonSchemaLike }>> };
  readonly responses?: Readonly<Record<string, OpenApiResponse>>;
}

/** The part of an OpenAPI 3.1 document the list is made from. */
export interface OpenApiDocument {
  readonly info?: { readonly title?: string; readonly version?: string };
  readonly paths: Readonly<Record<string, Readonly<Record<string, OpenApiOperation>>>>;
}

/** The markers around the generated list in the docs. */
export const ENDPOINTS_BEGIN = '<!-- endpoints:begin -->';
export const ENDPOINTS_END = '<!-- endpoints:end -->';

/** The command that rewrites the list (run from the repository root). */
export const ENDPOINTS_COMMAND = 'npx -y pnpm@10 --filter shopper-spectrum docs:endpoints';

const METHODS = ['get', 'post', 'put', 'patch', 'delete'] as const;

/** A table cell: no line break, pipes escaped (also inside code spans, as GitHub tables need). */
const cell = (text: string) => text.replace(/\s*\n\s*/g, ' ').replaceAll('|', '\\|');
const code = (text: string) => `\`${text}\``;

/** A number as the list writes it: 1e6 rather than 1000000 for round large ones. */
function num(x: number): string {
  if (Number.isInteger(x) && Math.abs(x) >= 1e5 && /^[1-9]e\+\d+$/.test(x.toExponential())) return x.toExponential().replace('e+', 'e');
  return String(x);
}

function typeOf(schema: JsonSchemaLike | undefined): string {
  const t = schema?.type;
  if (t === undefined) return 'any';
  return typeof t === 'string' ? t : t.join(' or ');
}

/** What a schema allows beyond its type: values, range, length, pattern. */
function allowedBy(schema: JsonSchemaLike | undefined): string {
  if (schema === undefined) return '';
  const parts: string[] = [];
  if (schema.enum) parts.push(schema.enum.map((v) => code(String(v))).join(', '));
  if (schema.minimum !== undefined && schema.maximum !== undefined) parts.push(`${num(schema.minimum)} to ${num(schema.maximum)}`);
  else if (schema.minimum !== undefined) parts.push(`at least ${num(schema.minimum)}`);
  else if (schema.maximum !== undefined) parts.push(`at most ${num(schema.maximum)}`);
  if (schema.minLength !== undefined && schema.maxLength !== undefined) parts.push(`${schema.minLength} to ${schema.maxLength} characters`);
  else if (schema.maxLength !== undefined) parts.push(`at most ${schema.maxLength} characters`);
  else if (schema.minLength !== undefined) parts.push(`at least ${schema.minLength} characters`);
  if (schema.pattern !== undefined) parts.push(code(schema.pattern));
  return parts.join('; ');
}

/** The GitHub anchor of a heading. */
function anchor(heading: string): string {
  return heading
    .toLowerCase()
    .replace(/[^a-z0-9 _-]/g, '')
    .replace(/ /g, '-');
}

function parameterRows(op: OpenApiOperation): string[] {
  const rows: string[] = [];
  // path parameters first, then the query, each in the document's order
  const params = [...(op.parameters ?? [])].sort((a, b) => Number(b.in === 'path') - Number(a.in === 'path'));
  for (const p of params) {
    const where = `${p.in}${p.required ? ', required' : ''}`;
    rows.push(`| ${code(p.name)} | ${where} | ${typeOf(p.schema)} | ${cell(allowedBy(p.schema))} | ${p.schema?.default === undefined ? '' : code(String(p.schema.default))} | ${cell(p.description ?? p.schema?.description ?? '')} |`);
  }
  for (const [type, media] of Object.entries(op.requestBody?.content ?? {})) {
    const body = media.schema;
    const required = new Set(body?.required ?? []);
    for (const [name, prop] of Object.entries(body?.properties ?? {})) {
      rows.push(`| ${code(name)} | body (${type})${required.has(name) ? ', required' : ''} | ${typeOf(prop)} | ${cell(allowedBy(prop))} | ${prop.default === undefined ? '' : code(String(prop.default))} | ${cell(prop.description ?? '')} |`);
    }
  }
  return rows;
}

function answerLines(op: OpenApiOperation): string[] {
  const lines: string[] = [];
  const errors: string[] = [];
  for (const [status, response] of Object.entries(op.responses ?? {})) {
    if (/^[45]/.test(status)) {
      errors.push(`${code(status)} ${response.description ?? ''}`.trim());
      continue;
    }
    const media = Object.entries(response.content ?? {});
    if (media.length === 0) {
      lines.push(`- ${code(status)}: ${response.description ?? ''}`);
      continue;
    }
    for (const [type, { schema }] of media) {
      const what = type === 'application/json' ? response.description ?? '' : schema?.description ?? response.description ?? '';
      lines.push(`- ${code(status)} ${code(type)}: ${what}`);
      const fields = Object.entries(schema?.properties ?? {});
      if (fields.length === 0) continue;
      const required = new Set(schema?.required ?? []);
      lines.push('', '  | field | type | |', '  | --- | --- | --- |');
      for (const [name, prop] of fields) lines.push(`  | ${code(name)}${required.has(name) ? '' : ' (optional)'} | ${typeOf(prop)} | ${cell(prop.description ?? '')} |`);
      lines.push('');
    }
  }
  if (errors.length) lines.push(`- ${errors.join('; ')} (see [Errors](#errors))`);
  while (lines.at(-1) === '') lines.pop();
  return lines;
}

/**
 * The endpoint list of an OpenAPI document as Markdown: an index of every operation, then for each
 * its summary, a table of its parameters (path, query and body fields: type, what is allowed,
 * default, meaning) and its answers (status, media type, the fields of a JSON answer). Operations
 * come in the document's order. Deterministic: the same document gives the same text.
 *
 * @param document - the OpenAPI document (as `GET /api/openapi.json` answers it)
 * @returns the Markdown, ending with a newline
 * @example
 * ```ts
 * renderEndpoints({ paths: { '/api/health': { get: { summary: 'What is served', responses: { 200: { description: 'the service' } } } } } });
 * // => '| endpoint | summary |\n| --- | --- |\n| [`GET /api/health`](#get-apihealth) | What is served |\n\n### `GET /api/health`\n\nWhat is served\n\nAnswers:\n\n- `200`: the service\n'
 * ```
 */
export function renderEndpoints(document: OpenApiDocument): string {
  const ops: { method: string; path: string; op: OpenApiOperation }[] = [];
  for (const [path, item] of Object.entries(document.paths)) {
    for (const method of METHODS) if (item[method]) ops.push({ method: method.toUpperCase(), path, op: item[method]! });
  }
  const out: string[] = ['| endpoint | summary |', '| --- | --- |'];
  for (const { method, path, op } of ops) out.push(`| [${code(`${method} ${path}`)}](#${anchor(`${method} ${path}`)}) | ${cell(op.summary ?? '')} |`);
  for (const { method, path, op } of ops) {
    out.push('', `### ${code(`${method} ${path}`)}`, '', op.summary ?? '');
    if (op.description) out.push('', op.description);
    const params = parameterRows(op);
    if (params.length) out.push('', '| parameter | in | type | allowed | default | meaning |', '| --- | --- | --- | --- | --- | --- |', ...params);
    const answers = answerLines(op);
    if (answers.length) out.push('', 'Answers:', '', ...answers);
  }
  return `${out.join('\n')}\n`;
}

/**
 * Puts a generated section between the markers of a Markdown text, the markers kept, with a note
 * that the section is generated and by which command.
 *
 * @param markdown - the text holding {@link ENDPOINTS_BEGIN} and, after it, {@link ENDPOINTS_END}
 * @param section - what goes between them
 * @returns the text with the section replaced
 * @throws Error when the markers are missing or out of order
 * @example
 * ```ts
 * spliceEndpoints('a\n<!-- endpoints:begin -->\nold\n<!-- endpoints:end -->\nb\n', 'new\n');
 * // => 'a\n<!-- endpoints:begin -->\n<!-- generated from GET /api/openapi.json by ... -->\n\nnew\n<!-- endpoints:end -->\nb\n'
 * ```
 */
export function spliceEndpoints(markdown: string, section: string): string {
  const begin = markdown.indexOf(ENDPOINTS_BEGIN);
  const end = markdown.indexOf(ENDPOINTS_END);
  if (begin < 0 || end < begin) throw new Error(`the docs need the markers ${ENDPOINTS_BEGIN} and, after it, ${ENDPOINTS_END} around the endpoint list`);
  const note = `<!-- generated from GET /api/openapi.json by ${ENDPOINTS_COMMAND}: edit the route schemas (examples/reference-app/src/server/schemas.ts), not this list -->`;
  return `${markdown.slice(0, begin + ENDPOINTS_BEGIN.length)}\n${note}\n\n${section}${markdown.slice(end)}`;
}
