/** The body every 4xx/5xx answer of this host carries. */
export interface ErrorBody {
  error: { code: string; message: string };
}

/** Builds the project-wide error body `{ error: { code, message } }`. */
export function errorBody(code: string, message: string): ErrorBody {
  return { error: { code, message } };
}
