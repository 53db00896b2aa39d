// The one owner of live layers: loads a layer on first join, shares it between sockets, and
// unloads it a grace period after its last client left (compacting it on the way out), so memory
// follows active layers. Nothing else creates or drops a LiveLayer.
import type { LayerName } from '../../shared/ids.ts';
import type { LayerContext } from '../../shared/validation.ts';
import { LiveLayer, type LayerDeps } from './live-layer.ts';

export class LayerRegistry {
  private readonly live = new Map<string, LiveLayer>();
  private readonly loading = new Map<string, Promise<LiveLayer>>();
  private readonly unloading = new Map<string, Promise<void>>();

  constructor(
    private readonly deps: LayerDeps,
    private readonly unloadAfterMs: number,
  ) {}

  get(name: string): LiveLayer | undefined {
    return this.live.get(name);
  }

  /** Names of the layers in memory. */
  names(): string[] {
    return [...this.live.keys()];
  }

  async acquire(name: LayerName, ctx: LayerContext): Promise<LiveLayer> {
    for (;;) {
      const layer = this.live.get(name);
      if (layer) {
        if (layer.unloadTimer) clearTimeout(layer.unloadTimer);
        layer.unloadTimer = null;
        return layer;
      }
      const pending = this.loading.get(name) ?? this.unloading.get(name);
      if (!pending) break;
      await pending;
    }
    const load = this.deps.store.load(name).then((stored) => {
      const layer = new LiveLayer(name, stored.layerId, stored, ctx, this.deps);
      this.live.set(name, layer);
      return layer;
    });
    this.loading.set(name, load);
    try {
      return await load;
    } finally {
      this.loading.delete(name);
    }
  }

  /** Called when a socket left; starts the grace period once the layer is empty. */
  release(layer: LiveLayer): void {
    if (layer.members.size > 0 || layer.unloadTimer || this.live.get(layer.name) !== layer) return;
    layer.unloadTimer = setTimeout(() => void this.unload(layer), this.unloadAfterMs);
    layer.unloadTimer.unref();
  }

  /** Waits until its updates are committed, compacts, then drops the layer from memory. */
  private unload(layer: LiveLayer): Promise<void> {
    layer.unloadTimer = null;
    if (layer.members.size > 0) return Promise.resolve();
    this.live.delete(layer.name);
    const done = this.deps.commits
      .barrier()
      .then(() => layer.compact())
      .finally(() => {
        layer.destroy();
        this.unloading.delete(layer.name);
      });
    this.unloading.set(layer.name, done);
    return done;
  }

  /** Shutdown: unload every layer now (their pending updates are committed first). */
  async closeAll(): Promise<void> {
    for (const layer of [...this.live.values()]) {
      if (layer.unloadTimer) clearTimeout(layer.unloadTimer);
      layer.members.clear();
      void this.unload(layer);
    }
    await Promise.all([...this.loading.values(), ...this.unloading.values()].map((p) => p.catch(() => undefined)));
  }
}
