// Listens to key presses on the whole window while its host is on screen, so shortcuts work
// wherever focus is (the handler decides what to ignore, e.g. typing in a text field).
import type { ReactiveController, ReactiveControllerHost } from 'lit';

export class KeysController implements ReactiveController {
  constructor(
    host: ReactiveControllerHost,
    private readonly handler: (e: KeyboardEvent) => void,
  ) {
    host.addController(this);
  }

  hostConnected(): void {
    window.addEventListener('keydown', this.onKey);
  }

  hostDisconnected(): void {
    window.removeEventListener('keydown', this.onKey);
  }

  private readonly onKey = (e: KeyboardEvent) => this.handler(e);
}
