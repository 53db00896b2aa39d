// One pino logger per app, created in createApp and passed down.
import pino from 'pino';

export type Logger = pino.Logger;
export const createLogger = (level: string): Logger => pino({ level, base: undefined });
