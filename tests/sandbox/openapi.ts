/**
 * Contract validation against Ozon's official OpenAPI specs — reusable by the
 * connector's contract tests:
 *
 *   import { validateRequest, validateResponse } from '../sandbox/openapi';
 *   expect(validateRequest('/v3/product/list', body)).toEqual([]);       // [] = valid
 *   expect(validateResponse('/v3/product/list', 200, json)).toEqual([]);
 *
 * Specs are read from $OZON_OPENAPI_DIR, else from `../shared/ozon-api` beside
 * the checkout (where CI links the shared folder), else /work/shared/ozon-api.
 * Light pre-processing, each for a documented reason:
 *  - invalid `type`s in the spec ("timestamp", "enum", "int", "bool",
 *    "array of strings", "file") are mapped to the JSON Schema type they mean;
 *  - OpenAPI 3.0 `nullable: true` becomes a null-admitting type;
 *  - nested message fields (objects) and date-time strings also admit null:
 *    Ozon's gateway emits unset sub-messages / google.protobuf.Timestamp as
 *    null (see examples/: "cancellation": null, "delivering_date": null);
 *  - `required` entries that name no property are dropped (spec slips such as
 *    /v2/products/stocks requiring a non-existent "quant_size");
 *  - `pattern`s that are human format hints (" YYYY-MM-DD", "+7(XXX)XXX-XX-XX")
 *    and boolean `required: true` on properties (Swagger 2 leftovers) are dropped;
 *  - `"enum": null` / `"type": null` (a few schemas) are dropped;
 *  - error statuses a method does not declare (401, 429 on most methods) are
 *    checked against the shared error envelope `rpcStatus`;
 *  - proto numeric formats (int64, int32, uint64, double, float, byte) are no-op formats.
 * Strict mode (default): objects reject properties the spec does not declare,
 * which catches invented or misspelled field names — Ozon itself silently
 * ignores unknown request fields, so this is the only place they surface.
 */
import fs from 'node:fs';
import path from 'node:path';
import Ajv, { type ErrorObject, type ValidateFunction } from 'ajv';
import addFormats from 'ajv-formats';

type Json = Record<string, unknown>;
const ROOT = path.resolve(import.meta.dirname, '../..');
export const OPENAPI_DIR =
  process.env.OZON_OPENAPI_DIR ?? [path.resolve(ROOT, '../shared/ozon-api'), '/work/shared/ozon-api'].find((d) => fs.existsSync(d)) ?? path.resolve(ROOT, '../shared/ozon-api');
const DIR = OPENAPI_DIR;
const TYPE_FIX: Record<string, unknown> = { timestamp: 'string', enum: 'string', int: 'integer', bool: 'boolean', file: 'string' };

function prepare(node: unknown, strict: boolean, nested: boolean): unknown {
  if (Array.isArray(node)) return node.map((n) => prepare(n, strict, nested));
  if (!node || typeof node !== 'object') return node;
  const src = node as Json;
  const out: Json = {};
  for (const [k, v] of Object.entries(src)) {
    if (k === 'example' || k === 'examples' || k === 'description' || k === 'x-tagGroups') continue;
    if (k === 'properties' && v && typeof v === 'object') {
      out.properties = Object.fromEntries(Object.entries(v as Json).map(([pk, pv]) => [pk, prepare(pv, strict, true)]));
    } else {
      out[k] = prepare(v, strict, k === 'items' ? false : nested && k !== 'schema');
    }
  }
  if (typeof out.pattern === 'string' && /[A-Z]{2}|X{3}/.test(out.pattern)) delete out.pattern; // human hints (" YYYY-MM-DD", "+7(XXX)…"), not regexes
  if (out.required !== undefined && !Array.isArray(out.required)) delete out.required; // Swagger-2-style "required": true on properties
  if (out.enum === null) delete out.enum; // "enum": null in a few schemas
  if (out.type === null) delete out.type; // "type": null (e.g. question answer list last_id): any
  if (typeof out.type === 'string' && out.type in TYPE_FIX) out.type = TYPE_FIX[out.type];
  if (out.type === 'array of strings') {
    out.type = 'array';
    out.items = { type: 'string' };
  }
  if (out.properties && !out.type) out.type = 'object';
  if (out.items && !out.type) out.type = 'array';
  if (Array.isArray(out.required) && out.properties) {
    out.required = (out.required as string[]).filter((r) => r in (out.properties as Json));
    if ((out.required as string[]).length === 0) delete out.required;
  }
  if (strict && out.properties && out.additionalProperties === undefined) out.additionalProperties = false;
  const nullable = out.nullable === true || (nested && (out.type === 'object' || (out.type === 'string' && out.format === 'date-time')));
  delete out.nullable;
  if (nullable && typeof out.type === 'string') out.type = [out.type, 'null'];
  if (typeof out.$ref === 'string' && nested) return { anyOf: [{ $ref: out.$ref }, { type: 'null' }] };
  return out;
}

