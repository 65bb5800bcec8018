/** The version in our package.json (read at run time: the JSON is outside the TypeScript projects). */
import { readFileSync } from 'node:fs';
import { join } from 'node:path';

export function appVersion(appRoot: string): string {
  try {
    const pkg = JSON.parse(readFileSync(join(appRoot, 'package.json'), 'utf8')) as { version?: unknown };
    return typeof pkg.version === 'string' ? pkg.version : '0.0.0';
  } catch {
    return '0.0.0';
  }
}
