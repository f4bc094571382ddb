/**
 * Reads an audit spec (YAML or JSON; JSON is parsed as YAML 1.2, so both report line and column) into a
 * plain object, keeping a locator from field paths back to line and column for error messages.
 */
import { readFile } from 'node:fs/promises';
import { isNode, LineCounter, parseDocument, type Document } from 'yaml';
import { specEmpty, specNotMapping, specSyntax, specUnreadable } from '../core/errors.ts';

/** A parsed spec document, before validation. */
export interface LoadedSpec {
  /** The file as given (for messages and the report). */
  readonly file: string;
  /** The parsed document: a plain mapping. */
  readonly raw: Record<string, unknown>;
  /** Line and column (1-based) of the field at `path`, when the source has it. */
  locate(path: readonly (string | number)[]): { line: number; column: number } | undefined;
}

/** Parses spec `text` read from `file`; throws specSyntax, specEmpty or specNotMapping (exit 2) for syntax errors, empty files and non-mappings. */
export function parseSpec(text: string, file: string): LoadedSpec {
  const lines = new LineCounter();
  const doc: Document = parseDocument(text, { lineCounter: lines, prettyErrors: false, uniqueKeys: true });
  const firstError = doc.errors[0];
  if (firstError) {
    const pos = lines.linePos(firstError.pos[0]);
    const what = firstError.message.split('\n')[0]!.replace(/ at line \d+, column \d+:?$/, '');
    throw specSyntax({ file, line: pos.line, column: pos.col }, `the spec is not valid YAML or JSON: ${what}.`, 'Fix the syntax at that line and column.');
  }
  let raw: unknown;
  try {
    raw = doc.toJS({ maxAliasCount: 100 });
  } catch (e) {
    // Unresolved aliases and alias bombs surface only when converting.
    throw specSyntax({ file }, `the spec cannot be read: ${(e as Error).message}.`, 'Define each anchor (&name) before its alias (*name) and avoid deeply nested aliases.');
  }
  if (raw === null || raw === undefined) {
    throw specEmpty(file);
  }
  if (typeof raw !== 'object' || Array.isArray(raw)) {
    const got = Array.isArray(raw) ? 'a list' : `a ${typeof raw} (${JSON.stringify(raw)?.slice(0, 40)})`;
    throw specNotMapping(file, got);
  }
  return {
    file,
    raw: raw as Record<string, unknown>,
    locate(path) {
      const node = path.length === 0 ? doc.contents : doc.getIn(path, true);
      if (!isNode(node) || !node.range) return undefined;
      const pos = lines.linePos(node.range[0]);
      return { line: pos.line, column: pos.col };
    },
  };
}

/** Reads and parses the spec at `file`; a missing or unreadable file is specUnreadable (exit 2). */
export async function loadSpecFile(file: string): Promise<LoadedSpec> {
  let text: string;
  try {
    text = await readFile(file, 'utf8');
  } catch (e) {
    const why = (e as NodeJS.ErrnoException).code === 'ENOENT' ? 'no such file' : (e as Error).message;
    throw specUnreadable(file, why);
  }
  return parseSpec(text, file);
}
