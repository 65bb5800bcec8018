/** Command-line parsing shared by the CLI and the browser-mode entry: strict, one-line usage errors. */
import { parseArgs as nodeParseArgs } from 'node:util';

export class UsageError extends Error {}

export type FlagSpec = Record<string, { type: 'boolean' | 'string'; short?: string }>;

export interface ParsedArgs {
  positionals: string[];
  flags: Record<string, string | boolean | undefined>;
}

export function parseArgs(args: string[], spec: FlagSpec): ParsedArgs {
  try {
    const { values, positionals } = nodeParseArgs({ args, options: spec, allowPositionals: true, strict: true });
    return { positionals, flags: values as ParsedArgs['flags'] };
  } catch (err) {
    // Node's messages are multi-line advice; the first sentence is the useful part.
    const first = (err as Error).message.split(/\.\s|\n/)[0] ?? 'bad arguments';
    throw new UsageError(first.replace(/\.$/, ''));
  }
}

/** A port number from --port (0 = any free port). */
export function parsePort(value: string | boolean | undefined): number | undefined {
  if (value === undefined) return undefined;
  const n = Number(value);
  if (typeof value !== 'string' || !/^\d+$/.test(value) || n > 65535) throw new UsageError(`--port must be a number from 0 to 65535, not "${String(value)}"`);
  return n;
}
