// What to tell the user about an error the sync provider reported: what happened and what to do.
import { ErrorCode, type WireError } from '../../shared/protocol.ts';

export interface Notice {
  id: number;
  kind: 'error' | 'info';
  text: string;
}

export function describeLayerError(e: WireError): string {
  switch (e.code) {
    case ErrorCode.invalidUpdate:
      return `The server refused one change (${e.message}). It was undone here; your other changes are kept and saved.`;
    case ErrorCode.readOnly:
      return 'This layer is read-only now (it was submitted). Your latest change was not saved; reopen the document to edit it again.';
    case ErrorCode.forbidden:
      return `You no longer have access to this layer: ${e.message}. Go back to the project to see what is assigned to you.`;
    case ErrorCode.tooLarge:
      return `A change was too large for the server (${e.message}).`;
    case ErrorCode.unavailable:
    case ErrorCode.internal:
      return `The server had a problem (${e.message}). Your changes are kept here and will be sent again.`;
    default:
      return `The server reported a problem: ${e.message}.`;
  }
}
