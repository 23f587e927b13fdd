import 'reflect-metadata';
import { type DynamicModule, RequestMethod, SetMetadata, type Type } from '@nestjs/common';
import {
  GUARDS_METADATA,
  HTTP_CODE_METADATA,
  METHOD_METADATA,
  MODULE_METADATA,
  PATH_METADATA,
  ROUTE_ARGS_METADATA,
  SSE_METADATA,
} from '@nestjs/common/constants';
import { RouteParamtypes } from '@nestjs/common/enums/route-paramtypes.enum';
import { z } from 'zod';
import { OperatorGuard } from './auth';
import { ZodPipe } from './zod-pipe';
import { QueryPipe, querySchemaOf } from './request-pipeline';

/**
 * What the controller metadata cannot say about an operation. Everything else — path, method,
 * path/query/header parameters, the body schema of a ZodPipe, the success status, the operator
 * token — is read from the decorators Nest itself routes by, so the document follows the code.
 */
export interface ApiDocOptions {
  summary: string;
  description?: string;
  /** Request bodies by content type, for handlers that parse `@Body() body: unknown` themselves. */
  requestBody?: Record<string, z.ZodType>;
  /** The success response body (JSON unless `responseType` says otherwise). */
  response?: z.ZodType;
  responseType?: string;
  /** The success status when the handler sets it itself (`@Res()`), not with @HttpCode. */
  status?: number;
  /** Further responses worth naming (e.g. 409 on a stale version, 413 on a large batch). */
  errors?: Record<number, string>;
}

const API_DOC = 'watchfire:api-doc';
/** Documents one route for the generated OpenAPI document (served at /openapi.json). */
export const ApiDoc = (options: ApiDocOptions) => SetMetadata(API_DOC, options);

type ModuleDef = Type<unknown> | DynamicModule;
const isDynamic = (m: unknown): m is DynamicModule => !!m && typeof m === 'object' && 'module' in m;

/** Every controller of a module and the modules it imports, in declaration order. */
export function controllersOf(root: ModuleDef): Type<unknown>[] {
  const seen = new Set<unknown>();
  const out: Type<unknown>[] = [];
  const walk = (m: ModuleDef | undefined) => {
    if (!m || seen.has(m)) return;
    seen.add(m);
    const cls = isDynamic(m) ? m.module : m;
    const controllers = [
      ...((Reflect.getMetadata(MODULE_METADATA.CONTROLLERS, cls) as Type<unknown>[] | undefined) ?? []),
      ...(isDynamic(m) ? (m.controllers ?? []) : []),
    ];
    for (const c of controllers) if (!out.includes(c)) out.push(c);
    const imports = [
      ...((Reflect.getMetadata(MODULE_METADATA.IMPORTS, cls) as ModuleDef[] | undefined) ?? []),
      ...(isDynamic(m) ? ((m.imports ?? []) as ModuleDef[]) : []),
    ];
    for (const i of imports) walk(i);
  };
  walk(root);
  return out;
}

const METHODS: Partial<Record<RequestMethod, string>> = {
  [RequestMethod.GET]: 'get',
  [RequestMethod.POST]: 'post',
  [RequestMethod.PUT]: 'put',
  [RequestMethod.DELETE]: 'delete',
  [RequestMethod.PATCH]: 'patch',
};

const SUCCESS_TEXT: Record<number, string> = {
  200: 'OK',
  201: 'Created',
  202: 'Accepted',
  204: 'No content',
};

interface RouteArg {
  index: number;
  data?: unknown;
  pipes?: unknown[];
}

const joinPath = (...parts: string[]) =>
  `/${parts
    .flatMap((p) => p.split('/'))
    .filter(Boolean)
    .join('/')}`;
const openApiPath = (p: string) => p.replace(/:([A-Za-z0-9_]+)/g, '{$1}');
const zodPipeOf = (arg: RouteArg) =>
  arg.pipes?.find(
    (p): p is ZodPipe<z.ZodType> | QueryPipe<z.ZodType> => p instanceof ZodPipe || p instanceof QueryPipe,
  );
const lowerFirst = (s: string) => s.charAt(0).toLowerCase() + s.slice(1);

