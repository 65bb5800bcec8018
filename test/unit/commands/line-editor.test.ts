import { describe, expect, it } from 'vitest';
import { LineEditor, type KeyAction } from '../../../main/core/commands/line-editor';

function typeKeys(keys: string[]): { text: string; uncertain: boolean; actions: KeyAction['kind'][] } {
  const ed = new LineEditor();
  const actions: KeyAction['kind'][] = [];
  let text = '';
  let uncertain = false;
  for (const k of keys)
    ed.feed(k, (a) => {
      actions.push(a.kind);
      text = ed.text;
      uncertain = ed.uncertain;
    });
  return { text: actions.length ? text : ed.text, uncertain: actions.length ? uncertain : ed.uncertain, actions };
}

const L = '\x1b[D';
describe('LineEditor', () => {
  it('applies backspace, arrows, Home/End, Ctrl keys as readline does', () => {
    expect(typeKeys([...'lss', '\x7f', ...' -l', '\r']).text).toBe('ls -l');
    expect(typeKeys([...'eho x', L, L, L, L, 'c', '\r']).text).toBe('echo x');
    expect(typeKeys([...'bc', '\x1b[H', 'a', '\x1b[F', 'd', '\r']).text).toBe('abcd');
    expect(typeKeys([...'bc', '\x01', 'a', '\x05', 'd', '\r']).text).toBe('abcd');
    expect(typeKeys([...'rm -rf /', '\x15', ...'pwd', '\r']).text).toBe('pwd');
    expect(typeKeys([...'cat a wrong', '\x17', '\r']).text).toBe('cat a ');
    expect(typeKeys([...'abc', L, L, '\x1b[3~', '\r']).text).toBe('ac');
    expect(typeKeys([...'abcd', L, L, '\x0b', '\r']).text).toBe('ab');
  });

  it('takes escape sequences split across events and pasted text', () => {
    expect(typeKeys(['ab', '\x1b', '[D', 'X', '\r']).text).toBe('aXb');
    expect(typeKeys(['\x1b[200~echo "a\r\nb"\x1b[201~', '\r']).text).toBe('echo "a\nb"');
  });

  it('marks lines whose keys cannot tell the result', () => {
    expect(typeKeys([...'cat /etc/hostn', '\t', '\r']).uncertain).toBe(true);
    expect(typeKeys(['\x1b[A', '\r']).uncertain).toBe(true);
    expect(typeKeys(['\x12', 'x', '\r']).uncertain).toBe(true);
    expect(typeKeys([...'ls', '\r']).uncertain).toBe(false);
  });

  it('reports Ctrl+C and Ctrl+D on an empty line', () => {
    expect(typeKeys([...'ls', '\x03']).actions).toEqual(['abort']);
    expect(typeKeys(['\x04']).actions).toEqual(['eof']);
    expect(typeKeys(['a', '\x04']).actions).toEqual([]);
  });
});
