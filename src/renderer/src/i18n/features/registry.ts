import type { FeatureMessages } from './index';
import offline from './offline.messages';
import service from './service.messages';
import marketing from './marketing.messages';
import returns from './returns.messages';
import analytics from './analytics.messages';
import actions from './actions.messages';

export const FEATURES: FeatureMessages<object>[] = [offline, service, marketing, returns, analytics, actions];