interface Spec {
  ajv: Ajv;
  id: string;
  doc: Json;
  cache: Map<string, ValidateFunction>;
}
const specs = new Map<string, Spec>();

function load(file: string, strict: boolean): Spec {
  const key = `${file}|${strict}`;
  let s = specs.get(key);
  if (s) return s;
  const raw = JSON.parse(fs.readFileSync(path.join(DIR, file), 'utf8')) as Json;
  const doc = { components: prepare(raw.components, strict, false), paths: prepare(raw.paths, strict, false) } as Json;
  const ajv = new Ajv({ strict: false, allErrors: true, validateFormats: true });
  addFormats(ajv);
  for (const f of ['int64', 'int32', 'uint64', 'double', 'float', 'byte', 'uint32']) ajv.addFormat(f, true);
  const id = `https://openapi.sandbox.test/${file.replace('.json', '')}${strict ? '-strict' : ''}.json`;
  ajv.addSchema({ $id: id, ...doc });
  s = { ajv, id, doc, cache: new Map() };
  specs.set(key, s);
  return s;
}

const esc = (p: string): string => p.replace(/~/g, '~0').replace(/\//g, '~1');

function validator(s: Spec, pointer: string): ValidateFunction {
  let v = s.cache.get(pointer);
  if (!v) {
    v = s.ajv.compile({ $ref: `${s.id}#${pointer}` });
    s.cache.set(pointer, v);
  }
  return v;
}

function fmt(errors: ErrorObject[] | null | undefined): string[] {
  return (errors ?? []).map((e) => `${e.instancePath || '/'} ${e.message ?? ''}${e.params && 'additionalProperty' in e.params ? `: ${String(e.params.additionalProperty)}` : ''}`);
}

export interface ValidateOptions {
  method?: 'post' | 'get';
  /** Reject fields the spec does not declare (default true). */
  strict?: boolean;
  /** 'seller' (default) or 'performance'. */
  api?: 'seller' | 'performance';
}

function op(s: Spec, apiPath: string, method: string): Json {
  const o = ((s.doc.paths as Json)[apiPath] as Json | undefined)?.[method] as Json | undefined;
  if (!o) throw new Error(`${method.toUpperCase()} ${apiPath} is not in the spec`);
  return o;
}

/** Validate a request body; returns [] when valid, else human-readable errors. */
export function validateRequest(apiPath: string, body: unknown, opts: ValidateOptions = {}): string[] {
  const s = load(opts.api === 'performance' ? 'performance-openapi.json' : 'seller-openapi.json', opts.strict ?? true);
  const method = opts.method ?? 'post';
  const o = op(s, apiPath, method);
  const content = ((o.requestBody as Json | undefined)?.content as Json | undefined)?.['application/json'];
  if (!content) return body === undefined || (typeof body === 'object' && body !== null && Object.keys(body).length === 0) ? [] : [`${apiPath} takes no request body`];
  const v = validator(s, `/paths/${esc(apiPath)}/${method}/requestBody/content/application~1json/schema`);
  return v(body) ? [] : fmt(v.errors);
}

/**
 * Validate a response body for an HTTP status (falls back to the `default`
 * response). Non-JSON responses (e.g. application/pdf labels) are checked for
 * being declared only; pass the raw body as a Buffer.
 */
export function validateResponse(apiPath: string, status: number, body: unknown, opts: ValidateOptions = {}): string[] {
  const s = load(opts.api === 'performance' ? 'performance-openapi.json' : 'seller-openapi.json', opts.strict ?? true);
  const method = opts.method ?? 'post';
  const o = op(s, apiPath, method);
  const responses = o.responses as Json;
  const code = String(status) in responses ? String(status) : 'default' in responses ? 'default' : null;
  if (code === null) {
    if (status < 400) return [`status ${status} is not declared for ${apiPath}`];
    const envelope = opts.api === 'performance' ? '/components/schemas/rpcStatus' : '/components/schemas/rpcStatus';
    const v = validator(s, envelope);
    return v(body) ? [] : fmt(v.errors);
  }
  const content = (responses[code] as Json).content as Json | undefined;
  if (!content) return body === undefined || body === '' || (typeof body === 'object' && body !== null && Object.keys(body).length === 0) ? [] : [`${apiPath} ${code} declares no body`];
  if (Buffer.isBuffer(body)) return Object.keys(content).some((ct) => ct !== 'application/json') ? [] : [`${apiPath} ${code} declares only JSON`];
  const ct = 'application/json' in content ? 'application/json' : Object.keys(content)[0]!;
  const v = validator(s, `/paths/${esc(apiPath)}/${method}/responses/${code}/content/${esc(ct)}/schema`);
  return v(body) ? [] : fmt(v.errors);
}
