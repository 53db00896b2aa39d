// <tt-presence>: coloured avatars of who is in this layer now (me first), one per person even when
// someone has two tabs open.
import { html, type TemplateResult } from 'lit';
import { styleMap } from 'lit/directives/style-map.js';
import { LightElement } from '../app/light-element.ts';
import { initial } from '../app/format.ts';
import type { Peer, PresenceUser } from './presence.controller.ts';

export class TtPresence extends LightElement {
  static override properties = { me: { attribute: false }, peers: { attribute: false } };
  declare me: PresenceUser;
  declare peers: Peer[];

  override render(): TemplateResult {
    const people = new Map<string, PresenceUser>([[this.me.id, this.me]]);
    for (const p of this.peers) if (!people.has(p.user.id)) people.set(p.user.id, p.user);
    const list = [...people.values()];
    return html`<ul class="presence" aria-label="${list.length === 1 ? 'Only you are here' : `${list.length} people here`}">
      ${list.map((u) => html`<li class="avatar" style=${styleMap({ '--avatar': u.color })} title=${u.id === this.me.id ? `${u.name} (you)` : u.name}
        aria-label=${u.id === this.me.id ? `${u.name} (you)` : u.name} data-user=${u.id}>${initial(u.name)}</li>`)}
    </ul>`;
  }
}

customElements.define('tt-presence', TtPresence);
