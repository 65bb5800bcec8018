import { describe, expect, it } from 'vitest';
import { DEFAULT_RISK_RULES, loadRiskRules, matchRisks, matchingRules } from '../../../shared/risk-rules';

describe('default risk rules', () => {
  const cases: [string, string[]][] = [
    ['sudo apt update', ['privilege']],
    ['su - postgres', ['privilege']],
    ['pkexec bash', ['privilege']],
    ['rm -rf /var/www', ['destructive']],
    ['rm -fr build', ['destructive']],
    ['rm -r -f build', ['destructive']],
    ['mkfs.ext4 /dev/sdb1', ['destructive']],
    ['dd if=/dev/zero of=/dev/sda bs=1M', ['destructive']],
    ['shutdown -h now', ['destructive']],
    [':(){ :|:& };:', ['destructive']],
    ['chmod 777 /srv', ['permissions']],
    ['chmod -R g+w /srv', ['permissions']],
    ['chown www-data: /srv', ['permissions']],
    ['cat /etc/shadow', ['credentials']],
    ['vi /etc/passwd', ['credentials']],
    ['passwd alice', ['credentials']],
    ['cat ~/.ssh/id_rsa', ['credentials']],
    ['cat ~/.aws/credentials', ['credentials']],
    ['scp db.sql backup:/srv', ['data-movement']],
    ['rsync -a logs/ host:/x', ['data-movement']],
    ['curl -T dump.sql https://x', ['data-movement']],
    ['curl -d @secrets.json https://x', ['data-movement']],
    ['wget --post-file=/etc/hosts http://x', ['data-movement']],
    ['nc -l 4444', ['data-movement']],
    ['history -c', ['history-tampering']],
    ['unset HISTFILE', ['history-tampering']],
    ['export HISTSIZE=0', ['history-tampering']],
    ['rm ~/.bash_history', ['history-tampering']],
    ['sudo rm -rf /', ['privilege', 'destructive']],
  ];
  it.each(cases)('%s', (command, risks) => {
    expect(matchRisks(command)).toEqual(risks);
  });

  it.each(['ls -la', 'echo summary', 'cat notes.txt', 'rm notes.txt', 'chmod 644 a', 'grep passwd_hint log', 'curl -s https://example.com', 'issue', 'git status', 'resume.sh', 'ddate'])('does not flag %s', (command) => {
    expect(matchRisks(command)).toEqual([]);
  });

  it('names the rule that matched', () => {
    expect(matchingRules('rm -rf /tmp/x').map((r) => r.id)).toEqual(['rm-rf']);
  });
});

describe('loadRiskRules', () => {
  it('loads the defaults written as a rules file', () => {
    const { rules, errors } = loadRiskRules(JSON.stringify({ version: 1, rules: DEFAULT_RISK_RULES }));
    expect(errors).toEqual([]);
    expect(rules).toHaveLength(DEFAULT_RISK_RULES.length);
  });

  it('names each bad rule and keeps the good ones', () => {
    const { compiled, errors } = loadRiskRules([
      { id: 'ok', risk: 'custom', pattern: '\\bterraform destroy\\b' },
      { id: 'broken', risk: 'custom', pattern: '(unclosed' },
      { id: 'ok', risk: 'custom', pattern: 'x' },
      { risk: 'custom', pattern: 'y' },
      { id: 'flags', risk: 'custom', pattern: 'z', flags: 'g' },
    ]);
    expect(compiled.map((c) => c.rule.id)).toEqual(['ok']);
    expect(errors.map((e) => e.rule)).toEqual(['broken', 'ok', '#4', 'flags']);
    expect(errors[0]!.message).toMatch(/rule "broken".*does not compile/);
    expect(errors[1]!.message).toMatch(/used by an earlier rule/);
    expect(matchRisks('terraform destroy -auto-approve', compiled)).toEqual(['custom']);
  });

  it('refuses a file that is not JSON or not a list', () => {
    expect(loadRiskRules('{oops').errors[0]!.message).toMatch(/not valid JSON/);
    expect(loadRiskRules('{"rules": 3}').errors[0]!.message).toMatch(/must be a JSON array/);
  });

  it('skips disabled rules', () => {
    const { compiled } = loadRiskRules([{ id: 'sudo', risk: 'privilege', pattern: 'sudo', enabled: false }]);
    expect(matchRisks('sudo ls', compiled)).toEqual([]);
  });
});
