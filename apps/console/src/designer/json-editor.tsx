import type { CompletionSource } from '@codemirror/autocomplete';
import { jsonLanguage } from '@codemirror/lang-json';
import { EditorState } from '@codemirror/state';
import { EditorView } from '@codemirror/view';
import { basicSetup } from 'codemirror';
import { jsonSchema } from 'codemirror-json-schema';
import { useEffect, useRef } from 'react';

export interface JsonEditorProps {
  value: string;
  onChange: (text: string) => void;
  /** The flow language's JSON Schema: completion, hover help and schema lint. */
  schema?: Record<string, unknown>;
  /** Completion of values beside the schema's (node types, components, node ids). */
  completions?: CompletionSource;
}

/**
 * CodeMirror 6 on a JSON text, with completion and lint from a JSON Schema (codemirror-json-schema). Edits made
 * elsewhere (the canvas) replace the text when `value` differs from what the editor holds.
 */
export function JsonEditor({ value, onChange, schema, completions }: JsonEditorProps) {
  const host = useRef<HTMLDivElement>(null);
  const view = useRef<EditorView>();
  const changed = useRef(onChange);
  changed.current = onChange;

  useEffect(() => {
    const editor = new EditorView({
      parent: host.current!,
      state: EditorState.create({
        doc: value,
        extensions: [
          basicSetup,
          jsonSchema(schema as never),
          ...(completions ? [jsonLanguage.data.of({ autocomplete: completions })] : []),
          EditorView.updateListener.of((update) => {
            if (update.docChanged) changed.current(update.state.doc.toString());
          }),
        ],
      }),
    });
    view.current = editor;
    return () => editor.destroy();
    // The editor is made once per schema; `value` changes reach it through the effect below.
  }, [schema, completions]);

  useEffect(() => {
    const editor = view.current;
    if (!editor) return;
    const current = editor.state.doc.toString();
    if (current !== value) editor.dispatch({ changes: { from: 0, to: current.length, insert: value } });
  }, [value]);

  return <div className="json-editor" ref={host} data-testid="json-editor" data-schema={schema ? 'loaded' : 'none'} />;
}
