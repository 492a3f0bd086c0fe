import { useEffect, useState } from 'preact/hooks';
import { api } from '../api.js';

/** The numbers a project holds (for pickers): [{e164, capabilities, …}]; reload() after buying or releasing. */
export function useHeldNumbers(project) {
  const [numbers, setNumbers] = useState([]);
  const reload = async () => {
    const all = [];
    let cursor = null;
    do {
      const page = await api.get('/v1/numbers', { projectId: project, limit: 200, cursor });
      all.push(...page.data);
      cursor = page.nextCursor;
    } while (cursor && all.length < 1000);
    setNumbers(all);
  };
  useEffect(() => { reload().catch(() => setNumbers([])); }, [project]);
  return { numbers, reload };
}

/** The project's scripts (for pickers). */
export function useScripts(project) {
  const [scripts, setScripts] = useState([]);
  const reload = async () => setScripts((await api.get('/v1/projects/' + project + '/scripts')).data);
  useEffect(() => { reload().catch(() => setScripts([])); }, [project]);
  return { scripts, reload };
}

export const FINAL_SMS = ['delivered', 'failed', 'undelivered', 'canceled', 'received', 'rejected'];