/** Collects anonymous route schemas under stable names so they become components too. */
class SchemaNames {
  readonly named = new Map<z.ZodType, string>();
  /** A $ref for objects and arrays (shared, named); a primitive (text/plain body, metrics) inline. */
  ref(schema: z.ZodType, fallback: string): Record<string, unknown> {
    if (
      !z.globalRegistry.get(schema)?.id &&
      !(schema instanceof z.ZodObject) &&
      !(schema instanceof z.ZodArray)
    ) {
      const { $schema: _s, ...inline } = z.toJSONSchema(schema, { io: 'input', unrepresentable: 'any' });
      return inline;
    }
    const id = z.globalRegistry.get(schema)?.id ?? this.named.get(schema) ?? fallback;
    this.named.set(schema, id);
    return { $ref: `#/components/schemas/${id}` };
  }
}

const ErrorBodySchema = z
  .object({
    error: z.object({
      code: z.string().describe('Machine-readable, e.g. validation_failed, not_found, unauthorized.'),
      message: z.string().describe('One line saying what was wrong and what to do.'),
      details: z.unknown().optional().describe('For validation errors: each field path and why.'),
    }),
  })
  .describe('The error body every Watchfire API returns.');

export interface OpenApiInfo {
  service: string;
  version: string;
  description: string;
}

/** Builds one service's OpenAPI 3.1 document from its controllers. */
export function buildOpenApiDocument(
  info: OpenApiInfo,
  controllers: Type<unknown>[],
): Record<string, unknown> {
  const names = new SchemaNames();
  names.named.set(ErrorBodySchema, 'Error');
  const paths: Record<string, Record<string, unknown>> = {};
  for (const ctrl of controllers) {
    const base = String((Reflect.getMetadata(PATH_METADATA, ctrl) as string | string[] | undefined) ?? '');
    const classGuards = (Reflect.getMetadata(GUARDS_METADATA, ctrl) as unknown[] | undefined) ?? [];
    const tag = ctrl.name.replace(/Controller$/, '');
    for (const name of Object.getOwnPropertyNames(ctrl.prototype)) {
      const handler = (ctrl.prototype as Record<string, unknown>)[name];
      if (name === 'constructor' || typeof handler !== 'function') continue;
      const method = METHODS[Reflect.getMetadata(METHOD_METADATA, handler) as RequestMethod];
      const sub = Reflect.getMetadata(PATH_METADATA, handler) as string | undefined;
      if (!method || sub === undefined) continue;
      const path = openApiPath(joinPath(base, sub));
      const doc = Reflect.getMetadata(API_DOC, handler) as ApiDocOptions | undefined;
      const guards = [
        ...classGuards,
        ...((Reflect.getMetadata(GUARDS_METADATA, handler) as unknown[] | undefined) ?? []),
      ];
      const operationId = `${lowerFirst(tag)}${name.charAt(0).toUpperCase()}${name.slice(1)}`;
      const schemaName = (suffix: string) => `${tag}${name.charAt(0).toUpperCase()}${name.slice(1)}${suffix}`;
      const routeArgs =
        (Reflect.getMetadata(ROUTE_ARGS_METADATA, ctrl, name) as Record<string, RouteArg> | undefined) ?? {};
      const argsOf = (type: RouteParamtypes) =>
        Object.entries(routeArgs)
          .filter(([k]) => k.split(':')[0] === String(type))
          .map(([, a]) => a);
      const parameters: unknown[] = [];
      for (const p of path.matchAll(/\{([^}]+)\}/g))
        parameters.push({ name: p[1], in: 'path', required: true, schema: { type: 'string' } });
      const declaredQuery = querySchemaOf(handler);
      const queryPipes = declaredQuery
        ? [{ schema: declaredQuery }]
        : argsOf(RouteParamtypes.QUERY).map((a) => {
            if (typeof a.data === 'string')
              parameters.push({ name: a.data, in: 'query', required: false, schema: { type: 'string' } });
            return typeof a.data === 'string' ? undefined : zodPipeOf(a);
          });
      for (const pipe of queryPipes) {
        if (pipe) {
          const js = z.toJSONSchema(pipe.schema, { io: 'input', unrepresentable: 'any' }) as {
            properties?: Record<string, Record<string, unknown>>;
            required?: string[];
          };
          for (const [q, s] of Object.entries(js.properties ?? {})) {
            const { description, ...schema } = s;
            parameters.push({
              name: q,
              in: 'query',
              required: js.required?.includes(q) ?? false,
              ...(description ? { description } : {}),
              schema,
            });
          }
        }
      }
      for (const a of argsOf(RouteParamtypes.HEADERS))
        if (typeof a.data === 'string' && a.data.toLowerCase() !== 'content-type')
          parameters.push({ name: a.data, in: 'header', required: false, schema: { type: 'string' } });

      let requestBody: unknown;
      const bodyPipe = argsOf(RouteParamtypes.BODY).map(zodPipeOf).find(Boolean);
      if (doc?.requestBody) {
        requestBody = {
          required: true,
          content: Object.fromEntries(
            Object.entries(doc.requestBody).map(([ct, s]) => [
              ct,
              { schema: names.ref(s, schemaName('Body')) },
            ]),
          ),
        };
      } else if (bodyPipe) {
        requestBody = {
          required: true,
          content: { 'application/json': { schema: names.ref(bodyPipe.schema, schemaName('Body')) } },
        };
      }

      const code =
        doc?.status ??
        (Reflect.getMetadata(HTTP_CODE_METADATA, handler) as number | undefined) ??
        (method === 'post' ? 201 : 200);
      const sse = Reflect.getMetadata(SSE_METADATA, handler) === true;
      const contentType = sse ? 'text/event-stream' : (doc?.responseType ?? 'application/json');
      const success: Record<string, unknown> = { description: SUCCESS_TEXT[code] ?? 'Success' };
      if (code !== 204) {
        success.content = {
          [contentType]: {
            schema: doc?.response ? names.ref(doc.response, schemaName('Response')) : {},
          },
        };
      }
      const error = (description: string) => ({
        description,
        content: { 'application/json': { schema: { $ref: '#/components/schemas/Error' } } },
      });
      const responses: Record<string, unknown> = { [String(code)]: success };
      if (requestBody || parameters.some((p) => (p as { in: string }).in === 'query'))
        responses['400'] = error('Invalid request: the message names each bad field');
      const operator = guards.includes(OperatorGuard);
      if (operator) responses['401'] = error('Missing or unknown operator token');
      if (parameters.some((p) => (p as { in: string }).in === 'path')) responses['404'] = error('Not found');
      for (const [status, d] of Object.entries(doc?.errors ?? {})) responses[status] = error(d);

      paths[path] ??= {};
      paths[path][method] = {
        operationId,
        tags: [tag],
        summary: doc?.summary ?? `${tag} ${name}`,
        ...(doc?.description ? { description: doc.description } : {}),
        ...(operator ? { security: [{ operatorToken: [] }] } : {}),
        ...(parameters.length ? { parameters } : {}),
        ...(requestBody ? { requestBody } : {}),
        responses,
      };
    }
  }
  return {
    openapi: '3.1.0',
    info: {
      title: `Watchfire ${info.service}`,
      version: info.version,
      description: `${info.description} Generated from the controllers and their zod schemas by \`npm run openapi:generate\`.`,
    },
    paths: Object.fromEntries(Object.entries(paths).sort(([a], [b]) => a.localeCompare(b))),
    components: {
      schemas: componentSchemas(names.named),
      securitySchemes: {
        operatorToken: {
          type: 'http',
          scheme: 'bearer',
          description: 'OPERATOR_TOKEN (npm start prints it).',
        },
      },
    },
  };
}

