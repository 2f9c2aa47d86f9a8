export { createCore, devicePlatform, type Core, type CoreContext, type CoreOptions, type DevicePlatform } from './core';
export { napiKeyring, probeKeyring, KEYCHAIN_SERVICE, type KeyringBackend, type KeyringEntry } from './keychain';
export { consoleLogger, silentLogger, type Logger } from './logger';
export { resourcesDir, projectRoot, defaultUserDataDir } from './paths';
