// Response header values as HTTP can carry them: printable ASCII as is, anything else percent-encoded (UTF-8).

// Node refuses header values with characters above U+00FF (the connection would be dropped mid-response), and
// bytes 0x80–0xFF would reach clients as Latin-1 while every official client reads UTF-8.
const SAFE = /^[\t\x20-\x7e]*$/;

/**
 * The value itself when it is printable ASCII, else the value with every non-ASCII or control character (and
 * `%`, so the result decodes back unambiguously) percent-encoded as UTF-8, as RFC 3986 and RFC 8187 encode
 * text; `decodeURIComponent` gives the original back.
 */
export function headerValue(value: string): string {
  if (SAFE.test(value)) return value;
  let out = '';
  for (const ch of value) {
    // Lone surrogates cannot be UTF-8 encoded; U+FFFD stands in for them.
    if (/^[\x20-\x24\x26-\x7e]$/.test(ch)) out += ch;
    else out += encodeURIComponent(ch.length === 1 && /[\ud800-\udfff]/.test(ch) ? '\ufffd' : ch);
  }
  return out;
}
