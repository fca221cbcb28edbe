/**
 * Keeping credentials out of what we show. flyctl (internal/dockerfileurl, July 2026)
 * shows a `[build] dockerfile` URL without its user info, query and fragment, and an
 * http(s) value that does not parse as a URL as `invalid URL`; {@link urlForDisplay} does
 * the same for any value we quote back. {@link redactText} applies it (and masks values
 * shaped like Fauna keys) to a whole message, so every finding, fix title and log line
 * passes through one place.
 */

/** Whether `value` starts with an http(s) scheme, malformed or not (flyctl LooksLikeURL). */
export function looksLikeUrl(value: string): boolean {
  const v = value.trim().toLowerCase();
  return v.startsWith('http:') || v.startsWith('https:');
}

// scheme://authority rest; the authority ends at the first / ? or # (Go net/url).
const URL_RE = /^(https?):\/\/([^/?#]*)([^?#]*)(\?[^#]*)?(#.*)?$/is;
// A host (or [v6]) with an optional port, as Go's url.Parse accepts it, roughly.
const HOST_RE = /^(?:\[[0-9A-Fa-f:.]+(?:%25[^\]]*)?\]|[A-Za-z0-9._~!$&'()*+,;=%-]+)(?::\d*)?$/;
const BAD_ESCAPE = /%(?![0-9A-Fa-f]{2})/;
// eslint-disable-next-line no-control-regex -- Go rejects control characters in URLs
const CONTROL = /[\u0000-\u001f\u007f]/;

/**
 * The value as flyctl displays it: an http(s) URL without user info, query and fragment;
 * `invalid URL` for an http(s)-looking value that does not parse (or has no host); any
 * other value (a local path) unchanged.
 */
export function urlForDisplay(value: string): string {
  const m = URL_RE.exec(value);
  if (!m) return looksLikeUrl(value) ? 'invalid URL' : value;
  const [, scheme, authority, path] = m;
  const at = authority.lastIndexOf('@');
  const host = at >= 0 ? authority.slice(at + 1) : authority;
  if (
    host === '' ||
    !HOST_RE.test(host) ||
    BAD_ESCAPE.test(value) ||
    CONTROL.test(value) ||
    /\s/.test(host)
  ) {
    return 'invalid URL';
  }
  return `${scheme.toLowerCase()}://${host}${path}`;
}

// An http(s) token inside a message: up to whitespace, a quote or a closing bracket.
const URL_TOKEN = /https?:[^\s"'`<>)\]]*/gi;
// A value shaped like a Fauna key (the secret-in-env rule's shape), anywhere in a message.
const FAUNA_KEY_TOKEN = /\bfn[A-Za-z0-9+/_-]{38,}={0,2}/g;

/** The mask shown instead of a Fauna-key-shaped value. */
export const KEY_MASK = 'fn…(a Fauna key)';

// Links our own messages carry (Fly's docs, with their anchors): shown as they are.
const OWN_LINK = /^https:\/\/fly\.io\/docs\/[A-Za-z0-9/_.-]*(#[A-Za-z0-9_-]*)?$/;

/**
 * `text` with every http(s) URL shown as flyctl shows it (links to Fly's docs aside) and
 * every Fauna-key-shaped value masked.
 */
export function redactText(text: string): string {
  if (!/https?:|fn[A-Za-z0-9+/_-]{38}/i.test(text)) return text;
  return text
    .replace(URL_TOKEN, (u) => (OWN_LINK.test(u) ? u : urlForDisplay(u)))
    .replace(FAUNA_KEY_TOKEN, KEY_MASK);
}
