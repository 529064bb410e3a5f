// Unit tests of the webhook target allow-lists (SSRF guard).

import { describe, expect, it } from 'vitest';
import { checkTarget, isPublicAddress, resolveTarget } from './ssrf.js';

const policy = (hosts: string[]) => ({ schemes: ['https', 'http'], methods: ['POST'], hosts });

describe('webhook SSRF guard', () => {
  it('classifies addresses', () => {
    for (const ip of [
      '127.0.0.1',
      '10.1.2.3',
      '192.168.0.1',
      '169.254.169.254',
      '::1',
      'fd00::1',
      '0.0.0.0',
      '::ffff:127.0.0.1',
    ])
      expect(isPublicAddress(ip), ip).toBe(false);
    for (const ip of ['8.8.8.8', '2606:4700::1111']) expect(isPublicAddress(ip), ip).toBe(true);
  });

  it('refuses loopback and private targets unless allow-listed', () => {
    expect(checkTarget(policy([]), 'POST', 'http://127.0.0.1:9/x')).toContain('allow-list');
    expect(checkTarget(policy([]), 'POST', 'http://localhost/x')).toContain('allow-list');
    expect(checkTarget(policy([]), 'POST', 'http://[::1]/x')).toContain('allow-list');
    expect(checkTarget(policy(['127.0.0.1']), 'POST', 'http://127.0.0.1:9/x')).toBeUndefined();
    expect(checkTarget(policy(['10.0.0.0/8']), 'POST', 'http://10.9.8.7/x')).toBeUndefined();
    expect(checkTarget(policy([]), 'POST', 'https://ci.example.com/x')).toBeUndefined();
  });

  it('applies the host, scheme and method lists', () => {
    expect(checkTarget(policy(['*.example.com']), 'POST', 'https://ci.example.com/x')).toBeUndefined();
    expect(checkTarget(policy(['*.example.com']), 'POST', 'https://example.org/x')).toContain('allow-list');
    expect(checkTarget({ ...policy([]), schemes: ['https'] }, 'POST', 'http://ci.example.com/x')).toContain(
      'scheme',
    );
    expect(checkTarget(policy([]), 'DELETE', 'https://ci.example.com/x')).toContain('method');
    expect(checkTarget(policy([]), 'POST', 'not a url')).toContain('valid URL');
  });

  it('refuses a name that resolves to loopback unless the exact name is listed', async () => {
    const rebind = async () => [{ address: '127.0.0.1', family: 4 }];
    await expect(resolveTarget(policy([]), 'POST', 'http://rebind.example.com/x', rebind)).rejects.toThrow(
      /non-public/,
    );
    await expect(
      resolveTarget(policy(['*.example.com']), 'POST', 'http://rebind.example.com/x', rebind),
    ).rejects.toThrow(/non-public/);
    await expect(
      resolveTarget(policy(['rebind.example.com']), 'POST', 'http://rebind.example.com/x', rebind),
    ).resolves.toEqual({
      address: '127.0.0.1',
      family: 4,
    });
    await expect(resolveTarget(policy(['localhost']), 'POST', 'http://localhost/x')).resolves.toMatchObject(
      {},
    );
    await expect(resolveTarget(policy(['127.0.0.1']), 'POST', 'http://127.0.0.1/x')).resolves.toEqual({
      address: '127.0.0.1',
      family: 4,
    });
  });
});
