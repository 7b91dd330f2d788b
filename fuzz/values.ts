// Generated bad values: derived from a JSON schema, then mutated (wrong types, missing and extra fields,
// prototype-pollution keys), odd and huge strings, and whole bodies (broken JSON, other formats, huge ones).
import fc from 'fast-check';

export type Schema = Record<string, unknown>;

export const isSchema = (value: unknown): value is Schema => typeof value === 'object' && value !== null;

/** Strings that broke parsers, loggers and databases somewhere. */
const NASTY = [
  '',
  ' ',
  '\u0000',
  'a\u0000b',
  '\r\n',
  '\t',
  '\u202eevil\u202c',
  '\u200b',
  '\ufeff',
  '\ud800',
  '🛒🔥',
  'e\u0301',
  'İ',
  '%',
  '%zz',
  '%00',
  '%C0%AF',
  '../../etc/passwd',
  '..',
  '.',
  '__proto__',
  'constructor',
  'prototype',
  'toString',
  'hasOwnProperty',
  'null',
  'undefined',
  'NaN',
  'true',
  '-1',
  '0',
  '-0',
  '1e309',
  '0x10',
  '9007199254740993',
  '2147483648',
  '1.5',
  "' OR 1=1 --",
  '"; DROP TABLE users; --',
  '<script>alert(1)</script>',
  `\${7*7}`,
  '{{7*7}}',
  '[object Object]',
  'a@b',
  'ada@example.com',
  'live',
  'name-asc',
];

/** Odd strings: the list above, random unicode, control characters and long runs (up to 12k characters). */
export const oddString: fc.Arbitrary<string> = fc.oneof(
  { weight: 4, arbitrary: fc.constantFrom(...NASTY) },
  { weight: 2, arbitrary: fc.string({ unit: 'binary', maxLength: 40 }) },
  { weight: 1, arbitrary: fc.string({ unit: 'grapheme', maxLength: 20 }) },
  {
    weight: 1,
    arbitrary: fc.string({
      unit: fc.constantFrom('\u0000', '\u0007', '\u001b', '\u007f', '\u2028'),
      maxLength: 10,
    }),
  },
  {
    weight: 1,
    arbitrary: fc
      .tuple(fc.constantFrom('a', '9', 'é', '🙂', '%', '\u0000', '/'), fc.integer({ min: 101, max: 12_000 }))
      .map(([unit, count]) => unit.repeat(count)),
  },
);

/** A JSON value of the wrong kind for nearly any field. */
export const junkValue: fc.Arbitrary<unknown> = fc.oneof(
  oddString,
  fc.constantFrom(null, true, false, 0, -1, 1.5, 1e308, -2147483649, Number.MAX_SAFE_INTEGER + 2, [], {}),
  fc.integer(),
  fc.array(fc.jsonValue({ maxDepth: 1 }), { maxLength: 3 }),
  fc.jsonValue({ maxDepth: 2 }),
);

function typeOf(schema: Schema): string | undefined {
  const type = schema.type;
  if (typeof type === 'string') return type;
  if (Array.isArray(type) && typeof type[0] === 'string') return type[0];
  return undefined;
}

const numberOr = (value: unknown, fallback: number): number =>
  typeof value === 'number' && Number.isFinite(value) ? value : fallback;

/** A value that often satisfies `schema` (edges of its ranges), sometimes not; `depth` bounds nesting. */
export function schemaValue(schema: unknown, depth = 0): fc.Arbitrary<unknown> {
  if (!isSchema(schema) || depth > 4) return junkValue;
  const variants = (schema.anyOf ?? schema.oneOf) as unknown[] | undefined;
  if (Array.isArray(variants) && variants.length > 0) {
    return fc.oneof(...variants.map((variant) => schemaValue(variant, depth + 1)));
  }
  if ('const' in schema) return fc.constant(schema.const);
  if (Array.isArray(schema.enum) && schema.enum.length > 0)
    return fc.constantFrom(...(schema.enum as unknown[]));
  switch (typeOf(schema)) {
    case 'string': {
      const min = numberOr(schema.minLength, 0);
      const max = Math.min(numberOr(schema.maxLength, 40), 300);
      const edges = [min, max, max + 1, Math.max(min - 1, 0)].map((length) => 'x'.repeat(length));
      const email = String(schema.pattern ?? '').includes('@') || schema.format === 'email';
      return fc.oneof(
        fc.string({ minLength: Math.min(min, max), maxLength: max }),
        fc.constantFrom(...edges),
        email ? fc.emailAddress() : fc.string({ minLength: 1, maxLength: 12, unit: 'grapheme-ascii' }),
      );
    }
    case 'integer':
    case 'number': {
      const min = Math.ceil(numberOr(schema.minimum, -1_000_000));
      const max = Math.max(Math.floor(numberOr(schema.maximum, 1_000_000)), min);
      return fc.oneof(
        fc.integer({ min: Math.max(min, -2_147_483_648), max: Math.min(max, 2_147_483_647) }),
        fc.constantFrom(min, max, min - 1, max + 1, 1, 0.5),
      );
    }
    case 'boolean':
      return fc.boolean();
    case 'null':
      return fc.constant(null);
    case 'array':
      return fc.array(field(schema.items, depth + 1), { maxLength: 4 });
    case 'object':
      return objectOf(schema, depth);
    default:
      return junkValue;
  }
}

