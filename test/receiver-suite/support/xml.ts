/**
 * A strict reader for the XML subset reporters write (declaration, comments, elements, attributes,
 * text, the five entities and character references). It throws on anything not well formed, so a
 * test can show that JUnit output parses, and then query the tree.
 */
export interface XmlElement {
  name: string;
  attributes: Record<string, string>;
  children: XmlElement[];
  /** The element's own text, entities decoded. */
  text: string;
}

const NAME = /^[A-Za-z_:][-A-Za-z0-9_:.]*/;
const INVALID_CHAR = /[^\t\n\r\u0020-\ud7ff\ue000-\ufffd\u{10000}-\u{10ffff}]/u;
const ENTITIES: Readonly<Record<string, string>> = {
  amp: '&',
  lt: '<',
  gt: '>',
  quot: '"',
  apos: "'",
};

export function parseXml(xml: string): XmlElement {
  const bad = INVALID_CHAR.exec(xml);
  if (bad)
    throw new Error(`character U+${bad[0].codePointAt(0)?.toString(16)} is not allowed in XML`);
  let at = 0;
  const fail = (why: string): never => {
    throw new Error(`not well-formed XML at offset ${at}: ${why}`);
  };
  const skipMisc = () => {
    for (;;) {
      const rest = xml.slice(at);
      const space = /^\s+/.exec(rest);
      if (space) at += space[0].length;
      else if (rest.startsWith('<!--')) {
        const end = xml.indexOf('-->', at + 4);
        if (end < 0) fail('unterminated comment');
        at = end + 3;
      } else return;
    }
  };
  const name = (): string => {
    const match = NAME.exec(xml.slice(at));
    if (!match) return fail('expected a name');
    at += match[0].length;
    return match[0];
  };
  const decode = (raw: string): string => {
    if (raw.includes('<')) fail('raw "<" in character data');
    return raw.replace(/&([^;]*);?/g, (whole, ref: string) => {
      if (!whole.endsWith(';')) fail(`unterminated reference "${whole.slice(0, 10)}"`);
      if (ref in ENTITIES) return ENTITIES[ref] ?? '';
      const code = /^#x([0-9a-fA-F]+)$/.exec(ref)?.[1] ?? /^#([0-9]+)$/.exec(ref)?.[1];
      if (code === undefined) return fail(`unknown entity "&${ref};"`);
      const point = ref.startsWith('#x') ? Number.parseInt(code, 16) : Number(code);
      const char = String.fromCodePoint(point);
      if (INVALID_CHAR.test(char)) fail(`reference to a forbidden character &${ref};`);
      return char;
    });
  };
  const element = (): XmlElement => {
    if (xml[at] !== '<') fail('expected "<"');
    at++;
    const tag = name();
    const attributes: Record<string, string> = {};
    for (;;) {
      const space = /^\s*/.exec(xml.slice(at))?.[0] ?? '';
      at += space.length;
      if (xml.startsWith('/>', at)) {
        at += 2;
        return { name: tag, attributes, children: [], text: '' };
      }
      if (xml[at] === '>') {
        at++;
        break;
      }
      if (space === '') fail('expected whitespace before an attribute');
      const attribute = name();
      if (attribute in attributes) fail(`duplicate attribute ${attribute}`);
      const quoted = /^\s*=\s*(["'])/.exec(xml.slice(at));
      if (!quoted) return fail(`attribute ${attribute} needs ="value"`);
      at += quoted[0].length;
      const end = xml.indexOf(quoted[1] ?? '"', at);
      if (end < 0) fail(`unterminated value of ${attribute}`);
      attributes[attribute] = decode(xml.slice(at, end));
      at = end + 1;
    }
    const children: XmlElement[] = [];
    let text = '';
    for (;;) {
      const next = xml.indexOf('<', at);
      if (next < 0) fail(`element ${tag} is never closed`);
      text += decode(xml.slice(at, next));
      at = next;
      if (xml.startsWith('</', at)) {
        at += 2;
        const closing = name();
        if (closing !== tag) fail(`</${closing}> closes <${tag}>`);
        at += /^\s*/.exec(xml.slice(at))?.[0].length ?? 0;
        if (xml[at] !== '>') fail('expected ">"');
        at++;
        return { name: tag, attributes, children, text };
      }
      if (xml.startsWith('<!--', at)) {
        skipMisc();
        continue;
      }
      children.push(element());
    }
  };

  const declaration =
    /^<\?xml\s+version="1\.[0-9]"(\s+encoding="[A-Za-z][-A-Za-z0-9._]*")?\s*\?>/.exec(xml);
  if (declaration) at = declaration[0].length;
  skipMisc();
  const root = element();
  skipMisc();
  if (at !== xml.length) fail('content after the root element');
  return root;
}

/** Every element named `name` under (and including) `root`, in document order. */
export function findAll(root: XmlElement, name: string): XmlElement[] {
  return [
    ...(root.name === name ? [root] : []),
    ...root.children.flatMap((child) => findAll(child, name)),
  ];
}
