import { describe, expect, it } from 'vitest';
import { ENDPOINTS_BEGIN, ENDPOINTS_END, renderEndpoints, spliceEndpoints } from './endpointDocs.js';
import type { OpenApiDocument } from './endpointDocs.js';

const document: OpenApiDocument = {
  paths: {
    '/api/things/{id}': {
      get: {
        summary: 'A thing',
        parameters: [
          { name: 'k', in: 'query', description: 'how many', schema: { type: 'integer', minimum: 1, maximum: 1000000, default: 10 } },
          { name: 'id', in: 'path', required: true, description: 'the id', schema: { type: 'string', pattern: '^a|b$' } },
          { name: 'by', in: 'query', description: 'order', schema: { type: 'string', enum: ['x', 'y'], default: 'x' } },
          { name: 'q', in: 'query', description: 'words', schema: { type: 'string', minLength: 1, maxLength: 200 } },
        ],
        responses: {
          200: {
            description: 'the thing',
            content: {
              'application/json': { schema: { type: 'object', required: ['name'], properties: { name: { type: 'string', description: 'its name' }, note: { type: ['string', 'null'], description: 'a note' } } } },
              'text/csv': { schema: { type: 'string', description: 'as CSV' } },
            },
          },
          '4XX': { description: 'an error' },
        },
      },
    },
    '/api/do': { post: { summary: 'Do', requestBody: { required: true, content: { 'application/json': { schema: { type: 'object', required: ['n'], properties: { n: { type: 'number', minimum: 0, description: 'a count' } } } } } } } },
  },
};

describe('renderEndpoints', () => {
  const text = renderEndpoints(document);

  it('indexes every operation in the order of the document, each linked to its heading', () => {
    expect(text.startsWith('| endpoint | summary |\n| --- | --- |\n| [`GET /api/things/{id}`](#get-apithingsid) | A thing |\n| [`POST /api/do`](#post-apido) | Do |\n')).toBe(true);
    expect(text).toContain('\n### `GET /api/things/{id}`\n');
    expect(text.indexOf('### `POST /api/do`')).toBeGreaterThan(text.indexOf('### `GET /api/things/{id}`'));
  });

  it('lists path parameters first, with their type, range, values, length, pattern and default', () => {
    const rows = text.split('\n').filter((l) => /^\| `(id|k|by|q|n)` /.test(l));
    expect(rows).toEqual([
      '| `id` | path, required | string | `^a\\|b$` |  | the id |',
      '| `k` | query | integer | 1 to 1e6 | `10` | how many |',
      '| `by` | query | string | `x`, `y` | `x` | order |',
      '| `q` | query | string | 1 to 200 characters |  | words |',
      '| `n` | body (application/json), required | number | at least 0 |  | a count |',
    ]);
  });

  it('lists each answer by status and media type, the fields of a JSON answer with the optional ones marked, and the errors on one line', () => {
    expect(text).toContain('- `200` `application/json`: the thing\n\n  | field | type | |\n  | --- | --- | --- |\n  | `name` | string | its name |\n  | `note` (optional) | string or null | a note |\n\n- `200` `text/csv`: as CSV\n- `4XX` an error (see [Errors](#errors))\n');
  });

  it("prints an operation's description after its summary, and nothing for an operation without one", () => {
    const described = renderEndpoints({ paths: { '/api/x': { get: { summary: 'X', description: 'X counts the y of z.' } } } });
    expect(described).toContain('### `GET /api/x`\n\nX\n\nX counts the y of z.\n');
    expect(text).toContain('### `POST /api/do`\n\nDo\n\n| parameter |');
  });

  it('gives the same text for the same document', () => {
    expect(renderEndpoints(structuredClone(document))).toBe(text);
  });
});

describe('spliceEndpoints', () => {
  const docs = `# API\n\nintro\n\n${ENDPOINTS_BEGIN}\nold list\n${ENDPOINTS_END}\n\n## After\n`;

  it('replaces what lies between the markers, and only that, with a note saying how it is made', () => {
    const out = spliceEndpoints(docs, 'new list\n');
    expect(out.startsWith('# API\n\nintro\n\n<!-- endpoints:begin -->\n<!-- generated from GET /api/openapi.json by npx -y pnpm@10 --filter shopper-spectrum docs:endpoints')).toBe(true);
    expect(out.endsWith('-->\n\nnew list\n<!-- endpoints:end -->\n\n## After\n')).toBe(true);
    expect(out).not.toContain('old list');
  });

  it('changes nothing when spliced again with the same list', () => {
    const once = spliceEndpoints(docs, 'new list\n');
    expect(spliceEndpoints(once, 'new list\n')).toBe(once);
  });

  it('refuses a text without both markers in order', () => {
    expect(() => spliceEndpoints('# API\n', 'x')).toThrow(/endpoints:begin/);
    expect(() => spliceEndpoints(`${ENDPOINTS_END}\n${ENDPOINTS_BEGIN}\n`, 'x')).toThrow(/endpoints:begin/);
  });
});
