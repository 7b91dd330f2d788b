// Turns Fastify's schema validation failures into coded errors whose messages name the field or parameter.
import type { FastifyRequest, FastifySchemaValidationError } from 'fastify';
import { ApiError } from './api-error.js';

type JsonObject = Record<string, unknown>;

/** What Fastify attaches to a request that failed schema validation. */
export interface ValidationFailure {
  validation: FastifySchemaValidationError[];
  validationContext?: string;
}

/**
 * The one code of every schema failure, in every process and for every part of the request (issue 12): where it
 * failed is in the details, `field` for the body (`lines[0].quantity`), `param` for the query string, path
 * parameters and headers.
 */
export const VALIDATION_CODE = 'INVALID_REQUEST';

function isObject(value: unknown): value is JsonObject {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

/** True for an error carrying ajv's `validation` list. */
export function isValidationFailure(error: unknown): error is ValidationFailure {
  return isObject(error) && Array.isArray(error.validation);
}

/** Describes in words what a schema accepts, e.g. "an integer from 1 to 48". */
export function describeExpected(schema: JsonObject): string {
  if (Array.isArray(schema.enum)) return `one of ${schema.enum.map(String).join(', ')}`;
  switch (schema.type) {
    case 'integer': {
      const { minimum, maximum } = schema;
      if (typeof minimum === 'number' && typeof maximum === 'number') {
        return `an integer from ${minimum} to ${maximum}`;
      }
      if (typeof minimum === 'number') return `an integer of at least ${minimum}`;
      return 'an integer';
    }
    case 'boolean':
      return 'true or false';
    case 'string':
      if (typeof schema.maxLength === 'number') return `a text of at most ${schema.maxLength} characters`;
      return typeof schema.pattern === 'string' ? 'a text of the documented form' : 'a text';
    default:
      return 'a valid value';
  }
}

/** `/lines/0/quantity` (+ `child`) → `lines[0].quantity`. */
export function fieldPath(instancePath: string, child?: unknown): string {
  const segments = instancePath.split('/').filter((segment) => segment !== '');
  if (typeof child === 'string' && child !== '') segments.push(child);
  return segments.reduce((path, segment) => {
    if (/^\d+$/.test(segment)) return `${path}[${segment}]`;
    return path === '' ? segment : `${path}.${segment}`;
  }, '');
}

/** The first failure on the body, naming the field (values are never echoed). */
export function bodyValidationError(failure: ValidationFailure, code: string = VALIDATION_CODE): ApiError {
  const first = failure.validation[0];
  if (!first) return new ApiError(400, code, 'Invalid body.', { details: { field: 'body' } });
  const params = first.params as JsonObject;
  if (first.keyword === 'required' && typeof params.missingProperty === 'string') {
    const field = fieldPath(first.instancePath, params.missingProperty);
    return new ApiError(400, code, `Missing field "${field}".`, { details: { field } });
  }
  if (first.keyword === 'additionalProperties' && typeof params.additionalProperty === 'string') {
    const field = fieldPath(first.instancePath, params.additionalProperty);
    return new ApiError(400, code, `Unknown field "${field}".`, { details: { field } });
  }
  const field = fieldPath(first.instancePath);
  if (field === '') {
    return new ApiError(400, code, 'The body must be a JSON object of the documented shape.', {
      details: { field: 'body' },
    });
  }
  const allowed = Array.isArray(params.allowedValues)
    ? ` (${params.allowedValues.map(String).join(', ')})`
    : '';
  const reason = first.message ?? 'is not valid';
  return new ApiError(400, code, `Invalid field "${field}": ${reason}${allowed}.`, { details: { field } });
}

/** The `properties` of the matched route's schema for one part of the request. */
function schemaProperties(request: FastifyRequest, part: 'querystring' | 'params' | 'headers'): JsonObject {
  const schema: unknown = request.routeOptions.schema?.[part];
  return isObject(schema) && isObject(schema.properties) ? schema.properties : {};
}

const PART_WORDS = { querystring: 'query parameter', params: 'path parameter', headers: 'header' } as const;

/** The first failure on the query string, path parameters or headers, naming the parameter. */
export function parameterValidationError(
  failure: ValidationFailure,
  request: FastifyRequest,
  part: 'querystring' | 'params' | 'headers',
  code: string = VALIDATION_CODE,
): ApiError {
  const first = failure.validation[0];
  const words = PART_WORDS[part];
  const properties = schemaProperties(request, part);
  const params = (first?.params ?? {}) as JsonObject;
  if (first?.keyword === 'additionalProperties') {
    const param = String(params.additionalProperty ?? '');
    const allowed = Object.keys(properties);
    const allowedText = allowed.length > 0 ? ` Allowed: ${allowed.join(', ')}.` : '';
    return new ApiError(400, code, `Unknown ${words} "${param}".${allowedText}`, { details: { param } });
  }
  const param =
    first?.keyword === 'required' && typeof params.missingProperty === 'string'
      ? params.missingProperty
      : (first?.instancePath.replace(/^\//, '').split('/')[0] ?? '');
  const propertySchema = properties[param];
  if (param && isObject(propertySchema)) {
    const message = `Invalid value for ${words} "${param}": expected ${describeExpected(propertySchema)}.`;
    return new ApiError(400, code, message, { details: { param } });
  }
  return new ApiError(400, code, `Invalid ${words}: ${first?.message ?? 'not valid'}.`);
}

/** Maps a validation failure to {@link VALIDATION_CODE}, naming the parameter or field that failed. */
export function validationError(failure: ValidationFailure, request: FastifyRequest): ApiError {
  switch (failure.validationContext) {
    case 'querystring':
    case 'params':
    case 'headers':
      return parameterValidationError(failure, request, failure.validationContext);
    default:
      return bodyValidationError(failure);
  }
}
