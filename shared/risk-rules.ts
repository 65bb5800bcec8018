/**
 * Risk flags for commands: rules are data (an id, the risk they flag, a regular expression), so a
 * settings page can show, edit and save them as JSON. Pure: no fs, no DOM.
 *
 * Rules file format (JSON): `{ "version": 1, "rules": [ { "id": "rm-rf", "risk": "destructive",
 * "pattern": "\\brm\\s+-\\w*[rR]\\w*f|...", "flags": "i", "description": "..." } ] }` — or just the array.
 * `enabled: false` keeps a rule in the file without applying it.
 */
import type { RiskId } from './model';

export interface RiskRule {
  /** Unique, names the rule in messages and in the settings list. */
  id: string;
  risk: RiskId;
  /** A JavaScript regular expression source, tested against the whole command line. */
  pattern: string;
  /** Regular expression flags (only i, m, s, u are allowed). */
  flags?: string;
  description?: string;
  enabled?: boolean;
}

export interface CompiledRiskRule {
  rule: RiskRule;
  re: RegExp;
}

export interface RiskRuleError {
  /** The rule's id, or `#<index>` when it has none. */
  rule: string;
  message: string;
}

// `(?:^|[;&|(\s]|sudo\s+)` style anchors: a word that starts a command, not one inside a file name.
const CMD = String.raw`(?:^|[;&|(\x60]\s*|\$\(\s*|\bsudo\s+(?:-\S+\s+)*|\benv\s+)`;

export const DEFAULT_RISK_RULES: readonly RiskRule[] = [
  { id: 'sudo', risk: 'privilege', pattern: String.raw`(?:^|[;&|(]\s*)sudo\b`, description: 'runs a command as another user (sudo)' },
  { id: 'su', risk: 'privilege', pattern: `${CMD}su(?:\\s|$)`, description: 'switches user (su)' },
  { id: 'pkexec-doas', risk: 'privilege', pattern: `${CMD}(?:pkexec|doas)\\b`, description: 'runs a command as another user (pkexec, doas)' },
  { id: 'rm-rf', risk: 'destructive', pattern: String.raw`\brm\s+(?:-\S+\s+)*-(?:\w*[rR]\w*[fF]|\w*[fF]\w*[rR])\w*\b|\brm\s+(?:-\S+\s+)*(?:-[rR]\s+-f|-f\s+-[rR]|--recursive\s+--force|--force\s+--recursive)\b`, description: 'removes files recursively without asking (rm -rf)' },
  { id: 'mkfs', risk: 'destructive', pattern: `${CMD}mkfs(?:\\.\\w+)?\\b`, description: 'makes a file system (erases a device)' },
  { id: 'dd-of', risk: 'destructive', pattern: String.raw`\bdd\b.*\bof=`, description: 'writes raw data with dd of=' },
  { id: 'shutdown', risk: 'destructive', pattern: `${CMD}(?:shutdown|reboot|halt|poweroff|init\\s+[06])\\b`, description: 'stops or restarts the machine' },
  { id: 'fork-bomb', risk: 'destructive', pattern: String.raw`:\s*\(\s*\)\s*\{`, description: 'a fork bomb :(){ :|:& };:' },
  { id: 'chmod-777', risk: 'permissions', pattern: String.raw`\bchmod\s+(?:-\S+\s+)*(?:0?777|a\+rwx|ugo\+rwx)\b|\bchmod\s+(?:\S+\s+)*-\w*R`, description: 'opens permissions (chmod 777, chmod -R)' },
  { id: 'chown', risk: 'permissions', pattern: `${CMD}chown\\b`, description: 'changes file owners (chown)' },
  { id: 'shadow-passwd-files', risk: 'credentials', pattern: String.raw`/etc/(?:shadow|gshadow|sudoers)\b|(?:vi|vim|nano|emacs|sed\s+-i|tee|>)\s*\S*/etc/passwd\b|\b(?:vipw|vigr|visudo)\b`, description: 'reads or edits /etc/shadow, /etc/sudoers, or edits /etc/passwd' },
  { id: 'passwd', risk: 'credentials', pattern: `${CMD}(?:passwd|chpasswd)\\b`, description: 'changes a password' },
  { id: 'ssh-keys', risk: 'credentials', pattern: String.raw`\bid_(?:rsa|dsa|ecdsa|ed25519)\b|\.ssh/authorized_keys\b`, description: 'touches SSH private keys or authorized_keys' },
  { id: 'cloud-credentials', risk: 'credentials', pattern: String.raw`\.aws/credentials\b|\.kube/config\b|\.docker/config\.json\b`, description: 'reads cloud or cluster credentials' },
  { id: 'scp-rsync', risk: 'data-movement', pattern: `${CMD}(?:scp|rsync|sftp)\\b`, description: 'copies files between hosts (scp, rsync, sftp)' },
  { id: 'curl-upload', risk: 'data-movement', pattern: String.raw`\bcurl\b.*(?:\s-T\s?|\s--upload-file\b|\s(?:-d|--data(?:-binary|-raw|-urlencode)?)\s+@|\s-F\s+\S*=@)`, description: 'uploads a file with curl' },
  { id: 'wget-post', risk: 'data-movement', pattern: String.raw`\bwget\b.*--post-file\b`, description: 'uploads a file with wget --post-file' },
  { id: 'netcat', risk: 'data-movement', pattern: `${CMD}(?:nc|ncat|netcat|socat)\\b`, description: 'raw network connections (nc, ncat, socat)' },
  { id: 'zmodem', risk: 'data-movement', pattern: `${CMD}(?:sz|rz)\\b`, description: 'ZMODEM file transfer through the terminal (sz, rz)' },
  { id: 'history-clear', risk: 'history-tampering', pattern: String.raw`\bhistory\s+-[cw]\b|\bunset\s+HISTFILE\b|\bHIST(?:FILE)?SIZE=0\b|\bHISTFILE=/dev/null\b|\bset\s+\+o\s+history\b`, description: 'clears or turns off shell history' },
  { id: 'history-remove', risk: 'history-tampering', pattern: String.raw`\b(?:rm|shred|truncate)\b[^;&|]*\.(?:bash|zsh|sh)_history\b|>\s*\S*\.(?:bash|zsh|sh)_history\b|\bln\s+-sf?\s+/dev/null\s+\S*_history\b|\b(?:rm|shred|truncate)\b[^;&|]*fish_history\b`, description: 'removes or empties a shell history file' },
];

