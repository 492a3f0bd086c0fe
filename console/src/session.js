// The API key lives in sessionStorage only: it is gone when the tab closes, never in a URL or localStorage.
const KEY = 'cantila.key';
const PROJECT = 'cantila.project';
const ROLE = 'cantila.role';

export const session = {
  key: () => sessionStorage.getItem(KEY),
  project: () => sessionStorage.getItem(PROJECT),
  operator: () => sessionStorage.getItem(ROLE) === 'operator',
  signIn(key, project, operator) {
    sessionStorage.setItem(KEY, key);
    sessionStorage.setItem(ROLE, operator ? 'operator' : 'project');
    if (project) sessionStorage.setItem(PROJECT, project);
  },
  useProject(project) {
    sessionStorage.setItem(PROJECT, project);
  },
  signOut() {
    sessionStorage.removeItem(KEY);
    sessionStorage.removeItem(PROJECT);
    sessionStorage.removeItem(ROLE);
  },
};
