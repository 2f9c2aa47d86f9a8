import type { FeatureMessages } from './index';
import offline from './offline.messages';
import service from './service.messages';
import marketing from './marketing.messages';
import returns from './returns.messages';
import analytics from './analytics.messages';
import actions from './actions.messages';
import dashboard from './dashboard.messages';
import settings from './settings.messages';
import stores from './stores.messages';
import sync from './sync.messages';
import catalog from './catalog.messages';
import orders from './orders.messages';

export const FEATURES: FeatureMessages<object>[] = [offline, service, marketing, returns, analytics, actions, dashboard, settings, stores, sync, catalog, orders];
