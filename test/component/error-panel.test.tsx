import { afterEach, describe, expect, it } from 'vitest';
import { ErrorPanel } from '../../renderer/components/ErrorPanel';
import { $, render, type Rendered } from './helpers';

let r: Rendered | null = null;
afterEach(() => {
  r?.unmount();
  r = null;
});

describe('<ErrorPanel>', () => {
  it('shows the sentence, the file name, the code and where', async () => {
    r = await render(
      <ErrorPanel fileName="session.cast" error={{ code: 'CORRUPT', message: 'session.cast has a header but no events.', line: 1, offsetBytes: 412 }} />,
    );
    const el = $(r.container, '[data-testid="error-panel"]');
    expect(el.dataset.code).toBe('CORRUPT');
    expect(el.getAttribute('role')).toBe('alert');
    expect(el.textContent).toContain('Could not open');
    expect(el.textContent).toContain('session.cast');
    expect(el.textContent).toContain('session.cast has a header but no events.');
    expect(el.textContent).toContain('CORRUPT');
    expect(el.textContent).toContain('line 1');
    expect(el.textContent).toContain('byte 412');
  });

  it('never shows more than the first line of a message (no stack traces)', async () => {
    const message = 'internal error: boom\n    at Object.<anonymous> (/app/main/core/index.ts:12:3)\n    at node:internal';
    r = await render(<ErrorPanel error={{ code: 'INTERNAL', message }} />);
    const text = $(r.container, '[data-testid="error-panel"]').textContent ?? '';
    expect(text).toContain('internal error: boom');
    expect(text).not.toContain(' at ');
    expect(text).not.toContain('index.ts');
  });
});
