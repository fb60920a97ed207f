/**
 * A URL as reports and messages show it: a password in it becomes `****`, so CI logs and report
 * files never keep it (requests still carry the real one). Text that is not a URL is masked the
 * same way where it looks like `scheme://user:password@`.
 */
export function maskUrlPassword(url: string | URL): string {
  if (typeof url === 'string' && !URL.canParse(url)) {
    return url.replace(/(\/\/[^/:@\s]*:)[^@/\s]+@/g, '$1****@');
  }
  const parsed = new URL(url);
  if (parsed.password === '') return String(url);
  parsed.password = '****';
  return parsed.href;
}
