// The long-lived wiring of the article view: the TextRenderer fed by the layer's change
// notifications (only changed span ids re-render), the presence overlay, and the document-level
// listeners (selection changes, resizes) that keep both current.
import type { ReactiveController, ReactiveControllerHost } from 'lit';
import { spansOf } from '../../shared/layer-doc.ts';
import { LabelSheet } from '../text/label-sheet.ts';
import { PresenceOverlay } from '../text/presence-overlay.ts';
import { TextRenderer } from '../text/text-renderer.ts';
import type { LayerController } from './layer.controller.ts';

export interface SurfaceHooks {
  layer: () => LayerController;
  /** After chunks re-rendered; `lostFocus` when the focused element was replaced. */
  rendered: (lostFocus: boolean) => void;
  selectionChanged: () => void;
}

export class TextSurfaceController implements ReactiveController {
  renderer: TextRenderer | null = null;
  overlay: PresenceOverlay | null = null;
  /** performance.now() duration of the last full render, for the benchmark. */
  lastFullRenderMs = 0;
  private unsubscribe: (() => void) | null = null;
  private sheet: LabelSheet | null = null;
  private resize: ResizeObserver | null = null;

  constructor(
    host: ReactiveControllerHost,
    private readonly hooks: SurfaceHooks,
  ) {
    host.addController(this);
  }

  attach(root: HTMLElement, overlayEl: HTMLElement, frame: HTMLElement, text: string, labels: ReadonlyArray<{ name: string; color: string }>): void {
    this.detachView();
    this.sheet = new LabelSheet(labels);
    const renderer = new TextRenderer(root, text, this.sheet);
    renderer.onRender = (lostFocus) => {
      this.overlay?.paint();
      this.hooks.rendered(lostFocus);
    };
    this.renderer = renderer;
    this.overlay = new PresenceOverlay(overlayEl, frame, () => this.renderer);
    this.resize = new ResizeObserver(() => this.overlay?.paint());
    this.resize.observe(frame);
    this.renderAll();
  }

  renderAll(): void {
    const r = this.renderer;
    if (!r) return;
    const t = performance.now();
    r.renderAll(spansOf(this.hooks.layer().doc).entries());
    this.lastFullRenderMs = performance.now() - t;
  }

  hostConnected(): void {
    this.unsubscribe = this.hooks.layer().onChange((c) => {
      if (!this.renderer) return;
      if (c.spans === null) return this.renderAll();
      if (c.spans.size === 0) return;
      const spans = spansOf(this.hooks.layer().doc);
      this.renderer.update(c.spans, (id) => spans.get(id));
    });
    document.addEventListener('selectionchange', this.onSelection);
  }

  hostDisconnected(): void {
    this.unsubscribe?.();
    this.unsubscribe = null;
    document.removeEventListener('selectionchange', this.onSelection);
    this.detachView();
  }

  private detachView(): void {
    this.resize?.disconnect();
    this.resize = null;
    this.overlay?.destroy();
    this.overlay = null;
    this.sheet?.destroy();
    this.sheet = null;
    this.renderer?.destroy();
    this.renderer = null;
  }

  private readonly onSelection = () => this.hooks.selectionChanged();
}