const ALLOWED_FLAGS = /^[imsu]*$/;

/** Compiles rules; a rule that does not compile is left out and named in `errors`. */
export function compileRiskRules(rules: readonly RiskRule[]): { rules: CompiledRiskRule[]; errors: RiskRuleError[] } {
  const compiled: CompiledRiskRule[] = [];
  const errors: RiskRuleError[] = [];
  for (const rule of rules) {
    if (rule.enabled === false) continue;
    try {
      compiled.push({ rule, re: new RegExp(rule.pattern, rule.flags ?? '') });
    } catch (e) {
      errors.push({ rule: rule.id, message: `rule "${rule.id}": the pattern does not compile: ${(e as Error).message}` });
    }
  }
  return { rules: compiled, errors };
}

let defaults: CompiledRiskRule[] | undefined;
export function defaultRiskRules(): CompiledRiskRule[] {
  return (defaults ??= compileRiskRules(DEFAULT_RISK_RULES).rules);
}

/**
 * Reads a rules file (JSON text or an already parsed value). Every problem names the rule (id or
 * position) and the field; rules with problems are left out, the others still load.
 */
export function loadRiskRules(json: string | unknown): { rules: RiskRule[]; compiled: CompiledRiskRule[]; errors: RiskRuleError[] } {
  let value: unknown = json;
  if (typeof json === 'string') {
    try {
      value = JSON.parse(json);
    } catch (e) {
      return { rules: [], compiled: [], errors: [{ rule: '(file)', message: `the rules file is not valid JSON: ${(e as Error).message}` }] };
    }
  }
  const list = Array.isArray(value) ? value : typeof value === 'object' && value !== null && Array.isArray((value as { rules?: unknown }).rules) ? (value as { rules: unknown[] }).rules : undefined;
  if (!list) return { rules: [], compiled: [], errors: [{ rule: '(file)', message: 'the rules file must be a JSON array of rules or an object with a "rules" array' }] };
  const rules: RiskRule[] = [];
  const errors: RiskRuleError[] = [];
  const seen = new Set<string>();
  list.forEach((raw, index) => {
    const name = typeof raw === 'object' && raw !== null && typeof (raw as { id?: unknown }).id === 'string' ? (raw as { id: string }).id : `#${index + 1}`;
    const bad = (message: string) => errors.push({ rule: name, message: `rule "${name}" (number ${index + 1}): ${message}` });
    if (typeof raw !== 'object' || raw === null || Array.isArray(raw)) return bad('must be an object');
    const r = raw as Record<string, unknown>;
    if (typeof r.id !== 'string' || !/^[\w.-]{1,64}$/.test(r.id)) return bad('"id" must be 1-64 letters, digits, "_", "." or "-"');
    if (seen.has(r.id)) return bad('the id is used by an earlier rule');
    if (typeof r.risk !== 'string' || !/^[\w-]{1,64}$/.test(r.risk)) return bad('"risk" must be a category id such as "destructive"');
    if (typeof r.pattern !== 'string' || r.pattern.length === 0 || r.pattern.length > 2000) return bad('"pattern" must be a regular expression string of 1-2000 characters');
    if (r.flags !== undefined && (typeof r.flags !== 'string' || !ALLOWED_FLAGS.test(r.flags))) return bad(`"flags" may only hold i, m, s and u, not ${JSON.stringify(r.flags)}`);
    if (r.description !== undefined && typeof r.description !== 'string') return bad('"description" must be a string');
    if (r.enabled !== undefined && typeof r.enabled !== 'boolean') return bad('"enabled" must be true or false');
    try {
      new RegExp(r.pattern, (r.flags as string | undefined) ?? '');
    } catch (e) {
      return bad(`"pattern" does not compile: ${(e as Error).message}`);
    }
    seen.add(r.id);
    const rule: RiskRule = { id: r.id, risk: r.risk, pattern: r.pattern };
    if (r.flags !== undefined) rule.flags = r.flags as string;
    if (r.description !== undefined) rule.description = r.description as string;
    if (r.enabled !== undefined) rule.enabled = r.enabled as boolean;
    rules.push(rule);
  });
  return { rules, compiled: compileRiskRules(rules).rules, errors };
}

/** The risk categories a command line is flagged with, in rule order, each once. */
export function matchRisks(command: string, rules: readonly CompiledRiskRule[] = defaultRiskRules()): RiskId[] {
  const found: RiskId[] = [];
  for (const { rule, re } of rules) {
    if (found.includes(rule.risk)) continue;
    re.lastIndex = 0;
    if (re.test(command)) found.push(rule.risk);
  }
  return found;
}

/** Which rules matched (for a tooltip: "rm-rf: removes files recursively ..."). */
export function matchingRules(command: string, rules: readonly CompiledRiskRule[] = defaultRiskRules()): RiskRule[] {
  return rules.filter(({ re }) => {
    re.lastIndex = 0;
    return re.test(command);
  }).map((c) => c.rule);
}
