import { readFileSync } from 'node:fs';
import * as z from 'zod';
import bundledCatalog from './catalog.json' with { type: 'json' };
import { catalogSchema, type Catalog } from './catalog-schema.ts';
import { PARSE_ONCE } from '../validation/parse-once.ts';

export class CatalogError extends Error {
  override name = 'CatalogError';
}

/** Validates a catalog, naming the first bad entry so the operator can fix it. */
export function parseCatalog(data: unknown, source: string): Catalog {
  const result = catalogSchema.safeParse(data, PARSE_ONCE);
  if (!result.success) {
    throw new CatalogError(`Invalid model catalog in ${source}:\n${z.prettifyError(result.error)}`);
  }
  return result.data;
}

/** The catalog at `path` (`SWITCHYARD_CATALOG`), or the one bundled with the gateway. */
export function loadCatalog(path?: string): Catalog {
  if (!path) return parseCatalog(bundledCatalog, 'the bundled catalog');
  let text: string;
  try {
    text = readFileSync(path, 'utf8');
  } catch (error) {
    throw new CatalogError(`Cannot read the model catalog ${path}: ${(error as Error).message}`);
  }
  let data: unknown;
  try {
    data = JSON.parse(text);
  } catch (error) {
    throw new CatalogError(`The model catalog ${path} is not JSON: ${(error as Error).message}`);
  }
  return parseCatalog(data, path);
}
