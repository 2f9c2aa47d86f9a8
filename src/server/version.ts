import pkg from '../../package.json';

/** The app version doubles as the server version: client and server ship together. */
export const SERVER_VERSION: string = (pkg as { version: string }).version;
export const API_VERSION = 1 as const;
