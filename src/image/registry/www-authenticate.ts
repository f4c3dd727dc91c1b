/** One authentication challenge (RFC 9110 section 11.6.1): a scheme and its parameters. */
export interface AuthChallenge {
  /** Lower-cased: `bearer`, `basic`. */
  scheme: string;
  /** Parameter names lower-cased: `realm`, `service`, `scope`, `error`. */
  params: Record<string, string>;
}

const tokenChar = /[!#$%&'*+\-.^_`|~0-9A-Za-z]/;

/**
 * Parses `WWW-Authenticate` header values into challenges
 * (`Bearer realm="https://auth.example/token",service="registry",scope="repository:a:pull"`).
 * Several challenges in one value and several header lines are both handled; malformed
 * parts are skipped, never thrown on (the header comes from the network).
 */
export function parseWwwAuthenticate(values: string | string[] | undefined): AuthChallenge[] {
  if (values === undefined) return [];
  const out: AuthChallenge[] = [];
  for (const value of Array.isArray(values) ? values : [values]) out.push(...parseOne(value));
  return out;
}

function parseOne(text: string): AuthChallenge[] {
  const challenges: AuthChallenge[] = [];
  let i = 0;
  const skipSpace = () => {
    while (i < text.length && (text[i] === " " || text[i] === "\t")) i++;
  };
  const readToken = (): string => {
    const start = i;
    while (i < text.length && tokenChar.test(text[i] as string)) i++;
    return text.slice(start, i);
  };
  // Unquoted values should be tokens; some servers send URLs bare, so read up to the next comma.
  const readBare = (): string => {
    const start = i;
    while (i < text.length && text[i] !== "," && text[i] !== " " && text[i] !== "\t") i++;
    return text.slice(start, i);
  };
  const readQuoted = (): string => {
    i++; // opening quote
    let value = "";
    while (i < text.length && text[i] !== '"') {
      if (text[i] === "\\" && i + 1 < text.length) i++;
      value += text[i];
      i++;
    }
    i++; // closing quote
    return value;
  };
  let current: AuthChallenge | undefined;
  while (i < text.length) {
    skipSpace();
    if (text[i] === ",") {
      i++;
      continue;
    }
    const name = readToken();
    if (name === "") {
      i++; // stray character: skip it
      continue;
    }
    skipSpace();
    if (text[i] === "=") {
      i++;
      skipSpace();
      const value = text[i] === '"' ? readQuoted() : readBare();
      // A parameter before any scheme belongs to no challenge: dropped.
      if (current !== undefined) current.params[name.toLowerCase()] = value;
      continue;
    }
    current = { scheme: name.toLowerCase(), params: {} };
    challenges.push(current);
  }
  return challenges;
}
