// The client's routes: one parser for the paths the History API router knows.
export type Route =
  | { name: 'projects' }
  | { name: 'project'; projectId: string }
  | { name: 'document'; documentId: string; layer: string | null }
  | { name: 'project-page'; projectId: string; page: 'review' | 'agreement' | 'export' }
  | { name: 'document-review'; documentId: string }
  | { name: 'not-found'; path: string };

const ID = '([A-Za-z0-9_-]{1,64})';
const PROJECT = new RegExp(`^/projects/${ID}/?$`);
const DOCUMENT = new RegExp(`^/documents/${ID}/?$`);
const PROJECT_PAGE = new RegExp(`^/projects/${ID}/(review|agreement|export)/?$`);
const DOCUMENT_REVIEW = new RegExp(`^/documents/${ID}/review/?$`);

export function parseRoute(path: string, search = ''): Route {
  if (path === '/' || path === '') return { name: 'projects' };
  const p = PROJECT.exec(path);
  if (p) return { name: 'project', projectId: p[1]! };
  const d = DOCUMENT.exec(path);
  if (d) return { name: 'document', documentId: d[1]!, layer: new URLSearchParams(search).get('layer') };
  const pp = PROJECT_PAGE.exec(path);
  if (pp) return { name: 'project-page', projectId: pp[1]!, page: pp[2] as 'review' | 'agreement' | 'export' };
  const dr = DOCUMENT_REVIEW.exec(path);
  if (dr) return { name: 'document-review', documentId: dr[1]! };
  return { name: 'not-found', path };
}

export const projectPath = (pid: string) => `/projects/${encodeURIComponent(pid)}`;
export const documentPath = (did: string, layer?: string | null) =>
  `/documents/${encodeURIComponent(did)}${layer ? `?layer=${encodeURIComponent(layer)}` : ''}`;
export const reviewPath = (did: string) => `/documents/${encodeURIComponent(did)}/review`;
