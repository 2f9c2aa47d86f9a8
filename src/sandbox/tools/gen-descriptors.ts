/**
 * Generates protocol/descriptors.gen.ts from Ozon's official OpenAPI spec.
 *
 * Why: Ozon's gateway decodes request bodies as protobuf messages, so the
 * sandbox needs each implemented endpoint's field kinds (int64, string,
 * Timestamp, repeated, nested message…) to reproduce its strict decoding.
 * They are read from the spec rather than typed by hand so field names can
 * never drift from Ozon's. Re-run after updating the spec:
 *   npx tsx src/sandbox/tools/gen-descriptors.ts [path/to/seller-openapi.json]
 */
import fs from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { SELLER_ENDPOINTS } from '../protocol/endpoints';

type Json = Record<string, unknown>;
const here = path.dirname(fileURLToPath(import.meta.url));
// the shared folder beside the checkout (as CI links it), unless a path or OZON_OPENAPI_DIR is given
const specPath = process.argv[2] ?? path.join(process.env.OZON_OPENAPI_DIR ?? path.resolve(import.meta.dirname, '../../../../shared/ozon-api'), 'seller-openapi.json');
const spec = JSON.parse(fs.readFileSync(specPath, 'utf8')) as Json;

function resolve(ref: string): Json {
  let o: unknown = spec;
  for (const p of ref.slice(2).split('/')) o = (o as Json)[p];
  return o as Json;
}
function deref(s: Json): { schema: Json; name?: string } {
  let name: string | undefined;
  let cur = s;
  while (typeof cur.$ref === 'string') {
    name = (cur.$ref as string).split('/').pop();
    cur = resolve(cur.$ref as string);
  }
  if (Array.isArray(cur.allOf) && cur.allOf.length === 1) return deref(cur.allOf[0] as Json);
  return { schema: cur, name };
}

function goMessageName(schemaName: string | undefined, fallback: string): string {
  if (!schemaName) return fallback;
  const last = schemaName.split('.').filter((p) => !/^v\d+$/.test(p));
  const base = last.length > 1 ? last.slice(1).join('_') : last[0]!;
  // "productv3GetProductListRequest" -> "GetProductListRequest"
  return base.replace(/^[a-z_]+v?\d*(?=[A-Z])/, '');
}

function camel(s: string): string {
  return s
    .split('_')
    .map((p) => (p ? p[0]!.toUpperCase() + p.slice(1) : ''))
    .join('');
}

type Field = { k: string; rep?: 1; msg?: Desc; en?: string[] };
type Desc = { name: string; fields: Record<string, Field>; required?: string[] };

function scalarKind(s: Json): string {
  const t = s.type as string | undefined;
  const f = s.format as string | undefined;
  if (t === 'string' && f === 'date-time') return 'timestamp';
  if (t === 'string' && (f === 'int64' || f === 'uint64')) return f;
  if (t === 'string' && f === 'byte') return 'bytes';
  if (t === 'string' && Array.isArray(s.enum)) return 'enum';
  if (t === 'string' || t === 'timestamp') return t === 'timestamp' ? 'timestamp' : 'string';
  if (t === 'integer') return f === 'int32' ? 'int32' : f === 'uint64' ? 'uint64' : 'int64';
  if (t === 'number') return 'double';
  if (t === 'boolean' || t === 'bool') return 'bool';
  if (t === 'enum') return 'enum';
  return 'any';
}

function field(raw: Json, parentName: string, key: string, depth: number): Field {
  const { schema, name } = deref(raw);
  const isArr = schema.type === 'array' || schema.type === 'array of strings' || (schema.items !== undefined && !schema.properties);
  if (isArr) {
    const inner: Json = schema.type === 'array of strings' ? { type: 'string' } : ((schema.items as Json) ?? { type: 'string' });
    const f = field(inner, parentName, key, depth);
    return { ...f, rep: 1 };
  }
  if (schema.type === 'object' || schema.properties) {
    return { k: 'msg', msg: message(schema, goMessageName(name, `${parentName}_${camel(key)}`), depth + 1) };
  }
  const k = scalarKind(schema);
  const out: Field = { k };
  if (k === 'enum' && Array.isArray(schema.enum)) out.en = schema.enum as string[];
  return out;
}

function message(schema: Json, name: string, depth: number): Desc {
  const fields: Record<string, Field> = {};
  if (depth > 8) return { name, fields };
  for (const [k, v] of Object.entries((schema.properties as Json) ?? {})) fields[k] = field(v as Json, name, k, depth);
  const d: Desc = { name, fields };
  if (Array.isArray(schema.required) && schema.required.length) d.required = schema.required as string[];
  return d;
}

const out: Record<string, Desc> = {};
for (const ep of SELLER_ENDPOINTS) {
  const op = ((spec.paths as Json)[ep] as Json | undefined)?.post as Json | undefined;
  if (!op) {
    console.warn(`no POST ${ep} in spec`);
    continue;
  }
  let rb = op.requestBody as Json | undefined;
  if (rb && typeof rb.$ref === 'string') rb = resolve(rb.$ref);
  const sch = ((rb?.content as Json | undefined)?.['application/json'] as Json | undefined)?.schema as Json | undefined;
  if (!sch) {
    out[ep] = { name: 'Empty', fields: {} };
    continue;
  }
  const { schema, name } = deref(sch);
  out[ep] = message(schema, goMessageName(name, 'Request'), 0);
}

const target = path.join(here, '..', 'protocol', 'descriptors.gen.ts');
fs.writeFileSync(
  target,
  `// GENERATED by src/sandbox/tools/gen-descriptors.ts from Ozon's seller-openapi.json. Do not edit.\n` +
    `import type { MessageDesc } from './decode';\n\n` +
    `export const REQUEST_DESCRIPTORS: Record<string, MessageDesc> = ${JSON.stringify(out)};\n`,
);
console.log(`wrote ${Object.keys(out).length} descriptors to ${target}`);
