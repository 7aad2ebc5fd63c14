import { DynamicModule, RequestMethod, Type } from '@nestjs/common';
import { MODULE_METADATA, METHOD_METADATA, PATH_METADATA, ROUTE_ARGS_METADATA } from '@nestjs/common/constants';
import { RouteParamtypes } from '@nestjs/common/enums/route-paramtypes.enum';
import type { JsonSchema, RequestDescription, RequestParameter, RequestSchemas } from '@tellonce/contracts';
import { UuidOrNotFoundPipe } from '../http/uuid-or-not-found.pipe';
import { DtoClass, dtoJsonSchema, JsonSchemaObject } from './dto-json-schema';

export interface ControllerRequestsOptions {
  /** Schemas for the workspace's own validation decorators, by name (see dtoJsonSchema). */
  customDecorators?: Readonly<Record<string, JsonSchemaObject>>;
}

/** The controllers a module declares itself (a dynamic module's and its class's), not its imports'. */
export function controllersOf(module: Type | DynamicModule): Type[] {
  const moduleClass = 'module' in module ? module.module : module;
  const declared = (Reflect.getMetadata(MODULE_METADATA.CONTROLLERS, moduleClass) as Type[] | undefined) ?? [];
  const dynamic = 'module' in module ? (module.controllers ?? []) : [];
  return [...new Set([...declared, ...dynamic])];
}

const asList = (paths: string | string[] | undefined): string[] => (Array.isArray(paths) ? paths : [paths ?? '']);
const joinPath = (...parts: string[]) => '/' + parts.map((p) => p.replace(/^\/+|\/+$/g, '')).filter(Boolean).join('/');

interface RouteArgument {
  type: RouteParamtypes;
  data: unknown;
  dto: DtoClass | undefined;
  pipes: unknown[];
}

function routeArguments(controller: Type, method: string): RouteArgument[] {
  const args = (Reflect.getMetadata(ROUTE_ARGS_METADATA, controller, method) ?? {}) as Record<string, { index: number; data: unknown; pipes?: unknown[] }>;
  const types = (Reflect.getMetadata('design:paramtypes', controller.prototype, method) ?? []) as (DtoClass | undefined)[];
  return Object.entries(args)
    .map(([key, arg]) => ({ type: Number(key.split(':')[0]) as RouteParamtypes, data: arg.data, dto: types[arg.index], pipes: arg.pipes ?? [] }))
    .filter((arg) => !Number.isNaN(arg.type)); // custom decorators (CurrentPrincipal) key as "<id>__customRouteArgs__:<index>"
}

interface Route {
  /** `METHOD /path`, as the authorisation matrix spells it. */
  route: string;
  controller: Type;
  method: string;
}

function* routesOf(controllers: readonly Type[]): Generator<Route> {
  for (const controller of controllers) {
    for (const method of Object.getOwnPropertyNames(controller.prototype)) {
      const handler = Object.getOwnPropertyDescriptor(controller.prototype, method)?.value as unknown;
      if (method === 'constructor' || typeof handler !== 'function') continue;
      const verb = Reflect.getMetadata(METHOD_METADATA, handler) as RequestMethod | undefined;
      if (verb === undefined) continue;
      for (const classPath of asList(Reflect.getMetadata(PATH_METADATA, controller))) {
        for (const methodPath of asList(Reflect.getMetadata(PATH_METADATA, handler))) {
          yield { route: `${RequestMethod[verb]} ${joinPath(classPath, methodPath)}`, controller, method };
        }
      }
    }
  }
}

/** Every route these controllers serve, as `METHOD /path`. */
export function controllerRoutes(controllers: readonly Type[]): string[] {
  return [...routesOf(controllers)].map((r) => r.route);
}

const isDtoClass = (type: DtoClass | undefined): type is DtoClass => !!type && ![Object, String, Number, Boolean, Array].includes(type as never);

/**
 * What each route of these controllers takes, from the DTO classes of its @Body(), @Query() and
 * @Param() arguments: the schemas the ValidationPipe enforces, so the description cannot drift.
 */
export function describeControllerRequests(controllers: readonly Type[], options: ControllerRequestsOptions = {}): RequestSchemas {
  const schemas: Record<string, JsonSchemaObject> = {};
  const classes = new Map<string, DtoClass>();
  const refTo = (dto: DtoClass): JsonSchemaObject => {
    const owner = classes.get(dto.name);
    if (owner && owner !== dto) {
      const [a, b] = [dtoJsonSchema(owner, { ...options, refTo }), dtoJsonSchema(dto, { ...options, refTo })];
      if (JSON.stringify(a) !== JSON.stringify(b)) throw new Error(`two request DTOs named ${dto.name} differ; the API description names schemas by class`);
    } else if (!owner) {
      classes.set(dto.name, dto);
      schemas[dto.name] = dtoJsonSchema(dto, { ...options, refTo });
    }
    return { $ref: `#/components/schemas/${dto.name}` };
  };
  const parametersOf = (dto: DtoClass, where: 'query' | 'path', route: string): RequestParameter[] => {
    const schema = dtoJsonSchema(dto, { ...options, refTo: () => { throw new Error(`${route}: a ${where} parameter cannot hold an object (${dto.name})`); } });
    return Object.entries(schema.properties ?? {}).map(([name, property]) => ({
      name,
      in: where,
      required: where === 'path' || (schema.required ?? []).includes(name),
      schema: property as JsonSchema,
    }));
  };

  const operations: Record<string, RequestDescription> = {};
  for (const { route, controller, method } of routesOf(controllers)) {
    const request: RequestDescription = {};
    for (const arg of routeArguments(controller, method)) {
      if (arg.type !== RouteParamtypes.BODY && arg.type !== RouteParamtypes.QUERY && arg.type !== RouteParamtypes.PARAM) continue;
      if (arg.type === RouteParamtypes.PARAM && arg.data !== undefined) {
        // @Param('id'): a bare string, unless a pipe says what it must be.
        if (arg.pipes.some((pipe) => pipe instanceof UuidOrNotFoundPipe)) {
          (request.path ??= []).push({ name: String(arg.data), in: 'path', required: true, schema: { type: 'string', format: 'uuid' } });
        }
        continue;
      }
      if (arg.data !== undefined) throw new Error(`${route}: @Body('${String(arg.data)}') or @Query('${String(arg.data)}') cannot be described; take a DTO class`);
      if (!isDtoClass(arg.dto)) throw new Error(`${route}: its @Body(), @Query() or @Param() has no DTO class, so nothing validates it`);
      if (arg.type === RouteParamtypes.BODY) request.body = refTo(arg.dto) as JsonSchema;
      else if (arg.type === RouteParamtypes.QUERY) request.query = parametersOf(arg.dto, 'query', route);
      else request.path = parametersOf(arg.dto, 'path', route);
    }
    if (Object.keys(request).length > 0) operations[route] = request;
  }
  const sorted = <T>(record: Record<string, T>) => Object.fromEntries(Object.entries(record).sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0)));
  return { operations: sorted(operations), schemas: sorted(schemas as Record<string, JsonSchema>) };
}
