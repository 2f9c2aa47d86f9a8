/** Sellerdesk's store-data model (issue 3), mirrored by the local cache (issue 4). */
export * from './common';
export * from './store';
export * from './catalog';
export * from './orders';
export * from './marketing';
export * from './service';
export * from './finance';
