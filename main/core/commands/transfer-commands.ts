/**
 * File transfers named by a command line: scp, rsync, sftp/ftp `put`/`get`, curl, wget. Directions are
 * seen from the recorded host (TransferEntry): 'upload' = the file arrives on it, 'download' = it leaves.
 */
import type { TransferEntry } from '../../../shared/model';

export type PlannedTransfer = Pick<TransferEntry, 'name' | 'direction' | 'tool'>;

/** Splits a command line into words the way a shell would for simple quoting (no expansions). */
export function shellWords(line: string): string[] {
  const words: string[] = [];
  let cur = '';
  let has = false;
  let quote: '"' | "'" | undefined;
  for (let i = 0; i < line.length; i++) {
    const c = line[i]!;
    if (quote) {
      if (c === quote) quote = undefined;
      else if (c === '\\' && quote === '"' && i + 1 < line.length) cur += line[++i];
      else cur += c;
      continue;
    }
    if (c === "'" || c === '"') {
      quote = c;
      has = true;
    } else if (c === '\\' && i + 1 < line.length) {
      cur += line[++i];
      has = true;
    } else if (/\s/.test(c)) {
      if (has) words.push(cur);
      cur = '';
      has = false;
    } else if (c === ';' || c === '|' || c === '&') {
      // The first simple command is the one we read.
      break;
    } else {
      cur += c;
      has = true;
    }
  }
  if (has) words.push(cur);
  return words;
}

const REMOTE = /^(?:[\w.-]+@)?(?:[\w.-]+|\[[\d:a-fA-F]+\]):(?!\/\/)|^(?:scp|sftp|rsync):\/\/|^[\w.-]+::/;
const SCP_WITH_ARG = new Set('cDFiJlloPS'.split(''));
const RSYNC_WITH_ARG = new Set(['-e', '--rsh', '-f', '--filter', '--exclude', '--include', '--exclude-from', '--include-from', '--files-from', '-T', '--temp-dir', '--log-file', '--password-file', '-B', '--block-size', '--bwlimit', '--port', '--chmod', '--chown', '--timeout']);
const CURL_WITH_ARG = new Set(['-H', '--header', '-u', '--user', '-X', '--request', '-A', '--user-agent', '-e', '--referer', '-b', '--cookie', '-c', '--cookie-jar', '-m', '--max-time', '--connect-timeout', '-x', '--proxy', '-E', '--cert', '--key', '--cacert', '-w', '--write-out', '-r', '--range', '-C', '--continue-at', '--data-raw', '--retry', '-K', '--config', '--resolve', '-U', '--proxy-user', '-z', '--time-cond', '-Y', '-y', '--limit-rate']);

function operands(words: string[], takesArg: (w: string) => boolean): string[] {
  const out: string[] = [];
  for (let i = 0; i < words.length; i++) {
    const w = words[i]!;
    if (w === '--') {
      out.push(...words.slice(i + 1));
      break;
    }
    if (w.startsWith('-') && w.length > 1) {
      if (!w.includes('=') && takesArg(w)) i++;
      continue;
    }
    out.push(w);
  }
  return out;
}

