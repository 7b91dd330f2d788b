// Brotli (quality 11) and gzip (level 9) copies of a web build's text files, written beside them at build time
// (`main.js` → `main.js.br`, `main.js.gz`). apps/static-host serves them with @fastify/static's `preCompressed`;
// files without copies are compressed on the fly (faster settings, bigger output). Releases copy them along.
import { readdir, readFile, writeFile } from 'node:fs/promises';
import path from 'node:path';
import { promisify } from 'node:util';
import { brotliCompress, constants, gzip } from 'node:zlib';

const brotli = promisify(brotliCompress);
const gzipAsync = promisify(gzip);

/** What is worth compressing: text. Images, fonts and the copies themselves are not. */
const COMPRESSIBLE = /\.(?:js|mjs|css|html|json|svg|txt|map)$/i;
/** Below this a compressed answer saves less than its headers cost (as static-host's on-the-fly threshold). */
export const MIN_BYTES = 1024;

/**
 * Writes `.br` and `.gz` beside every compressible file of `dir` (recursively) of at least MIN_BYTES.
 * Runs on zlib's thread pool, a few files at a time.
 * @param {string} dir
 * @returns {Promise<{ files: number, bytes: number, br: number, gz: number }>} totals, for the build log
 */
export async function precompressDir(dir) {
  const entries = await readdir(dir, { recursive: true, withFileTypes: true });
  const files = entries
    .filter((e) => e.isFile() && COMPRESSIBLE.test(e.name))
    .map((e) => path.join(e.parentPath, e.name));
  const totals = { files: 0, bytes: 0, br: 0, gz: 0 };
  const queue = [...files];
  const worker = async () => {
    for (let file = queue.shift(); file; file = queue.shift()) {
      const content = await readFile(file);
      if (content.length < MIN_BYTES) continue;
      const [br, gz] = await Promise.all([
        brotli(content, {
          params: {
            [constants.BROTLI_PARAM_QUALITY]: constants.BROTLI_MAX_QUALITY,
            [constants.BROTLI_PARAM_SIZE_HINT]: content.length,
          },
        }),
        gzipAsync(content, { level: 9 }),
      ]);
      await Promise.all([writeFile(`${file}.br`, br), writeFile(`${file}.gz`, gz)]);
      totals.files += 1;
      totals.bytes += content.length;
      totals.br += br.length;
      totals.gz += gz.length;
    }
  };
  await Promise.all([worker(), worker()]);
  return totals;
}
