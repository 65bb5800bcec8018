/**
 * What a prompt looks like, which prompts ask for secrets, and which commands open a nested shell or
 * program (so later commands get it as their context).
 */

/**
 * Prompt shapes recognised on sight, as the whole text before the cursor: bash/sh/zsh
 * (`user@host:path$ `, `[user@host path]# `, `host% `, bare `$ `/`# `), PowerShell (`PS C:\> `), python
 * (`>>> `, `... `), mysql/MariaDB, psql, sqlite, redis, sftp/ftp, irb/node.
 */
const SHAPES: RegExp[] = [
  /^(?:\([^)]{1,40}\) )?[\w.-]{1,32}@[\w.-]{1,64}[: ][^\n]{0,200}[$#%>] $/,
  /^(?:\([^)]{1,40}\) )?\[[\w.-]{1,32}@[\w.-]{1,64} [^\]]{0,200}\][$#] ?$/,
  /^[\w.-]{1,64}[%#$] $/,
  /^[$#%] $/,
  /^PS [A-Za-z]:[^>]{0,200}> $/,
  /^PS [^>]{1,200}> $/,
  /^(?:>>>|\.\.\.) $/,
  /^(?:mysql|MariaDB \[[^\]]{0,64}\]|MySQL \[[^\]]{0,64}\])> $/,
  /^[\w-]{1,64}=[#>] $/,
  /^(?:sqlite|sftp|ftp|irb\([^)]*\):\d+:\d+|redis[\w.:-]{0,64}|mongo|>) ?> $/,
  /^In \[\d+\]: $/,
  /^❯ $|^➜ {1,2}\S{1,200} $/,
];

/** Prompt shapes also recognised at the start of a longer line (the prompt and the typed text in one event). */
const PREFIX_SHAPES: RegExp[] = [
  /^((?:\([^)]{1,40}\) )?[\w.-]{1,32}@[\w.-]{1,64}:[^\n$#]{0,200}[$#] )/,
  /^((?:\([^)]{1,40}\) )?\[[\w.-]{1,32}@[\w.-]{1,64} [^\]]{0,200}\][$#] ?)/,
  /^(PS [A-Za-z]:[^>]{0,200}> )/,
  /^((?:mysql|MariaDB \[[^\]]{0,64}\])> )/,
  /^(>>> )/,
];

export function isPromptShape(before: string): boolean {
  return SHAPES.some((re) => re.test(before));
}

/** Shapes specific enough to find after other text on the line (`Password: user@host:~$ `, ZMODEM debris). */
const SUFFIX_SHAPES = [SHAPES[0]!, SHAPES[1]!, SHAPES[4]!];

