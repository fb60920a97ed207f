/** Query parameter names whose values are treated as secrets in logs. */
const SECRET_PARAMETER = /token|secret|key|sig|pass|auth|code|credential/i;

/**
 * A callback URL fit for a log line: credentials in the user-info part and the values of query
 * parameters named like secrets (token, key, signature, ...) are replaced by `***`.
 */
export function redactUrl(url: string): string {
  if (!URL.canParse(url)) return url;
  const parsed = new URL(url);
  let changed = false;
  if (parsed.username !== '' || parsed.password !== '') {
    parsed.username = '***';
    parsed.password = '';
    changed = true;
  }
  for (const name of new Set(parsed.searchParams.keys())) {
    if (SECRET_PARAMETER.test(name)) {
      parsed.searchParams.set(name, '***');
      changed = true;
    }
  }
  return changed ? parsed.toString() : url;
}

/**
 * A URL as the admin API, `verify`'s reports and messages show it: the password in its user-info
 * replaced by `****` (http://user:****@host/...), or the user-info itself when it has no password,
 * as a token sent as the user name (http://****@host/...). The rest is kept, so the URL can still be
 * recognised; requests and delivery records keep the real one. Text that is not a URL is masked the
 * same way where it looks like `//user:password@`.
 */
export function maskUrlPassword(url: string | URL): string {
  if (typeof url === 'string') {
    if (!url.includes('@')) return url;
    if (!URL.canParse(url)) return url.replace(/(\/\/[^/:@\s]*:)[^@/\s]+@/g, '$1****@');
  }
  const parsed = new URL(url);
  if (parsed.password !== '') parsed.password = '****';
  else if (parsed.username !== '') parsed.username = '****';
  else return String(url);
  return parsed.href;
}
