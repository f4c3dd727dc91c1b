/**
 * Parses RFC 4180 CSV from a decoded text stream: quoted fields may hold separators, quotes
 * (doubled) and line breaks. Yields one array of fields per record; blank lines are skipped.
 */
export async function* readCsvRows(chunks: AsyncIterable<string>, separator = ","): AsyncGenerator<string[]> {
  const sep = separator.charCodeAt(0);
  let row: string[] = [];
  let field = "";
  let inQuotes = false;
  let quotePending = false; // saw a quote inside a quoted field: end of field or an escaped quote
  let rowHasData = false;
  for await (const chunk of chunks) {
    for (let i = 0; i < chunk.length; i++) {
      const c = chunk.charCodeAt(i);
      if (inQuotes) {
        if (quotePending) {
          quotePending = false;
          if (c === 34) {
            field += '"';
            continue;
          }
          inQuotes = false;
          // fall through: the character after a closing quote is handled below.
        } else if (c === 34) {
          quotePending = true;
          continue;
        } else {
          field += chunk[i];
          continue;
        }
      }
      if (c === 34 && field.length === 0) {
        inQuotes = true;
        rowHasData = true;
      } else if (c === sep) {
        row.push(field);
        field = "";
        rowHasData = true;
      } else if (c === 10) {
        if (rowHasData || field.length > 0) {
          row.push(field);
          yield row;
        }
        row = [];
        field = "";
        rowHasData = false;
      } else if (c !== 13) {
        field += chunk[i];
        rowHasData = true;
      }
    }
  }
  if (quotePending) inQuotes = false;
  if (inQuotes) throw new Error("the CSV ends inside a quoted field (truncated?)");
  if (rowHasData || field.length > 0) {
    row.push(field);
    yield row;
  }
}
