/** Password length bounds for sign-up (characters). */
export const PASSWORD_MIN = 8;
export const PASSWORD_MAX = 128;
/** Name length bounds (characters, after trimming). */
export const NAME_MIN = 1;
export const NAME_MAX = 80;

// Raw e-mail input may carry surrounding spaces; the real check runs after trimming.
const emailInput = { type: 'string', minLength: 3, maxLength: 320 } as const;

/** Body of `POST /users`. */
export const signUpBodySchema = {
  type: 'object',
  additionalProperties: false,
  required: ['email', 'password', 'name'],
  properties: {
    email: emailInput,
    password: { type: 'string', minLength: PASSWORD_MIN, maxLength: PASSWORD_MAX },
    name: { type: 'string', minLength: NAME_MIN, maxLength: 200 },
  },
} as const;

/**
 * Body of `POST /sessions`. The password only needs to be a non-empty text: a wrong length is simply a wrong
 * password (401), which keeps every failed sign-in looking the same.
 */
export const signInBodySchema = {
  type: 'object',
  additionalProperties: false,
  required: ['email', 'password'],
  properties: {
    email: { type: 'string', minLength: 1, maxLength: 320 },
    password: { type: 'string', minLength: 1, maxLength: 1024 },
  },
} as const;

/** A shipping address; lengths are checked again after trimming. */
export const shippingAddressSchema = {
  type: 'object',
  additionalProperties: false,
  required: ['line1', 'city', 'postalCode', 'country'],
  properties: {
    line1: { type: 'string', minLength: 1, maxLength: 120 },
    line2: { type: 'string', maxLength: 120 },
    city: { type: 'string', minLength: 1, maxLength: 80 },
    postalCode: { type: 'string', minLength: 1, maxLength: 16 },
    country: { type: 'string', pattern: '^[A-Z]{2}$' },
  },
} as const;

/** Body of `PUT /profile`: both fields are required; `shippingAddress: null` clears the address. */
export const profileBodySchema = {
  type: 'object',
  additionalProperties: false,
  required: ['name', 'shippingAddress'],
  properties: {
    name: { type: 'string', minLength: NAME_MIN, maxLength: 200 },
    shippingAddress: { ...shippingAddressSchema, nullable: true },
  },
} as const;
