import { act } from 'react';
import { afterEach, describe, expect, it, vi } from 'vitest';
import { SpeedMenu } from '../../renderer/components/SpeedMenu';
import { $, render, type Rendered } from './helpers';

let r: Rendered | null = null;
afterEach(() => {
  r?.unmount();
  r = null;
});

describe('menus', () => {
  it('the speed menu picks a speed, and closes on Escape or a press outside it, not inside', async () => {
    const onChange = vi.fn();
    r = await render(<SpeedMenu speed={1} onChange={onChange} />);
    const button = $(r.container, '[data-testid="speed"]');
    const menu = () => r!.container.querySelector('[role="menu"]');

    await act(async () => button.click());
    expect(menu()).not.toBeNull();
    await act(async () => menu()!.dispatchEvent(new MouseEvent('mousedown', { bubbles: true })));
    expect(menu()).not.toBeNull();
    await act(async () => document.body.dispatchEvent(new MouseEvent('mousedown', { bubbles: true })));
    expect(menu()).toBeNull();

    await act(async () => button.click());
    await act(async () => window.dispatchEvent(new KeyboardEvent('keydown', { key: 'Escape' })));
    expect(menu()).toBeNull();

    await act(async () => button.click());
    const two = [...r.container.querySelectorAll<HTMLElement>('[role="menuitemradio"]')].find((b) => b.textContent === '2x')!;
    await act(async () => two.click());
    expect(onChange).toHaveBeenCalledWith(2);
    expect(menu()).toBeNull();
  });
});
