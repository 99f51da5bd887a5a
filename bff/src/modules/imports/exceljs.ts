import Module from 'node:module';
import { StringDecoder } from 'node:string_decoder';
import { SaxesParser } from 'saxes';

/**
 * exceljs, with its streaming XML reader fixed for multi-byte text. Its `parse-sax` decodes
 * every zip chunk on its own, so a Chinese character split between two chunks becomes two
 * U+FFFD (exceljs issues #2063, #2084; the fixing pull requests are not merged): in a
 * 20,000-row file about one name in a thousand was garbled and refused. This replacement
 * keeps a UTF-8 decoder across chunks, as the upstream fix does. It must be installed before
 * exceljs loads the module, so every part of the bff imports ExcelJS from here.
 */
type SaxEvent = { eventType: 'opentag' | 'text' | 'closetag'; value: unknown };

async function* parseSax(iterable: AsyncIterable<Buffer | string>): AsyncGenerator<SaxEvent[]> {
  const parser = new SaxesParser();
  const decoder = new StringDecoder('utf8');
  let error: Error | undefined;
  let events: SaxEvent[] = [];
  parser.on('error', (err: Error) => (error = err));
  parser.on('opentag', (value: unknown) => events.push({ eventType: 'opentag', value }));
  parser.on('text', (value: unknown) => events.push({ eventType: 'text', value }));
  parser.on('closetag', (value: unknown) => events.push({ eventType: 'closetag', value }));
  for await (const chunk of iterable) {
    parser.write(typeof chunk === 'string' ? chunk : decoder.write(chunk));
    if (error) throw error;
    yield events;
    events = [];
  }
  const rest = decoder.end();
  if (rest) {
    parser.write(rest);
    if (error) throw error;
    yield events;
  }
}

const path = require.resolve('exceljs/lib/utils/parse-sax');
if (require.cache[path]?.exports !== parseSax) {
  const mod = new Module(path);
  mod.filename = path;
  mod.loaded = true;
  mod.exports = parseSax;
  require.cache[path] = mod;
}

// eslint-disable-next-line @typescript-eslint/no-require-imports
const ExcelJS = require('exceljs') as typeof import('exceljs');
export default ExcelJS;
