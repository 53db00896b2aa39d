// Browser tests and the browser benchmark reach a few internals (the socket, the layer) through
// `window.__tagteam`, which exists only when the page was opened with `?tt-test` (remembered for
// the tab). Production pages expose nothing.
const FLAG = 'tt-test';

function enabled(): boolean {
  try {
    if (new URLSearchParams(location.search).has(FLAG)) sessionStorage.setItem(FLAG, '1');
    return sessionStorage.getItem(FLAG) === '1';
  } catch {
    return false; // storage blocked: no hooks
  }
}

const on = enabled();

export function exposeForTests(name: string, value: unknown): void {
  if (!on) return;
  const w = window as unknown as { __tagteam?: Record<string, unknown> };
  w.__tagteam ??= {};
  w.__tagteam[name] = value;
}
