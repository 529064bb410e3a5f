// Renders ${pactbroker.*} template parameters into a webhook's URL (URL-encoded), headers and body.

const TEMPLATE_PARAMS = [
  'pactUrl',
  'verificationResultUrl',
  'consumerName',
  'providerName',
  'consumerVersionNumber',
  'providerVersionNumber',
  'consumerVersionTags',
  'consumerVersionBranch',
  'providerVersionTags',
  'providerVersionBranch',
  'providerVersionDescriptions',
  'consumerLabels',
  'providerLabels',
  'githubVerificationStatus',
  'bitbucketVerificationStatus',
  'azureDevOpsVerificationStatus',
  'gitlabVerificationStatus',
  'eventName',
  'buildUrl',
  'currentlyDeployedProviderVersionNumber',
] as const;

export type TemplateContext = Partial<Record<(typeof TEMPLATE_PARAMS)[number], string>>;

export interface WebhookRequest {
  method: string;
  url: string;
  headers?: Record<string, string> | undefined;
  body?: unknown;
  username?: string | undefined;
  password?: string | undefined;
}

export interface RenderedRequest {
  method: string;
  url: string;
  headers: Record<string, string>;
  body: string | null;
}

const PLACEHOLDER = /\$\{pactbroker\.(\w+)\}/g;

export function renderString(text: string, ctx: TemplateContext, encode = false): string {
  return text.replace(PLACEHOLDER, (whole, name: string) => {
    if (!(TEMPLATE_PARAMS as readonly string[]).includes(name)) return whole;
    const value = ctx[name as keyof TemplateContext] ?? '';
    return encode ? encodeURIComponent(value) : value;
  });
}

function renderJson(value: unknown, ctx: TemplateContext): unknown {
  if (typeof value === 'string') return renderString(value, ctx);
  if (Array.isArray(value)) return value.map((v) => renderJson(v, ctx));
  if (value && typeof value === 'object') {
    return Object.fromEntries(
      Object.entries(value).map(([k, v]) => [renderString(k, ctx), renderJson(v, ctx)]),
    );
  }
  return value;
}

/** JSON bodies are rendered value by value, so a parameter cannot break the document. */
export function renderRequest(req: WebhookRequest, ctx: TemplateContext): RenderedRequest {
  const headers: Record<string, string> = {};
  for (const [k, v] of Object.entries(req.headers ?? {})) headers[k] = renderString(String(v), ctx);
  if (req.username !== undefined && req.username !== '') {
    headers.Authorization = `Basic ${Buffer.from(`${req.username}:${req.password ?? ''}`).toString('base64')}`;
  }
  let body: string | null = null;
  if (typeof req.body === 'string') body = renderString(req.body, ctx);
  else if (req.body !== undefined && req.body !== null) {
    body = JSON.stringify(renderJson(req.body, ctx));
    if (!Object.keys(headers).some((h) => h.toLowerCase() === 'content-type'))
      headers['Content-Type'] = 'application/json';
  }
  return { method: req.method.toUpperCase(), url: renderString(req.url, ctx, true), headers, body };
}

const SECRET_HEADER = /authorization|token|secret|api-?key|password/i;

/** Headers as they may be shown in logs and over the API. */
export function redactHeaders(headers: Record<string, string>): Record<string, string> {
  return Object.fromEntries(
    Object.entries(headers).map(([k, v]) => [k, SECRET_HEADER.test(k) ? '**********' : v]),
  );
}
