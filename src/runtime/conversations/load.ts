import { readdir, readFile, stat } from 'node:fs/promises';
import { join } from 'node:path';
import { z } from 'zod';
import { conversationFileSchema, conversationSchema } from './schema';
import type { Conversation } from './schema';

export class ConversationFileError extends Error {
  constructor(
    readonly file: string,
    detail: string,
  ) {
    super(`${file}: ${detail}`);
    this.name = 'ConversationFileError';
  }
}

export interface LoadedConversation extends Conversation {
  /** The file it came from, for reports. */
  readonly file: string;
}

/** Reads and checks conversation files: JSON files, or every *.json under a directory. */
export async function loadConversations(paths: readonly string[]): Promise<LoadedConversation[]> {
  const files: string[] = [];
  for (const path of paths) {
    if ((await stat(path)).isDirectory()) {
      const entries = await readdir(path, { recursive: true });
      files.push(
        ...entries
          .filter((e) => e.endsWith('.json'))
          .sort()
          .map((e) => join(path, e)),
      );
    } else {
      files.push(path);
    }
  }
  const loaded: LoadedConversation[] = [];
  for (const file of files) {
    let data: unknown;
    try {
      data = JSON.parse(await readFile(file, 'utf8'));
    } catch (error) {
      throw new ConversationFileError(file, `not valid JSON: ${(error as Error).message}`);
    }
    // Checked against the shape the file has, so that problems name the field at fault.
    const schema = Array.isArray(data)
      ? z.array(conversationSchema)
      : typeof data === 'object' && data !== null && 'conversations' in data
        ? conversationFileSchema
        : conversationSchema;
    const parsed = schema.safeParse(data);
    if (!parsed.success) {
      const issues = parsed.error.issues
        .map((i) => `${i.path.join('.') || '(file)'}: ${i.message}`)
        .join('; ');
      throw new ConversationFileError(file, issues);
    }
    const value = parsed.data as z.infer<typeof conversationFileSchema>;
    const list = Array.isArray(value)
      ? value
      : 'conversations' in value
        ? value.conversations
        : [value];
    loaded.push(...list.map((c) => ({ ...c, file })));
  }
  return loaded;
}
