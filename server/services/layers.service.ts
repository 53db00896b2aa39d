// Submitting and reopening layers: freeze a layer's current content as a finished set (after
// everything it accepted is durable), and make the change visible to connected clients at once.
import type { Store } from '../../db/store.ts';
import { readLayer } from '../../shared/layer-doc.ts';
import type { LayerContent } from '../../shared/domain.ts';
import type { LayerRef } from '../../shared/layer-name.ts';
import type { CommitQueue } from '../hub/commit-queue.ts';
import type { LayerRegistry } from '../hub/layer.registry.ts';
import type { Reauthorize } from '../hub/reauthorize.ts';
import type { SetRow } from '../../db/set.store.ts';

export class LayerService {
  constructor(
    private readonly store: Store,
    private readonly registry: LayerRegistry,
    private readonly commits: CommitQueue,
    private readonly reauthorize: Reauthorize,
  ) {}

  /** The layer's content now: from memory when it is live, else from disk. */
  async content(name: string): Promise<LayerContent> {
    const live = this.registry.get(name);
    if (live) {
      await this.commits.barrier();
      return readLayer(live.doc);
    }
    const doc = await this.store.layers.readDoc(name);
    return doc ? readLayer(doc) : { spans: new Map(), relations: new Map(), docLabels: {} };
  }

  async submit(layer: LayerRef, by: string): Promise<SetRow> {
    // Freeze first: no update may land between reading the content and storing the set, neither
    // from a connection in the layer now nor from one joining meanwhile.
    const thaw = this.reauthorize.freeze(layer.name);
    for (const m of this.registry.get(layer.name)?.members.values() ?? []) m.writable = false;
    try {
      const content = await this.content(layer.name);
      const owner = layer.kind === 'user' ? layer.userId : layer.kind;
      return await this.store.sets.submit(layer.documentId, layer.name, owner, by, content);
    } finally {
      thaw();
      await this.reauthorize((n) => n.startsWith(`${layer.documentId}/`));
    }
  }

  async reopen(layer: LayerRef, by: string): Promise<SetRow> {
    const set = await this.store.sets.reopen(layer.name, by);
    await this.reauthorize((n) => n.startsWith(`${layer.documentId}/`));
    return set;
  }

  /** Usernames connected to each document's layers right now. */
  activeUsers(documentId: string, usernameOf: (socketId: string) => string | undefined): string[] {
    const names = new Set<string>();
    for (const n of this.registry.names()) {
      if (!n.startsWith(`${documentId}/`)) continue;
      for (const id of this.registry.get(n)?.members.keys() ?? []) {
        const u = usernameOf(id);
        if (u) names.add(u);
      }
    }
    return [...names].sort();
  }
}