const basename = (p: string): string => p.replace(/[?#].*$/, '').replace(/\/+$/, '').replace(/^.*\//, '') || p;

/** Transfers a command line starts (empty for commands that move no file). `context` is where it ran (sftp, ftp). */
export function transfersOfCommand(command: string, context?: string): PlannedTransfer[] {
  let words = shellWords(command.trim());
  while (words[0] === 'sudo' || words[0] === 'time' || words[0] === 'nohup' || words[0] === 'env') words = words.slice(1).filter((w, i) => i > 0 || !w.startsWith('-'));
  if (words.length === 0) return [];
  const program = words[0]!.replace(/^.*\//, '');
  const args = words.slice(1);
  const inside = context?.split(' ')[0];
  if ((inside === 'sftp' || inside === 'ftp' || inside === 'lftp') && /^(?:put|get|mput|mget|reput|reget)$/.test(program)) {
    const tool = inside;
    const files = args.filter((w) => !w.startsWith('-'));
    const leaves = program.includes('put');
    const chosen = program.startsWith('m') ? files : files.slice(0, 1);
    return chosen.map((name) => ({ name, direction: leaves ? 'download' : 'upload', tool }));
  }
  if (program === 'scp' || program === 'rsync') {
    const ops =
      program === 'scp'
        ? operands(args, (w) => w.length === 2 && SCP_WITH_ARG.has(w[1]!))
        : operands(args, (w) => RSYNC_WITH_ARG.has(w));
    if (ops.length < 2) return [];
    const target = ops[ops.length - 1]!;
    const sources = ops.slice(0, -1);
    const targetRemote = REMOTE.test(target);
    return sources.map((name) => {
      const sourceRemote = REMOTE.test(name);
      const direction = sourceRemote && !targetRemote ? 'upload' : !sourceRemote && targetRemote ? 'download' : undefined;
      return direction ? { name, direction, tool: program } : { name, tool: program };
    });
  }
  if (program === 'curl') {
    const out: PlannedTransfer[] = [];
    const urls: string[] = [];
    let remoteName = false;
    for (let i = 0; i < args.length; i++) {
      const w = args[i]!;
      const value = args[i + 1];
      if ((w === '-T' || w === '--upload-file') && value) {
        out.push({ name: value, direction: 'download', tool: 'curl' });
        i++;
      } else if ((w === '-d' || w.startsWith('--data') || w === '-F' || w === '--form') && value) {
        const at = /(?:^|=)@([^;]+)/.exec(value);
        if (at) out.push({ name: at[1]!, direction: 'download', tool: 'curl' });
        i++;
      } else if ((w === '-o' || w === '--output') && value) {
        if (value !== '-' && value !== '/dev/null') out.push({ name: value, direction: 'upload', tool: 'curl' });
        i++;
      } else if (w === '-O' || w === '--remote-name') {
        remoteName = true;
      } else if (w.startsWith('-T') && w.length > 2) {
        out.push({ name: w.slice(2), direction: 'download', tool: 'curl' });
      } else if (w.startsWith('-o') && w.length > 2) {
        out.push({ name: w.slice(2), direction: 'upload', tool: 'curl' });
      } else if (w.startsWith('-')) {
        if (CURL_WITH_ARG.has(w)) i++;
      } else {
        urls.push(w);
      }
    }
    if (remoteName) for (const u of urls) out.push({ name: basename(u), direction: 'upload', tool: 'curl' });
    return out;
  }
  if (program === 'wget') {
    const out: PlannedTransfer[] = [];
    let output: string | undefined;
    const urls: string[] = [];
    for (let i = 0; i < args.length; i++) {
      const w = args[i]!;
      if (w === '--post-file' || w === '--body-file') {
        if (args[i + 1]) out.push({ name: args[i + 1]!, direction: 'download', tool: 'wget' });
        i++;
      } else if (w.startsWith('--post-file=') || w.startsWith('--body-file=')) {
        out.push({ name: w.slice(w.indexOf('=') + 1), direction: 'download', tool: 'wget' });
      } else if (w === '-O' || w === '--output-document') {
        output = args[++i];
      } else if (w.startsWith('--output-document=')) {
        output = w.slice(w.indexOf('=') + 1);
      } else if (w.startsWith('-O') && w.length > 2) {
        output = w.slice(2);
      } else if (w === '-P' || w === '-o' || w === '-a' || w === '--header' || w === '-U' || w === '--user' || w === '--password' || w === '-t' || w === '-T') {
        i++;
      } else if (!w.startsWith('-')) {
        urls.push(w);
      }
    }
    if (out.length === 0) {
      if (output !== undefined && output !== '-' && output !== '/dev/null') out.push({ name: output, direction: 'upload', tool: 'wget' });
      else if (output === undefined) for (const u of urls) out.push({ name: basename(u), direction: 'upload', tool: 'wget' });
    }
    return out;
  }
  return [];
}

/** Output that says a transfer failed. */
export const TRANSFER_FAILED = /No such file|Permission denied|not found|Connection refused|Connection timed out|lost connection|Could not resolve|failed|ERROR \d{3}|\berror\b|Host key verification|curl: \(\d+\)/i;
/** A progress line at its end (scp, rsync --progress, curl, wget). */
export const TRANSFER_DONE = /(?:^|\s)100%(?:\s|\||$)|\bto-chk=0\/|saved \[\d+/;
