import { useEffect, useRef } from 'preact/hooks';
import { EditorView, basicSetup } from 'codemirror';
import { javascript, javascriptLanguage } from '@codemirror/lang-javascript';
import dts from '../../samples/cantila.d.ts?raw';
import { handlerCompletions, membersFromTypes } from './completions.js';

const members = membersFromTypes(dts);

/**
 * The handler editor: CodeMirror 6 with JavaScript highlighting and completion of the handler API from
 * cantila.d.ts. `api.current` gets {setText, goto(line, column)} so the page can load a version or jump to an
 * error's line.
 */
export function Editor({ value, onChange, api, label }) {
  const host = useRef(null);
  const view = useRef(null);
  useEffect(() => {
    view.current = new EditorView({
      doc: value,
      parent: host.current,
      extensions: [
        basicSetup,
        javascript(),
        javascriptLanguage.data.of({ autocomplete: handlerCompletions(members) }),
        EditorView.contentAttributes.of({ 'aria-label': label || 'Handler source' }),
        EditorView.updateListener.of((u) => { if (u.docChanged) onChange(u.state.doc.toString()); }),
      ],
    });
    api.current = {
      setText(text) {
        const v = view.current;
        v.dispatch({ changes: { from: 0, to: v.state.doc.length, insert: text } });
      },
      goto(line, column) {
        const v = view.current;
        const l = v.state.doc.line(Math.max(1, Math.min(line, v.state.doc.lines)));
        const pos = Math.min(l.from + Math.max(0, (column || 1) - 1), l.to);
        v.dispatch({ selection: { anchor: pos, head: l.to }, scrollIntoView: true });
        v.focus();
      },
      currentLine() {
        const v = view.current;
        return v.state.doc.lineAt(v.state.selection.main.head).number;
      },
    };
    return () => view.current.destroy();
  }, []);
  return <div class="editor" ref={host} />;
}