/** A known prompt shape ends `before`, possibly after other text left on the row. */
export function endsWithPromptShape(before: string): boolean {
  if (isPromptShape(before)) return true;
  for (let i = 1; i < before.length - 3; i++) {
    if (/[\w[(]/.test(before[i]!) && !/[\w.-]/.test(before[i - 1]!) && SUFFIX_SHAPES.some((re) => re.test(before.slice(i)))) return true;
  }
  return false;
}

/** The prompt at the start of `line`, when it has a shape known well enough to split on. */
export function promptPrefix(line: string): string | undefined {
  for (const re of PREFIX_SHAPES) {
    const m = re.exec(line);
    if (m) return m[1];
  }
  return undefined;
}

/** A line whose text before the cursor ends like this asks for a secret: what is typed next is not shown. */
const SECRET = /(?:pass(?:word|phrase)|passcode|\bPIN\b|密码|口令)[^\n]{0,80}[:：] ?$|^Password for [^\n]{0,120}: ?$|\[sudo\] [^\n]{0,80}: ?$|Enter (?:password|passphrase)[^\n]{0,80}$|Verification code: ?$|\bOTP[^\n]{0,40}: ?$/i;

export function asksForSecret(before: string): boolean {
  return SECRET.test(before.trimEnd() + ' ') || SECRET.test(before);
}

/** Could be a prompt a shell drew even if not a known shape (learned by repetition). */
export function promptLike(before: string): boolean {
  return before.length >= 2 && before.length <= 160 && /[$#%>❯»:\])] $/.test(before) && !asksForSecret(before);
}

const SSH_OPTS_WITH_ARG = new Set('BbcDEeFIiJLlmOoPpQRSWw'.split(''));

/**
 * The context a command opens, when it starts an interactive nested shell or program: "ssh db1",
 * "sudo -i", "su postgres", "docker exec web", "python3", "mysql". Commands with a script, a remote
 * command or a -c string run and return: undefined.
 */
export function nestedContext(command: string): string | undefined {
  const words = command.trim().split(/\s+/).filter((w) => w.length > 0);
  if (words.length === 0) return undefined;
  const first = words[0]!;
  if (first === 'ssh' || first === 'mosh' || first === 'telnet') {
    const rest = operands(words.slice(1), SSH_OPTS_WITH_ARG);
    if (rest.length === 1) return `${first} ${rest[0]!.replace(/^[^@]*@/, '')}`;
    if (first === 'telnet' && rest.length === 2) return `telnet ${rest[0]!}`;
    return undefined;
  }
  if (first === 'su') {
    const rest = words.slice(1).filter((w) => w !== '-' && w !== '-l' && w !== '--login');
    if (rest.some((w) => w.startsWith('-'))) return undefined;
    return rest.length === 0 ? 'su' : rest.length === 1 ? `su ${rest[0]!}` : undefined;
  }
  if (first === 'sudo') {
    const rest = words.slice(1);
    if (rest.length === 0) return undefined;
    if (rest.length <= 3 && (rest.includes('-i') || rest.includes('-s')) && rest.every((w) => w.startsWith('-') || /^\w+$/.test(w))) return command.trim();
    const inner = rest[0]!.startsWith('-') ? undefined : rest.join(' ');
    if (inner && /^(?:su|bash|sh|zsh|fish|-i)\b/.test(inner)) return nestedContext(inner) ?? command.trim();
    return undefined;
  }
  if ((first === 'docker' || first === 'podman') && words[1] === 'exec') {
    const rest = words.slice(2).filter((w) => !w.startsWith('-'));
    if (rest.length >= 2 && /(?:^|\/)(?:ba|z|da|a|fi|k)?sh$/.test(rest[rest.length - 1]!)) return `${first} exec ${rest[0]!}`;
    return undefined;
  }
  if (first === 'kubectl' && words[1] === 'exec' && words.includes('--')) {
    const after = words.slice(words.indexOf('--') + 1);
    const pod = words.slice(2, words.indexOf('--')).find((w) => !w.startsWith('-'));
    if (after.length === 1 && /(?:ba|z|a)?sh$/.test(after[0]!)) return `kubectl exec ${pod ?? ''}`.trim();
    return undefined;
  }
  const program = first.replace(/^.*\//, '');
  if (/^(?:python[\d.]*|ipython3?|node|irb|lua|R|ghci)$/.test(program)) return words.length === 1 || (words.length === 2 && /^-[iqu]$/.test(words[1]!)) ? program : undefined;
  if (/^(?:mysql|mariadb|psql|sqlite3|redis-cli|mongo|mongosh|clickhouse-client)$/.test(program)) {
    // A client given a query (-e, -c, a file) runs it and exits.
    return words.slice(1).some((w) => /^(?:-e|--execute|-c|--command|-f|--file)$/.test(w) || w === '<') ? undefined : program;
  }
  if (/^(?:sftp|ftp|lftp)$/.test(program)) return words.length >= 2 && !words.some((w) => w === '-b') ? `${program} ${operands(words.slice(1), SSH_OPTS_WITH_ARG)[0] ?? ''}`.trim() : undefined;
  if (/^(?:bash|sh|dash|zsh|fish|ksh|tcsh|csh|pwsh|powershell)$/.test(program)) return words.length === 1 || (words.length === 2 && /^-[li]$|^--login$|^--norc$/.test(words[1]!)) ? program : undefined;
  return undefined;
}

/** Arguments that are not options (skipping an option's value where the option takes one). */
function operands(words: string[], withArg: Set<string>): string[] {
  const out: string[] = [];
  for (let i = 0; i < words.length; i++) {
    const w = words[i]!;
    if (w.startsWith('-') && w.length > 1) {
      const letter = w[w.length - 1]!;
      if (w.length === 2 && withArg.has(letter)) i++;
      continue;
    }
    out.push(w);
  }
  return out;
}
