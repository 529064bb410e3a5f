// Unit tests of webhook template rendering and header redaction.

import { describe, expect, it } from 'vitest';
import { redactHeaders, renderRequest, renderString } from './template.js';

describe('webhook templates', () => {
  const ctx = {
    consumerName: 'Web App',
    providerName: 'Orders',
    consumerVersionNumber: '1.0+abc',
    eventName: 'contract_published',
  };

  it('URL-encodes parameters in the URL only', () => {
    const r = renderRequest(
      {
        method: 'post',
        url: 'https://ci.example/build?c=${pactbroker.consumerName}&v=${pactbroker.consumerVersionNumber}',
        headers: { 'X-Consumer': '${pactbroker.consumerName}' },
        body: 'event ${pactbroker.eventName} for ${pactbroker.consumerName}',
      },
      ctx,
    );
    expect(r.url).toBe('https://ci.example/build?c=Web%20App&v=1.0%2Babc');
    expect(r.headers['X-Consumer']).toBe('Web App');
    expect(r.body).toBe('event contract_published for Web App');
    expect(r.method).toBe('POST');
  });

  it('renders JSON bodies value by value and sets the content type', () => {
    const r = renderRequest(
      {
        method: 'POST',
        url: 'https://x',
        body: { text: 'say "${pactbroker.consumerName}"', n: 1, list: ['${pactbroker.providerName}'] },
      },
      ctx,
    );
    expect(JSON.parse(r.body!)).toEqual({ text: 'say "Web App"', n: 1, list: ['Orders'] });
    expect(r.headers['Content-Type']).toBe('application/json');
  });

  it('leaves unknown parameters, renders missing known ones empty, adds basic auth and redacts it', () => {
    expect(renderString('${pactbroker.nope}/${pactbroker.buildUrl}', ctx)).toBe('${pactbroker.nope}/');
    const r = renderRequest({ method: 'POST', url: 'https://x', username: 'u', password: 'p' }, ctx);
    expect(r.headers.Authorization).toBe(`Basic ${Buffer.from('u:p').toString('base64')}`);
    expect(redactHeaders({ ...r.headers, 'X-Api-Key': 'k', Accept: 'a' })).toEqual({
      Authorization: '**********',
      'X-Api-Key': '**********',
      Accept: 'a',
    });
  });
});
