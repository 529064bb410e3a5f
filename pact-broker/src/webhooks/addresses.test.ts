import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { embeddedIpv4, ipv6Groups, isPublicAddress } from './addresses.js';
import { checkTarget, resolveTarget } from './ssrf.js';

const policy = { schemes: ['https', 'http'], methods: ['POST'], hosts: [] as string[] };

/** Addresses in the non-public IPv4 ranges a webhook must never reach. */
const privateV4 = fc.oneof(
  fc.tuple(fc.constant(127), fc.nat(255), fc.nat(255), fc.nat(255)),
  fc.tuple(fc.constant(10), fc.nat(255), fc.nat(255), fc.nat(255)),
  fc.tuple(fc.constant(172), fc.integer({ min: 16, max: 31 }), fc.nat(255), fc.nat(255)),
  fc.tuple(fc.constant(192), fc.constant(168), fc.nat(255), fc.nat(255)),
  fc.tuple(fc.constant(169), fc.constant(254), fc.nat(255), fc.nat(255)),
  fc.tuple(fc.constant(0), fc.nat(255), fc.nat(255), fc.nat(255)),
  fc.tuple(fc.constant(100), fc.integer({ min: 64, max: 127 }), fc.nat(255), fc.nat(255)),
);

const hex = (a: number, b: number) => ((a << 8) | b).toString(16);

/** Every IPv6 spelling that carries or routes to the IPv4 address a.b.c.d. */
function ipv6Forms([a, b, c, d]: number[]): string[] {
  const hi = hex(a!, b!);
  const lo = hex(c!, d!);
  return [
    `::${a}.${b}.${c}.${d}`,
    `::${hi}:${lo}`,
    `::ffff:${a}.${b}.${c}.${d}`,
    `::ffff:${hi}:${lo}`,
    `::ffff:0:${hi}:${lo}`,
    `0:0:0:0:0:ffff:${hi}:${lo}`,
    `64:ff9b::${hi}:${lo}`,
    `64:ff9b::${a}.${b}.${c}.${d}`,
    `2002:${hi}:${lo}::`,
    `2002:${hi}:${lo}:1:2:3:4:5`,
    `2001:0:${hi}:${lo}::`, // Teredo server
    `2001:0:4136:e378:8000:63bf:${(((a! << 8) | b!) ^ 0xffff).toString(16)}:${(((c! << 8) | d!) ^ 0xffff).toString(16)}`, // Teredo client
  ];
}

/** The numeric spellings of an IPv4 address the WHATWG URL parser turns into a.b.c.d. */
function ipv4Spellings([a, b, c, d]: number[]): string[] {
  const n = ((a! << 24) >>> 0) + (b! << 16) + (c! << 8) + d!;
  return [
    String(n),
    `0x${n.toString(16)}`,
    `0${n.toString(8)}`,
    `${a}.${(b! << 16) + (c! << 8) + d!}`,
    `0x${a!.toString(16)}.${b}.${c}.${d}`,
    `0${a!.toString(8)}.${b}.${c}.${d}`,
  ];
}

describe('address classifier', () => {
  it('names the documented examples', () => {
    for (const ip of [
      '::127.0.0.1',
      '::ffff:0:7f00:1',
      '::ffff:127.0.0.1',
      '::ffff:7f00:1',
      '64:ff9b::7f00:1',
      '2002:7f00:1::',
      '2001:0:7f00:1::',
      '::',
      '::1',
      'fe80::1',
      'fd12::1',
      '64:ff9b:1::1',
      '2001:db8::1',
    ])
      expect(isPublicAddress(ip), ip).toBe(false);
    for (const ip of ['8.8.8.8', '2606:4700::1111', '::ffff:8.8.8.8', '64:ff9b::808:808', '2002:808:808::1'])
      expect(isPublicAddress(ip), ip).toBe(true);
    expect(ipv6Groups('1::2:3.4.5.6')).toEqual([1, 0, 0, 0, 0, 2, 0x304, 0x506]);
    expect(embeddedIpv4(ipv6Groups('2001:0:4136:e378:8000:63bf:3fff:fdd2')!)).toEqual([
      '65.54.227.120',
      '192.0.2.45',
    ]);
  });

  it('refuses every IPv6 form of a private IPv4 address, at creation and at delivery', async () => {
    await fc.assert(
      fc.asyncProperty(privateV4, async (parts) => {
        for (const ip of ipv6Forms(parts)) {
          expect(isPublicAddress(ip), ip).toBe(false);
          expect(checkTarget(policy, 'POST', `http://[${ip}]/hook`), ip).toContain('allow-list');
          await expect(resolveTarget(policy, 'POST', `http://[${ip}]/hook`)).rejects.toThrow(/refused/);
        }
      }),
      { numRuns: 200 },
    );
  });

  it('refuses decimal, octal and hex spellings of a private IPv4 address', () => {
    fc.assert(
      fc.property(privateV4, (parts) => {
        for (const host of ipv4Spellings(parts))
          expect(checkTarget(policy, 'POST', `http://${host}/hook`), host).toContain('allow-list');
      }),
      { numRuns: 200 },
    );
  });

  it('a DNS answer with any non-public address is refused at delivery (rebinding)', async () => {
    await fc.assert(
      fc.asyncProperty(privateV4, fc.boolean(), async (parts, mapped) => {
        const bad = mapped ? ipv6Forms(parts)[3]! : parts.join('.');
        const lookup = async () => [
          { address: '8.8.8.8', family: 4 },
          { address: bad, family: mapped ? 6 : 4 },
        ];
        await expect(resolveTarget(policy, 'POST', 'https://hooks.example.com/x', lookup)).rejects.toThrow(
          /non-public address/,
        );
      }),
      { numRuns: 100 },
    );
    await expect(
      resolveTarget(policy, 'POST', 'https://hooks.example.com/x', async () => [
        { address: '8.8.4.4', family: 4 },
      ]),
    ).resolves.toEqual({ address: '8.8.4.4', family: 4 });
  });
});