/** A field's value: mostly from its schema, sometimes of a wrong type. */
function field(schema: unknown, depth: number): fc.Arbitrary<unknown> {
  return fc.oneof({ weight: 4, arbitrary: schemaValue(schema, depth) }, { weight: 1, arbitrary: junkValue });
}

const extraKey = fc.oneof(
  fc.constantFrom('__proto__', 'constructor', 'prototype', 'extra', 'polluted', ''),
  fc.string({ maxLength: 12 }),
);

/** An object of the schema's properties, each kept or dropped, plus sometimes extra keys. */
function objectOf(schema: Schema, depth: number): fc.Arbitrary<unknown> {
  const properties = isSchema(schema.properties) ? schema.properties : {};
  const entries = Object.entries(properties).map(([key, sub]) =>
    fc.option(field(sub, depth + 1), { nil: undefined }).map((value) => [key, value] as const),
  );
  const extras = fc.array(fc.tuple(extraKey, junkValue), { maxLength: 2 });
  return fc
    .tuple(fc.tuple(...entries), fc.oneof({ weight: 3, arbitrary: fc.constant([]) }, extras))
    .map(([own, extra]) => {
      // defineProperty: a key named __proto__ must become an own key, as JSON.parse would make it.
      const object: Record<string, unknown> = {};
      for (const [key, value] of [...own, ...extra]) {
        if (value !== undefined)
          Object.defineProperty(object, key, { value, enumerable: true, writable: true });
      }
      return object;
    });
}

/** Bodies: schema-derived JSON (sometimes with a pollution payload), broken JSON, other formats, huge ones. */
export function bodyOf(schema: unknown): fc.Arbitrary<string | undefined> {
  const json = schemaValue(schema ?? { type: 'object', properties: {} }).map(
    (value) => JSON.stringify(value) ?? '',
  );
  const polluted = fc
    .tuple(
      json,
      fc.constantFrom(
        '"__proto__":{"polluted":"yes"}',
        '"constructor":{"prototype":{"polluted":"yes"}}',
        '"__proto__":{"toString":"x","isAdmin":true}',
      ),
    )
    .map(([text, payload]) =>
      text.startsWith('{') ? `{${payload}${text === '{}' ? '' : ','}${text.slice(1)}` : text,
    );
  const broken = fc.oneof(
    fc.constantFrom(
      '{',
      '{"a":',
      'nul',
      '[1,2',
      '{"a":1}}',
      '{"a":1,}',
      "{'a':1}",
      '\u0000',
      '',
      ' ',
      '{"a":"\\ud800"}',
    ),
    fc.tuple(json, fc.nat()).map(([text, cut]) => text.slice(0, text.length > 1 ? cut % text.length : 0)),
  );
  const other = fc.oneof(
    fc.constantFrom('a=1&b=2', '--x\r\nContent-Disposition: form-data; name="a"\r\n\r\n1\r\n--x--', '<a/>'),
    oddString,
    fc.jsonValue({ maxDepth: 3 }).map((value) => JSON.stringify(value) ?? 'null'),
  );
  const huge = fc
    .constantFrom(200_000, 1_100_000)
    .map((size) => JSON.stringify({ productId: 1, quantity: 1, pad: 'x'.repeat(size) }));
  return fc.oneof(
    { weight: 2, arbitrary: fc.constant(undefined) },
    { weight: 6, arbitrary: json },
    { weight: 2, arbitrary: polluted },
    { weight: 2, arbitrary: broken },
    { weight: 2, arbitrary: other },
    { weight: 1, arbitrary: huge },
  );
}
