import { feature } from './index';

export default feature({ en: {}, ru: {}, zhCN: {} });