/**
 * JSON Schemas for the named route schemas and every contract schema they reference, as
 * components. A private registry holds the contract schemas (by their `.meta({ id })`) plus the
 * route schemas, so shared shapes become `$ref`s instead of being copied into each operation.
 */
function componentSchemas(named: Map<z.ZodType, string>): Record<string, unknown> {
  const registry = z.registry<{ id: string }>();
  for (const [id, s] of z.globalRegistry._idmap) registry.add(s, { id });
  for (const [s, id] of named) if (!registry.has(s)) registry.add(s, { id });
  const all = z.toJSONSchema(registry, {
    io: 'input',
    unrepresentable: 'any',
    uri: (id: string) => `#/components/schemas/${id}`,
  }) as { schemas: Record<string, Record<string, unknown>> };
  const keep = new Set<string>();
  const visit = (id: string) => {
    if (keep.has(id) || !all.schemas[id]) return;
    keep.add(id);
    for (const m of JSON.stringify(all.schemas[id]).matchAll(/#\/components\/schemas\/([^"]+)/g)) visit(m[1]);
  };
  for (const id of named.values()) visit(id);
  const out: Record<string, unknown> = {};
  for (const id of [...keep].sort()) {
    const { $schema: _s, $id: _i, ...rest } = all.schemas[id];
    out[id] = rest;
  }
  return out;
}
