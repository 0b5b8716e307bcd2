import protobuf from 'protobufjs';

type Schema = Record<string, unknown>;

const scalarSchemas: Record<string, Schema> = {
  string: { type: 'string' },
  bool: { type: 'boolean' },
  double: { type: 'number', format: 'double' },
  float: { type: 'number', format: 'float' },
  int32: { type: 'integer', format: 'int32' },
  sint32: { type: 'integer', format: 'int32' },
  sfixed32: { type: 'integer', format: 'int32' },
  uint32: { type: 'integer', format: 'int32', minimum: 0 },
  fixed32: { type: 'integer', format: 'int32', minimum: 0 },
  // The contracts are generated with forceLong=number: 64-bit integers travel as JSON numbers.
  int64: { type: 'integer', format: 'int64' },
  sint64: { type: 'integer', format: 'int64' },
  sfixed64: { type: 'integer', format: 'int64' },
  uint64: { type: 'integer', format: 'int64', minimum: 0 },
  fixed64: { type: 'integer', format: 'int64', minimum: 0 },
  bytes: { type: 'string', format: 'byte' },
};

const wellKnownSchemas: Record<string, Schema> = {
  '.google.protobuf.Timestamp': { type: 'string', format: 'date-time' },
};

const schemaName = (type: protobuf.ReflectionObject) => type.fullName.slice(1);
const described = (schema: Schema, comment: string | null | undefined): Schema =>
  comment ? { ...schema, description: comment.trim() } : schema;

function valueSchema(field: protobuf.Field, typeName: string, resolved: protobuf.ReflectionObject | null): Schema {
  if (resolved instanceof protobuf.Enum) return { $ref: `#/components/schemas/${schemaName(resolved)}` };
  if (resolved instanceof protobuf.Type)
    return wellKnownSchemas[resolved.fullName] ?? { $ref: `#/components/schemas/${schemaName(resolved)}` };
  const scalar = scalarSchemas[typeName];
  if (!scalar) throw new Error(`openapi: unknown type ${typeName} of ${field.fullName}`);
  return scalar;
}

function fieldSchema(field: protobuf.Field): Schema {
  if (field instanceof protobuf.MapField)
    return { type: 'object', additionalProperties: valueSchema(field, field.type, field.resolvedType) };
  const value = valueSchema(field, field.type, field.resolvedType);
  return field.repeated ? { type: 'array', items: value } : value;
}

function messageSchema(type: protobuf.Type): Schema {
  const properties: Record<string, Schema> = {};
  for (const field of type.fieldsArray) {
    const oneof = field.partOf && !field.partOf.name.startsWith('_') ? field.partOf.name : undefined;
    const note = oneof ? `One of \`${oneof}\`: ${field.partOf!.oneof.join(', ')}.` : undefined;
    properties[field.name] = described(fieldSchema(field), [field.comment, note].filter(Boolean).join(' '));
  }
  return described({ type: 'object', properties }, type.comment);
}

function collectTypes(namespace: protobuf.NamespaceBase, into: protobuf.ReflectionObject[]): void {
  for (const nested of namespace.nestedArray) {
    if (nested instanceof protobuf.Type || nested instanceof protobuf.Enum) into.push(nested);
    if (nested instanceof protobuf.Namespace || nested instanceof protobuf.Type) collectTypes(nested, into);
  }
}

export interface OpenApiOptions {
  title: string;
  version: string;
  /** Fully qualified gRPC service names the gateway serves. */
  services: readonly string[];
}

/**
 * The gateway's OpenAPI 3.1 description, read from the protos: one POST per gRPC method at
 * /api/<service>/<method>, request and response bodies as proto3 JSON, comments as descriptions.
 */
export function openApiDocument(root: protobuf.Root, options: OpenApiOptions): Schema {
  const paths: Record<string, Schema> = {};
  const packages = new Set<string>();
  for (const serviceName of options.services) {
    const service = root.lookupService(serviceName);
    packages.add(serviceName.slice(0, serviceName.lastIndexOf('.')));
    for (const method of service.methodsArray) {
      const request = method.resolvedRequestType!;
      const response = method.resolvedResponseType!;
      paths[`/api/${serviceName}/${method.name}`] = {
        post: {
          operationId: `${service.name}_${method.name}`,
          tags: [service.name],
          summary: method.comment?.trim() || `${service.name}.${method.name}`,
          requestBody: {
            required: true,
            content: { 'application/json': { schema: { $ref: `#/components/schemas/${schemaName(request)}` } } },
          },
          responses: {
            '200': {
              description: schemaName(response),
              content: { 'application/json': { schema: { $ref: `#/components/schemas/${schemaName(response)}` } } },
            },
            default: {
              description: 'The gRPC status as an HTTP status (400, 401, 403, 404, 409, 429, 500, 501, 503, 504)',
              content: { 'application/json': { schema: { $ref: '#/components/schemas/Error' } } },
            },
          },
        },
      };
    }
  }
  const schemas: Record<string, Schema> = {
    Error: {
      type: 'object',
      required: ['code', 'message'],
      properties: {
        code: { type: 'string', description: 'gRPC status name, e.g. INVALID_ARGUMENT' },
        message: { type: 'string' },
      },
    },
  };
  for (const packageName of packages) {
    const types: protobuf.ReflectionObject[] = [];
    collectTypes(root.lookup(packageName) as protobuf.Namespace, types);
    for (const type of types)
      schemas[schemaName(type)] =
        type instanceof protobuf.Enum
          ? described({ type: 'string', enum: Object.keys(type.values) }, type.comment)
          : messageSchema(type as protobuf.Type);
  }
  return {
    openapi: '3.1.0',
    info: { title: options.title, version: options.version },
    paths,
    components: {
      schemas,
      securitySchemes: {
        apiKey: { type: 'apiKey', in: 'header', name: 'x-api-key' },
        bearer: { type: 'http', scheme: 'bearer' },
      },
    },
  };
}
